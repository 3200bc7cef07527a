-- nodecoach for Neovim: starts `nodecoach serve` for JavaScript and TypeScript buffers,
-- shows each diagnostic's rule id, and opens full explanations with :NodecoachExplain.
-- Works on Neovim 0.7 and later; newer APIs are used when they exist.
local api = vim.api
local uv = vim.uv or vim.loop

local M = {}

local defaults = {
  cmd = nil, -- full command, e.g. { '/opt/nodecoach/bin/nodecoach', 'serve', '--log-file', '/tmp/nc.log' }
  path = nil, -- just the binary; the command is then { path, 'serve' }
  filetypes = { 'javascript', 'javascriptreact', 'typescript', 'typescriptreact' },
  root_markers = { 'package.json', '.git' },
  on_attach = nil,
  capabilities = nil,
  -- How nodecoach's diagnostics show inline: 'virtual_text', 'virtual_lines' (0.11+),
  -- false (nothing inline; signs and underlines stay), or a table for
  -- vim.diagnostic.config(). Applies to nodecoach's namespaces only.
  inline = 'virtual_text',
  -- Sent as initializationOptions, e.g. { cache = false } to keep no index cache.
  init_options = nil,
}

--- The options in effect, nil until setup() succeeds.
M.config = nil

local function notify(msg, level)
  vim.notify('nodecoach: ' .. msg, level or vim.log.levels.INFO)
end

--- Resolves the server command from the options: an error names the fix, since a
--- missing binary otherwise shows up only as a silent "client exited" in the LSP log.
function M.resolve_cmd(opts)
  opts = opts or {}
  local cmd = opts.cmd and vim.deepcopy(opts.cmd) or { opts.path or 'nodecoach', 'serve' }
  local exe = vim.fn.exepath(vim.fn.expand(cmd[1]))
  if exe == '' then
    local where = (opts.cmd or opts.path) and ('`' .. cmd[1] .. '` is not an executable file')
      or '`nodecoach` is not on $PATH'
    return nil,
      where
        .. '. Build it with `make build` in the nodecoach repository and put its bin/ on $PATH, '
        .. "or pass the binary: require('nodecoach').setup{ path = '/path/to/nodecoach' }"
  end
  cmd[1] = exe
  return cmd
end

--- The project root: the nearest directory upward holding any of the markers (the
--- server reads package.json relative to it), else the file's own directory.
function M.find_root(bufnr, markers)
  local name = api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or uv.cwd()
  local dir = start
  while true do
    for _, marker in ipairs(markers or defaults.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

-- Neovim's diagnostic float and virtual text show only the message, not `code`, so
-- the rule id is appended to the message itself: it then shows everywhere (float,
-- virtual text, location list, pickers). Wrapping the handlers of this client only
-- leaves other servers alone; both the push and the pull (0.10+) responses go here.
local function with_rule_ids(method, key)
  return function(err, result, ctx, config)
    local list = type(result) == 'table' and result[key]
    if type(list) == 'table' then
      for _, d in ipairs(list) do
        local code = d.code
        if (type(code) == 'string' or type(code) == 'number') and type(d.message) == 'string' then
          local suffix = ' [' .. code .. ']'
          if d.message:sub(-#suffix) ~= suffix then
            d.message = d.message .. suffix
          end
        end
      end
    end
    -- Looked up on each call so that a user's own global handler still applies.
    local handler = vim.lsp.handlers[method]
    if handler then
      return handler(err, result, ctx, config)
    end
  end
end

--- For a server started without setup() on 0.7, which has no LspAttach event for
--- plugin/ to hook: nvim-lspconfig's `on_attach = require('nodecoach').on_attach`.
function M.on_attach(client)
  require('nodecoach.inline').apply(client)
end

--- Per-client handlers; also usable with nvim-lspconfig (`handlers = ...`).
M.handlers = {
  ['textDocument/publishDiagnostics'] = with_rule_ids('textDocument/publishDiagnostics', 'diagnostics'),
  ['textDocument/diagnostic'] = with_rule_ids('textDocument/diagnostic', 'items'),
}

local function client_config(cfg, root)
  return {
    name = 'nodecoach',
    cmd = cfg.cmd,
    root_dir = root,
    handlers = M.handlers,
    -- The inline options are set here as well as in plugin/'s LspAttach autocmd:
    -- 0.7 has no LspAttach, and setup() may run without plugin/ being sourced.
    on_attach = function(client, bufnr)
      M.on_attach(client)
      if cfg.on_attach then
        cfg.on_attach(client, bufnr)
      end
    end,
    capabilities = cfg.capabilities,
    init_options = cfg.init_options,
  }
end

-- Neovim 0.7 has no vim.lsp.start: one client per root, reused across buffers.
local clients_by_root = {}

local function attach(cfg, bufnr)
  if vim.bo[bufnr].buftype ~= '' then
    return -- help, terminal, scratch buffers
  end
  local root = M.find_root(bufnr, cfg.root_markers)
  if vim.lsp.start then
    -- 0.8 attaches the current buffer, so make it current.
    api.nvim_buf_call(bufnr, function()
      vim.lsp.start(client_config(cfg, root), { bufnr = bufnr })
    end)
    return
  end
  local id = clients_by_root[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(client_config(cfg, root))
    clients_by_root[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Registers the server. Options: cmd or path, filetypes, root_markers, on_attach,
--- capabilities, inline. Returns false (after an error message) when the binary is
--- missing or an option is invalid.
function M.setup(opts)
  local cfg = vim.tbl_extend('force', defaults, opts or {})
  if not require('nodecoach.inline').valid(cfg.inline) then
    notify(
      'inline = ' .. vim.inspect(cfg.inline) .. " is not one of 'virtual_text', 'virtual_lines', false or a table",
      vim.log.levels.ERROR
    )
    return false
  end
  local cmd, err = M.resolve_cmd(cfg)
  if not cmd then
    notify(err, vim.log.levels.ERROR)
    return false
  end
  cfg.cmd = cmd
  M.config = cfg
  M.create_commands()

  if vim.lsp.config and vim.lsp.enable then
    -- 0.11+: the built-in registry starts, reuses and stops clients by itself.
    local conf = client_config(cfg, nil)
    conf.filetypes = cfg.filetypes
    conf.root_dir = function(bufnr, on_dir)
      if vim.bo[bufnr].buftype == '' then
        on_dir(M.find_root(bufnr, cfg.root_markers))
      end
    end
    vim.lsp.config('nodecoach', conf)
    vim.lsp.enable('nodecoach')
    return true
  end

  local group = api.nvim_create_augroup('nodecoach', { clear = true })
  api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = cfg.filetypes,
    callback = function(args)
      attach(cfg, args.buf)
    end,
  })
  -- setup() may run after buffers were opened (lazy loading): attach those too.
  for _, bufnr in ipairs(api.nvim_list_bufs()) do
    if api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(cfg.filetypes, vim.bo[bufnr].filetype) then
      attach(cfg, bufnr)
    end
  end
  return true
end

--- The nodecoach client attached to a buffer, if any.
function M.client(bufnr)
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr, name = 'nodecoach' })
    or vim.tbl_filter(function(c)
      return c.name == 'nodecoach' and vim.lsp.buf_is_attached(bufnr, c.id)
    end, vim.lsp.get_active_clients())
  return all[1]
