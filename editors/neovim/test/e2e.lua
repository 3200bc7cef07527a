-- End-to-end check of the plugin in a real headless Neovim, driven by neovim_test.go.
-- Environment: NODECOACH_PLUGIN_DIR (editors/neovim), NODECOACH_BIN (the built binary),
-- NODECOACH_PROJECT (a copy of testdata/express-js), NODECOACH_OUT (the JSON result),
-- NODECOACH_ROW/NODECOACH_COL (0-based place of the fs.readFileSync finding), and
-- NODECOACH_SCENARIO:
--   plugin         setup{} and every feature (the default)
--   native         the README's vim.lsp.config snippet (NODECOACH_CONFIG), every feature
--   inline-off     setup{ inline = false }: what shows inline, nothing else
--   virtual-lines  setup{ inline = 'virtual_lines' }: what shows inline, nothing else
-- Every step records what it saw; the Go test does the asserting.
local out = { steps = {}, notifications = {} }
local get_clients = vim.lsp.get_clients or vim.lsp.get_active_clients

local function step(name)
  table.insert(out.steps, name)
end

local function floats()
  local wins = {}
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      table.insert(wins, win)
    end
  end
  return wins
end

local function close_floats()
  for _, win in ipairs(floats()) do
    vim.api.nvim_win_close(win, true)
  end
end

local function float_text(win)
  local buf = vim.api.nvim_win_get_buf(win)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n'), vim.bo[buf].filetype
end

-- Runs :NodecoachExplain with the cursor at (row, col) and returns the float's text.
local function explain_at(row, col)
  close_floats()
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  vim.cmd('NodecoachExplain')
  vim.wait(10000, function()
    return #floats() > 0
  end, 50)
  local win = floats()[1]
  if not win then
    return nil
  end
  local text, ft = float_text(win)
  close_floats()
  return { text = text, filetype = ft }
end

-- Every mark with virtual text or virtual lines in the buffer, in any namespace. 0.7
-- cannot list all namespaces at once (ns_id -1), and vim.diagnostic draws virtual text
-- in anonymous namespaces, so every id handed out so far is asked in turn.
local function inline_marks(bufnr)
  local marks = {}
  local last = vim.api.nvim_create_namespace('')
  for ns = 1, last - 1 do
    local ok, found = pcall(vim.api.nvim_buf_get_extmarks, bufnr, ns, 0, -1, { details = true })
    for _, m in ipairs(ok and found or {}) do
      local details = m[4] or {}
      local chunks = {}
      for _, chunk in ipairs(details.virt_text or {}) do
        table.insert(chunks, chunk[1])
      end
      for _, line in ipairs(details.virt_lines or {}) do
        for _, chunk in ipairs(line) do
          table.insert(chunks, chunk[1])
        end
      end
      if #chunks > 0 then
        local kind = details.virt_lines and 'virt_lines' or 'virt_text'
        table.insert(marks, { row = m[2], kind = kind, text = table.concat(chunks) })
      end
    end
  end
  return marks
end

local scenario = os.getenv('NODECOACH_SCENARIO') or 'plugin'
local full = scenario == 'plugin' or scenario == 'native'

