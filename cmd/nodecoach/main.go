// Command nodecoach is a language server and checker for Node.js backends: it flags
// the backend mistakes that matter and explains the concepts behind the code.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/nodecoach/nodecoach/knowledge/cores"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `nodecoach: learn Node.js backend concepts while you code

Usage:
  nodecoach serve [--stdio] [--log-file FILE] [--log-level LEVEL]   run the language server on stdin/stdout
  nodecoach check [flags] PATH...                                   check files and directories
      --format text|json|sarif|github   output format (default text)
      --max-warnings N                  fail only on more than N warnings (-1: no limit)
      --quiet                           report errors only
      --rule ID=LEVEL                   off|hint|information|warning|error, over the configuration (repeatable)
      --config FILE                     use this configuration file
      --stdin --stdin-filename NAME     check standard input as the file NAME
      --cache [--cache-location PATH]   reuse the findings of unchanged files (default .nodecoachcache)
  nodecoach topics [--format text|json] [--config FILE] PATH...     the knowledge entries the code touches
  nodecoach routes [--format text|json] [--config FILE] PATH...     the Express route map: full paths, handlers, middleware
  nodecoach explain ID|API|RULE | --list                            print a knowledge entry, or list them
  nodecoach rules [--format text|markdown]                          list the rules, or print the rules reference
  nodecoach version                                                 print the version

Exit codes of check: 0 no error and no warning (or no more than --max-warnings),
1 an error, or warnings (beyond --max-warnings), 2 usage or internal error.
`

func main() {
	cores.Reserve()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stderr)
	case "check":
		return check(args[1:], stdin, stdout, stderr)
	case "topics":
		return topicsCmd(args[1:], stdout, stderr)
	case "routes":
		return routesCmd(args[1:], stdout, stderr)
	case "explain":
		return explainCmd(args[1:], stdout, stderr)
	case "rules":
		return rulesCmd(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "nodecoach %s\n", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "nodecoach: unknown command %q\n\n%s", args[0], usage)
	return 2
}
