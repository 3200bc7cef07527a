-- Defines :NodecoachExplain even without setup(), so it also works when the server is
-- started some other way (vim.lsp.enable, nvim-lspconfig). Starting the server needs
-- setup() or such a configuration.
if vim.g.loaded_nodecoach then
  return
end
vim.g.loaded_nodecoach = true

require('nodecoach').create_commands()

-- Inline diagnostics for a nodecoach client however it was started (0.8+ has LspAttach;
-- on 0.7 setup()'s on_attach does it). vim.g.nodecoach_inline = false turns them off.
if vim.fn.exists('##LspAttach') == 1 then
  vim.api.nvim_create_autocmd('LspAttach', {
    group = vim.api.nvim_create_augroup('nodecoach_inline', { clear = true }),
    callback = function(args)
      local client = vim.lsp.get_client_by_id(args.data.client_id)
      if client and client.name == 'nodecoach' then
        require('nodecoach.inline').apply(client)
      end
    end,
  })
end