local function run()
  local v = vim.version()
  out.version = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  out.scenario = scenario
  vim.opt.runtimepath:prepend(os.getenv('NODECOACH_PLUGIN_DIR'))
  vim.cmd('runtime plugin/nodecoach.lua') -- sourced at startup when installed as a plugin
  vim.cmd('filetype on') -- -u NONE skips filetype detection; a real config has it
  vim.notify = function(msg, level)
    table.insert(out.notifications, { message = msg, level = level })
  end
  if full then
    -- 0.11's default on every version: nothing inline unless a namespace asks for it.
    -- (inline-off keeps each version's own default, which on 0.7-0.10 is virtual text on.)
    vim.diagnostic.config({ virtual_text = false })
  end

  local nodecoach = require('nodecoach')

  if scenario == 'plugin' then
    step('setup with a missing binary')
    out.missing_binary_setup = nodecoach.setup({ path = '/nonexistent/nodecoach' })
    step('setup with an invalid inline option')
    out.invalid_inline_setup = nodecoach.setup({ path = os.getenv('NODECOACH_BIN'), inline = 'sideways' })
  end

  if scenario == 'native' then
    step('the README configuration')
    dofile(os.getenv('NODECOACH_CONFIG'))
    out.setup = true
  else
    step('setup')
    local inline = ({ ['inline-off'] = false, ['virtual-lines'] = 'virtual_lines' })[scenario]
    out.setup = nodecoach.setup({ path = os.getenv('NODECOACH_BIN'), inline = inline })
  end

  step('open reports.js')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NODECOACH_PROJECT') .. '/src/routes/reports.js'))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype

  -- Another server's finding: the global configuration, not nodecoach's, decides for it.
  local other = vim.api.nvim_create_namespace('another-server')
  vim.diagnostic.set(other, bufnr, {
    { lnum = 0, col = 0, message = 'a finding of another server', severity = vim.diagnostic.severity.WARN },
  })

  step('wait for diagnostics')
  local function ours()
    return vim.tbl_filter(function(d)
      return d.source == 'nodecoach'
    end, vim.diagnostic.get(bufnr))
  end
  vim.wait(20000, function()
    return #ours() > 0
  end, 50)
  out.diagnostics = {}
  for _, d in ipairs(ours()) do
    table.insert(out.diagnostics, {
      lnum = d.lnum,
      col = d.col,
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      message = d.message,
    })
  end
  local client = nodecoach.client(bufnr)
  out.client_root = client and client.config.root_dir
  out.client_name = client and client.name

  step('inline diagnostics')
  -- Drawn when the diagnostics arrive; inline-off waits the same time for marks that
  -- must not come.
  local lines = {}
  for _, d in ipairs(out.diagnostics) do
    lines[d.lnum] = true
  end
  vim.wait(scenario == 'inline-off' and 1000 or 10000, function()
    local seen = {}
    for _, m in ipairs(inline_marks(bufnr)) do
      seen[m.row] = true
    end
    for lnum in pairs(lines) do
      if not seen[lnum] then
        return false
      end
    end
    return true
  end, 50)
  out.inline_marks = inline_marks(bufnr)
  if not full then
    return
  end

  local row = tonumber(os.getenv('NODECOACH_ROW'))
  local col = tonumber(os.getenv('NODECOACH_COL'))

  step('diagnostic float')
  close_floats()
  vim.api.nvim_win_set_cursor(0, { row + 1, col })
  local _, win = vim.diagnostic.open_float({ bufnr = bufnr, scope = 'cursor' })
  if win then
    out.diagnostic_float = float_text(win)
  end
  close_floats()

  step('hover')
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = row, character = col },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, 10000) or {}
  for _, r in pairs(responses) do
    local contents = r.result and r.result.contents
    if type(contents) == 'table' then
      out.hover = contents.value or vim.inspect(contents)
    end
  end

  step('explain')
  out.explain_via_command = client ~= nil
    and type(client.server_capabilities.executeCommandProvider) == 'table'
    and vim.tbl_contains(client.server_capabilities.executeCommandProvider.commands or {}, 'nodecoach.explain')
  out.explain = explain_at(row, col)

  step('explain fallback')
  -- Hide the command, as an older server would, to exercise the CLI fallback.
  if client then
    local saved = client.server_capabilities.executeCommandProvider
    client.server_capabilities.executeCommandProvider = nil
    out.explain_fallback = explain_at(row, col)
    client.server_capabilities.executeCommandProvider = saved
  end

  step('explain by name')
  close_floats()
  vim.cmd('NodecoachExplain fs.readFileSync')
  local byname = floats()[1]
  out.explain_by_name = byname and float_text(byname)
  close_floats()

  step('checkhealth')
  vim.cmd('checkhealth nodecoach')
  out.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')

  step('stop')
  local ids = {}
  for _, c in ipairs(get_clients()) do
    table.insert(ids, c.id)
  end
  vim.lsp.stop_client(ids)
  vim.wait(5000, function()
    return #get_clients() == 0
  end, 50)
  step('done')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  out.error = err
end
if not full then
  -- The full scenarios stop their clients as their last step.
  for _, c in ipairs(get_clients()) do
    vim.lsp.stop_client(c.id)
  end
  vim.wait(5000, function()
    return #get_clients() == 0
  end, 50)
end
local f = assert(io.open(os.getenv('NODECOACH_OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd(ok and 'qa!' or 'cq!')
