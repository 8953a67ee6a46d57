-- Applies vpc-lint's preferred quick fix from headless Neovim (0.7+), the way Neovim's own
-- vim.lsp.buf.code_action() does: textDocument/codeAction for the error diagnostic, then
-- codeAction/resolve when the action came without its edit (Neovim 0.7 announces
-- resolveSupport for `edit`), then vim.lsp.util.apply_workspace_edit.
-- Run by neovimFix.test.ts:  nvim --headless --clean -u NONE -S neovimFix.lua
-- Input (environment): VPC_LINT_SERVER_CMD (JSON array), VPC_LINT_SERVER_CWD, VPC_LINT_FILE,
-- VPC_LINT_TITLE (the chosen action's title starts with it).
-- Output: VPC_LINT_OUT gets a JSON object; the exit code is 0 only when every step worked.

local out = os.getenv('VPC_LINT_OUT')
local RULE = 'internet-reachable-compute'

local function finish(code, payload)
  local file = assert(io.open(out, 'w'))
  file:write(vim.fn.json_encode(payload))
  file:close()
  vim.cmd('cquit ' .. code)
end

local function lsp_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(list, { code = d.code or lsp.code, severity = d.severity, lnum = d.lnum, message = d.message })
  end
  return list
end

local function find_error(bufnr)
  for _, d in ipairs(lsp_diagnostics(bufnr)) do
    if d.code == RULE and d.severity == vim.diagnostic.severity.ERROR then
      return d
    end
  end
  return nil
end

local function run()
  local cmd = vim.fn.json_decode(os.getenv('VPC_LINT_SERVER_CMD'))
  local cwd = os.getenv('VPC_LINT_SERVER_CWD')
  local wanted = os.getenv('VPC_LINT_TITLE')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('VPC_LINT_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'yaml'

  local exited = nil
  local log = {}
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
        table.insert(log, params.message)
      end,
    },
  })
  if not client_id then
    return finish(4, { error = 'vim.lsp.start_client returned nil' })
  end
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  -- What this Neovim announces (with no capabilities in the config, it sends these defaults).
  local caps = client.config.capabilities or vim.lsp.protocol.make_client_capabilities()
  local announced = {
    resolve_support = ((caps.textDocument or {}).codeAction or {}).resolveSupport or vim.NIL,
    document_changes = ((caps.workspace or {}).workspaceEdit or {}).documentChanges or false,
  }

  if not vim.wait(30000, function() return find_error(bufnr) ~= nil or exited ~= nil end, 20) or exited then
    return finish(1, { error = 'no internet-reachable-compute error arrived', log = log, exit = exited or vim.NIL })
  end
  local error_line = find_error(bufnr).lnum

  -- textDocument/codeAction for that diagnostic, in LSP form as vim.lsp.buf.code_action() sends
  -- it (get_line_diagnostics rebuilds range, source and message; user_data keeps code and data).
  local lsp_diagnostic = nil
  for _, d in ipairs(vim.lsp.diagnostic.get_line_diagnostics(bufnr, error_line, {}, client_id)) do
    if d.code == RULE then
      lsp_diagnostic = d
    end
  end
  if not lsp_diagnostic then
    return finish(1, { error = 'get_line_diagnostics has no ' .. RULE .. ' on line ' .. error_line, log = log })
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = lsp_diagnostic.range,
    context = { diagnostics = { lsp_diagnostic } },
  }
  local response, request_err = client.request_sync('textDocument/codeAction', params, 20000, bufnr)
  if not response or response.err then
    return finish(1, { error = 'textDocument/codeAction failed: ' .. vim.inspect(request_err or (response or {}).err), log = log })
  end
  local titles = {}
  local action = nil
  for _, a in ipairs(response.result or {}) do
    table.insert(titles, a.title)
    if not action and a.title:sub(1, #wanted) == wanted then
      action = a
    end
  end
  if not action then
    return finish(1, { error = 'no action titled "' .. wanted .. '"', titles = titles, log = log })
  end

  -- As vim.lsp.buf.code_action() does: resolve an action that came without its edit.
  local came_with_edit = action.edit ~= nil
  if not came_with_edit then
    local provider = client.resolved_capabilities.code_action
    if type(provider) ~= 'table' or not provider.resolveProvider then
      return finish(1, { error = 'the action has no edit and the server cannot resolve it', titles = titles })
    end
    local resolved, resolve_err = client.request_sync('codeAction/resolve', action, 20000, bufnr)
    if not resolved or resolved.err or not resolved.result or not resolved.result.edit then
      return finish(1, { error = 'codeAction/resolve failed: ' .. vim.inspect(resolve_err or resolved), titles = titles })
    end
    action = resolved.result
  end
  local edit_shape = action.edit.documentChanges and 'documentChanges' or 'changes'
  local edit_version = action.edit.documentChanges and action.edit.documentChanges[1].textDocument.version or vim.NIL
  local buffer_version = vim.lsp.util.buf_versions[bufnr]
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')

  -- The edit reaches the server as didChange; wait for the new diagnostics.
  local cleared = vim.wait(30000, function()
    return find_error(bufnr) == nil or exited ~= nil
  end, 20)

  local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  local remaining = {}
  for _, d in ipairs(lsp_diagnostics(bufnr)) do
    table.insert(remaining, { code = d.code, severity = d.severity, lnum = d.lnum, message = d.message })
  end

  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return exited ~= nil end, 20)

  finish((cleared and exited and exited.code == 0) and 0 or 1, {
    announced = announced,
    titles = titles,
    title = action.title,
    came_with_edit = came_with_edit,
    edit_shape = edit_shape,
    edit_version = edit_version,
    buffer_version = buffer_version,
    text = text,
    diagnostics = remaining,
    exit = exited or vim.NIL,
    log = log,
  })
end

local ok, err = pcall(run)
if not ok then
  finish(3, { error = tostring(err) })
end
