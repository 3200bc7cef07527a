-- :checkhealth nodecoach
local M = {}

-- 0.9+ has vim.health.start/ok/...; 0.8 has vim.health.report_*; 0.7 only the Lua
-- wrappers around the health#report_* Vimscript functions in require('health').
local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local info = health.info or health.report_info
local warn = health.warn or health.report_warn
local fail = health.error or health.report_error

function M.check()
  local nodecoach = require('nodecoach')
  start('nodecoach')

  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ name = 'nodecoach' })
    or vim.tbl_filter(function(c)
      return c.name == 'nodecoach'
    end, vim.lsp.get_active_clients())

  -- Without setup() the server may still run, started by nvim-lspconfig.
  local cfg = nodecoach.config or (clients[1] and { cmd = clients[1].config.cmd })
  if not cfg then
    warn('setup() has not run (or failed): no server is registered', {
      "Call require('nodecoach').setup{} in your config, or start `nodecoach serve` with nvim-lspconfig",
    })
  end
  local cmd, err = nodecoach.resolve_cmd(cfg or {})
  if not cmd then
    fail('binary not found: ' .. err)
  else
    local out = vim.trim(vim.fn.system({ cmd[1], 'version' }))
    if vim.v.shell_error == 0 then
      ok(string.format('binary: %s (%s)', cmd[1], out))
    else
      fail(string.format('`%s version` failed: %s', cmd[1], out), { 'Rebuild it with `make build`' })
    end
    info('server command: ' .. table.concat(cmd, ' '))
  end

  local v = vim.version()
  info(string.format('Neovim %d.%d.%d', v.major, v.minor, v.patch))
  if vim.lsp.config and vim.lsp.enable then
    info('starts the server with vim.lsp.config + vim.lsp.enable (0.11+)')
  elseif vim.lsp.start then
    info('starts the server with vim.lsp.start from a FileType autocmd (0.8+)')
  else
    info('starts the server with vim.lsp.start_client + vim.lsp.buf_attach_client (0.7)')
  end
  local inline = require('nodecoach.inline').current()
  info('inline diagnostics: ' .. (type(inline) == 'table' and vim.inspect(inline) or tostring(inline)))
  info(vim.health and 'health report: vim.health' or "health report: require('health') (health#report_*)")

  if #clients == 0 then
    info('no nodecoach client running: open a JavaScript or TypeScript file')
  end
  for _, c in ipairs(clients) do
    local provider = c.server_capabilities and c.server_capabilities.executeCommandProvider
    local cmds = type(provider) == 'table' and provider.commands or {}
    local explain = vim.tbl_contains(cmds, 'nodecoach.explain') and 'workspace/executeCommand nodecoach.explain'
      or 'falls back to `nodecoach explain RULE` (this server has no nodecoach.explain command)'
    ok(string.format('client %d running, root %s; :NodecoachExplain %s', c.id, c.config.root_dir or '-', explain))
  end
end

return M
