;;; eglotDiagnostics.el --- Emacs + eglot (Debian elpa-eglot) as a push-only LSP client of vpc-lint  -*- lexical-binding: t -*-
;;
;; Run by test/clients/emacs.test.ts:  emacs -Q --batch -l eglotDiagnostics.el
;; Environment: VPC_LINT_SERVER_CMD (JSON array: the server command), VPC_LINT_FILE (a template),
;; VPC_LINT_OUT (where the JSON report goes). Waits for the server's diagnostics to reach Flymake,
;; writes them, shuts the server down and exits 0; exits 1 with an `error' in the report otherwise.

(require 'package)
;; -Q skips the site's package setup; Debian's elpa-* packages live here.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)
(require 'json)

(define-derived-mode vpc-lint-template-mode prog-mode "vpc-lint-template"
  "A stand-in major mode for CloudFormation templates (Emacs 28 has no YAML mode).")

(defvar vpc-lint-report nil "The alist written to VPC_LINT_OUT.")
(defconst vpc-lint-deadline 60 "Seconds to wait for diagnostics before giving up.")

(defun vpc-lint-write-report ()
  (with-temp-file (getenv "VPC_LINT_OUT")
    (insert (json-encode vpc-lint-report))))

(defun vpc-lint-fail (message)
  (push (cons 'error message) vpc-lint-report)
  (vpc-lint-write-report)
  (kill-emacs 1))

(defun vpc-lint-diagnostic-alist (diagnostic)
  (let ((beg (flymake-diagnostic-beg diagnostic)))
    `((line . ,(1- (line-number-at-pos beg)))
      (column . ,(save-excursion (goto-char beg) (current-column)))
      (type . ,(symbol-name (flymake-diagnostic-type diagnostic)))
      (text . ,(flymake-diagnostic-text diagnostic)))))

(condition-case err
    (let* ((command (append (json-parse-string (getenv "VPC_LINT_SERVER_CMD") :array-type 'list) nil))
           ;; eglot 1.9 wants the major modes as a list.
           (eglot-server-programs `(((vpc-lint-template-mode) . ,command)))
           (eglot-sync-connect t)
           (eglot-autoshutdown nil)
           (buffer (find-file-noselect (getenv "VPC_LINT_FILE"))))
      (with-current-buffer buffer
        (vpc-lint-template-mode)
        (apply #'eglot (eglot--guess-contact))
        (unless (eglot-current-server) (vpc-lint-fail "eglot did not connect"))
        (flymake-start)
        ;; Wait for state: diagnostics in Flymake, processing the server's output meanwhile.
        (let ((deadline (+ (float-time) vpc-lint-deadline)))
          (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
            (accept-process-output nil 0.2)))
        (let ((server (eglot-current-server)))
          (push (cons 'diagnostics (vconcat (mapcar #'vpc-lint-diagnostic-alist (flymake-diagnostics)))) vpc-lint-report)
          (push (cons 'pull_provider (if (eglot--server-capable :diagnosticProvider) t :json-false)) vpc-lint-report)
          (eglot-shutdown server)
          (push (cons 'exit_status (process-exit-status (jsonrpc--process server))) vpc-lint-report))))
  (error (vpc-lint-fail (error-message-string err))))

(vpc-lint-write-report)
(kill-emacs 0)
