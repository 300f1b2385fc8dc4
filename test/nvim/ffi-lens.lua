-- Drives Neovim's built-in LSP client against `ffi-lens lsp --stdio` on one C
-- file: waits for diagnostics, asks a hover on a struct name, writes what it got
-- as JSON to $FFI_LENS_OUT and quits. Written for Neovim 0.7 (Debian 12) and later:
-- vim.lsp.start_client + buf_attach_client, the same calls the README shows.
local server = os.getenv('FFI_LENS_SERVER')
local out = os.getenv('FFI_LENS_OUT')
local file = os.getenv('FFI_LENS_FILE')

local function finish(result)
  local f = assert(io.open(out, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'ffi-lens',
  cmd = { 'node', server, 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  settings = { ffiLens = { targets = { 'x86_64-unknown-linux-gnu', 'i686-unknown-linux-gnu' } } },
})
vim.lsp.buf_attach_client(buf, client_id)

local got_diagnostics = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(diagnostics, { lnum = d.lnum, col = d.col, message = d.message, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL })
end

-- Hover on the `s` of `sample` in `struct sample`.
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local line, col = 0, 0
for i, l in ipairs(lines) do
  local at = l:find('struct sample', 1, true)
  if at then line, col = i - 1, at + 6 break end
end
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  position = { line = line, character = col },
}, 20000)
local hover = vim.NIL
for _, r in pairs(responses or {}) do
  if r.result and r.result.contents then hover = r.result.contents.value or r.result.contents end
end
finish({ got_diagnostics = got_diagnostics, diagnostics = diagnostics, hover = hover })
