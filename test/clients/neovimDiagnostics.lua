-- Drives the vpc-lint language server from headless Neovim (0.7+), a push-diagnostics client.
-- Run by neovim.test.ts:  nvim --headless --clean -u NONE -S neovimDiagnostics.lua
-- Input (environment): VPC_LINT_SERVER_CMD (JSON array), VPC_LINT_SERVER_CWD, VPC_LINT_FILE.
-- Output: VPC_LINT_OUT gets a JSON object; the exit code is 0 only when diagnostics arrived and
-- the server shut down cleanly.

local out = os.getenv('VPC_LINT_OUT')

local function finish(code, payload)
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(payload))
  file:close()
  vim.cmd('cquit ' .. code)
end

local function run()
  local cmd = vim.fn.json_decode(os.getenv('VPC_LINT_SERVER_CMD'))
  local cwd = os.getenv('VPC_LINT_SERVER_CWD')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('VPC_LINT_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  -- With -u NONE there is no filetype detection; the language id comes from 'filetype'.
  vim.bo[bufnr].filetype = 'yaml'

  local stderr = {}
  local exited = nil
  local client_id = vim.lsp.start_client({
    name = 'vpc-lint',
    cmd = cmd,
    cmd_cwd = cwd,
    root_dir = cwd,
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
    handlers = {
      ['window/logMessage'] = function(_, params)
        table.insert(stderr, params.message)
      end,
    },
  })
  if not client_id then
    return finish(4, { error = 'vim.lsp.start_client returned nil' })
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local arrived = vim.wait(30000, function()
    return #vim.diagnostic.get(bufnr) > 0 or exited ~= nil
  end, 20)

  local client = vim.lsp.get_client_by_id(client_id)
  local capabilities = client and client.server_capabilities or {}
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(diagnostics, {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      source = d.source,
      message = d.message,
      code = d.code or lsp.code,
      href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
      related = #(lsp.relatedInformation or {}),
    })
  end

  vim.lsp.stop_client(client_id)
  vim.wait(10000, function()
    return exited ~= nil
  end, 20)

  finish((arrived and exited and exited.code == 0) and 0 or 1, {
    diagnostics = diagnostics,
    pull_provider = capabilities.diagnosticProvider ~= nil,
    exit = exited or vim.NIL,
    log = stderr,
  })
end

local ok, err = pcall(run)
if not ok then
  finish(3, { error = tostring(err) })
end
