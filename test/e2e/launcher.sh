#!/bin/sh
# The "VS Code executable" handed to @vscode/test-electron's runTests: runs launcher.ts with tsx.
# It changes into the repository so that `--import tsx` resolves; launcher.ts resolves relative
# arguments against the caller's folder, passed in VPC_LINT_LAUNCHER_CWD.
VPC_LINT_LAUNCHER_CWD="${VPC_LINT_LAUNCHER_CWD:-$PWD}"
export VPC_LINT_LAUNCHER_CWD
cd "$(dirname "$0")/../.." || exit 2
exec "${VPC_LINT_NODE:-node}" --import tsx test/e2e/launcher.ts "$@"
