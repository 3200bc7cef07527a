-- End-to-end check of the plugin in a real headless Neovim, driven by neovim_test.go.
-- Environment: NODECOACH_PLUGIN_DIR (editors/neovim), NODECOACH_BIN (the built binary),
-- NODECOACH_PROJECT (a copy of testdata/express-js), NODECOACH_OUT (the JSON result).
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

local function run()
  vim.opt.runtimepath:prepend(os.getenv('NODECOACH_PLUGIN_DIR'))
  vim.cmd('filetype on') -- -u NONE skips filetype detection; a real config has it
  vim.notify = function(msg, level)
    table.insert(out.notifications, { message = msg, level = level })
  end

  local nodecoach = require('nodecoach')

  step('setup with a missing binary')
  out.missing_binary_setup = nodecoach.setup({ path = '/nonexistent/nodecoach' })

  step('setup')
  out.setup = nodecoach.setup({ path = os.getenv('NODECOACH_BIN') })

  step('open reports.js')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('NODECOACH_PROJECT') .. '/src/routes/reports.js'))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype

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

  -- readFileSync on line 10 (1-based), column 15
  local row, col = 9, 14

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
local f = assert(io.open(os.getenv('NODECOACH_OUT'), 'w'))
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd(ok and 'qa!' or 'cq!')
