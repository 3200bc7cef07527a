-- Inline diagnostics for nodecoach only. Since Neovim 0.11 the global
-- vim.diagnostic.config() shows nothing inline by default, so nodecoach's findings
-- arrived but stayed invisible until the cursor reached them. The options are set
-- per namespace (the client's push namespace, and on 0.10+ its pull namespace), so
-- other servers' diagnostics keep the user's global settings.
local M = {}

local has_virtual_lines = vim.fn.has('nvim-0.11') == 1

--- Whether `value` is a valid `inline` option.
function M.valid(value)
  return value == nil
    or value == true
    or value == false
    or value == 'virtual_text'
    or value == 'virtual_lines'
    or type(value) == 'table'
end

local warned_virtual_lines = false

--- The vim.diagnostic.config() options that `value` (the `inline` option) stands for.
function M.options(value)
  if type(value) == 'table' then
    return value
  end
  local opts = { virtual_text = value ~= false }
  if value == 'virtual_lines' then
    if has_virtual_lines then
      opts.virtual_text = false
      opts.virtual_lines = true
    elseif not warned_virtual_lines then
      warned_virtual_lines = true
      vim.notify('nodecoach: virtual lines need Neovim 0.11; showing virtual text instead', vim.log.levels.WARN)
    end
  elseif has_virtual_lines then
    -- Off, so that a global virtual_lines does not show nodecoach's findings twice.
    opts.virtual_lines = false
  end
  return opts
end

--- The `inline` option in effect: setup()'s, else vim.g.nodecoach_inline (for a server
--- started without setup(), e.g. by vim.lsp.enable or nvim-lspconfig), else the default.
function M.current()
  local config = require('nodecoach').config
  local value
  if config then
    value = config.inline
  else
    value = vim.g.nodecoach_inline
  end
  if value == nil then
    return 'virtual_text'
  end
  return value
end

--- The diagnostic namespaces a client's findings land in: push, and on 0.10+ pull.
--- The pull namespace is keyed by the server's diagnostic identifier, so this needs an
--- initialized client: 0.10 and 0.11 read it from the capabilities themselves, 0.12
--- takes it as an argument (which the older versions ignore).
function M.namespaces(client)
  local list = { vim.lsp.diagnostic.get_namespace(client.id) }
  if vim.fn.has('nvim-0.10') == 1 then
    local provider = client.server_capabilities and client.server_capabilities.diagnosticProvider
    local identifier = type(provider) == 'table' and type(provider.identifier) == 'string' and provider.identifier or nil
    table.insert(list, vim.lsp.diagnostic.get_namespace(client.id, true, identifier))
  end
  return list
end

--- Applies the `inline` option to a nodecoach client's namespaces; diagnostics already
--- shown are redrawn by vim.diagnostic.config().
function M.apply(client)
  local opts = M.options(M.current())
  for _, ns in ipairs(M.namespaces(client)) do
    vim.diagnostic.config(opts, ns)
  end
end

return M
