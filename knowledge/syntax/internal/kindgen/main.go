// Command kindgen writes the syntax package's node kind and field constants from the
// grammars' node-types.json. Run it from knowledge/syntax (go generate does).
package main

import (
	"fmt"
	"os"

	"github.com/nodecoach/nodecoach/knowledge/syntax/internal/grammar"
)

func main() {
	src, err := grammar.Generate()
	if err == nil {
		err = os.WriteFile(grammar.GeneratedFile, src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kindgen:", err)
		os.Exit(1)
	}
}
