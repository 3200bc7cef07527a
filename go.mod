module github.com/nodecoach/nodecoach

go 1.26.8

require (
	github.com/bmatcuk/doublestar/v4 v4.10.4
	github.com/tree-sitter/go-tree-sitter v0.25.0
	github.com/tree-sitter/tree-sitter-javascript v0.25.0
	github.com/tree-sitter/tree-sitter-typescript v0.23.2
	go.lsp.dev/jsonrpc2 v1.0.0
	go.lsp.dev/protocol v1.0.0
	go.lsp.dev/uri v1.0.0
	go.uber.org/zap v1.28.0
	go.uber.org/zap/exp v0.3.0
	go.yaml.in/yaml/v3 v3.0.6
)

require (
	github.com/go-json-experiment/json v0.0.0-20260601182631-00ed12fed2a6 // indirect
	github.com/mattn/go-pointer v0.0.1 // indirect
	go.uber.org/multierr v1.11.0 // indirect
)
