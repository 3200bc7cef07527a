-- Defines :NodecoachExplain even without setup(), so it also works when the server is
-- started some other way (nvim-lspconfig). Starting the server needs setup().
if vim.g.loaded_nodecoach then
  return
end
vim.g.loaded_nodecoach = true

require('nodecoach').create_commands()