end

local function supports_explain(client)
  local provider = client.server_capabilities and client.server_capabilities.executeCommandProvider
  return type(provider) == 'table' and vim.tbl_contains(provider.commands or {}, 'nodecoach.explain')
end

-- The binary for `nodecoach explain`: the configured one, else the one the attached
-- client runs (e.g. started by nvim-lspconfig), else the one on $PATH.
local function binary(bufnr)
  if M.config then
    return M.config.cmd[1]
  end
  local client = M.client(bufnr)
  local cmd = client and client.config and client.config.cmd
  if type(cmd) == 'table' then
    return cmd[1]
  end
  local resolved, err = M.resolve_cmd({})
  return resolved and resolved[1], err
end

local function show(markdown)
  local lines = vim.split(markdown, '\n', { plain = true })
  local buf, win = vim.lsp.util.open_floating_preview(lines, 'markdown', {
    stylize_markdown = false, -- keep the text as written; the markdown filetype highlights it
    border = 'rounded',
    focus_id = 'nodecoach_explain', -- run the command again to enter the float and scroll
    max_width = math.min(100, vim.o.columns - 4),
    max_height = math.max(10, math.floor(vim.o.lines * 0.6)),
  })
  if vim.bo[buf].filetype ~= 'markdown' then
    vim.bo[buf].filetype = 'markdown' -- 0.10+ sets it already; older versions only set 'syntax'
  end
  return buf, win
end

local function explain_with_cli(bufnr, key)
  local bin, err = binary(bufnr)
  if not bin then
    return notify(err, vim.log.levels.ERROR)
  end
  local out = vim.fn.system({ bin, 'explain', key })
  if vim.v.shell_error ~= 0 then
    return notify((vim.trim(out):gsub('^nodecoach: ', '')), vim.log.levels.ERROR)
  end
  show(out)
end

-- For servers without the nodecoach.explain command: the rule of the nodecoach
-- diagnostic under the cursor (else the first one on the line), via the CLI.
local function explain_fallback(bufnr)
  local row, col = unpack(api.nvim_win_get_cursor(0))
  row = row - 1
  local under, on_line
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = row })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if d.source == 'nodecoach' and code then
      on_line = on_line or code
      if col >= d.col and (d.end_lnum ~= row or col < (d.end_col or d.col + 1)) then
        under = under or code
      end
    end
  end
  local rule = under or on_line
  if not rule then
    notify('no nodecoach diagnostic under the cursor (:NodecoachExplain RULE-OR-API explains by name)')
    return
  end
  explain_with_cli(bufnr, tostring(rule))
end

-- 0.11 turned client functions into methods (client:request); 0.7-0.10 only have
-- the plain function.
local function request(client, method, params, handler, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request(method, params, handler, bufnr)
  end
  return client.request(method, params, handler, bufnr)
end

--- Explains `key` (a rule id or an API such as fs.readFileSync) or, without it, the
--- rule of the diagnostic and the API under the cursor.
function M.explain(key)
  local bufnr = api.nvim_get_current_buf()
  if key and key ~= '' then
    return explain_with_cli(bufnr, key)
  end
  local client = M.client(bufnr)
  if not client or not supports_explain(client) then
    return explain_fallback(bufnr)
  end
  local pos = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local params = {
    command = 'nodecoach.explain',
    arguments = { { uri = pos.textDocument.uri, position = pos.position } },
  }
  request(client, 'workspace/executeCommand', params, function(err, result)
    if err then
      notify('nodecoach.explain failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.WARN)
      return explain_fallback(bufnr)
    end
    if type(result) ~= 'table' or type(result.markdown) ~= 'string' then
      return notify('nothing to explain under the cursor')
    end
    show(result.markdown)
  end, bufnr)
end

function M.create_commands()
  api.nvim_create_user_command('NodecoachExplain', function(args)
    M.explain(args.args)
  end, { nargs = '?', desc = 'nodecoach: explain the rule or API under the cursor, or RULE-OR-API' })
end

return M
