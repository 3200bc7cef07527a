// Command kindrewrite replaces the node kind and field literals of Go code with the
// syntax package's constants. Run it from the module root on the folders to rewrite:
//
//	go run ./knowledge/syntax/internal/kindrewrite ./knowledge/rules ./knowledge/resolve
//
// With -n it lists what it would replace and writes nothing; -except FILE (again for
// each file) leaves a file as it is, such as one someone else is editing. Test files
// are left as they are.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nodecoach/nodecoach/knowledge/syntax/internal/kindlit"
)

func main() {
	dryRun := flag.Bool("n", false, "list the literals, write nothing")
	except := map[string]bool{}
	flag.Func("except", "a file to leave as it is (repeatable)", func(path string) error {
		except[filepath.ToSlash(filepath.Clean(path))] = true
		return nil
	})
	flag.Parse()
	dirs := flag.Args()
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	if err := run(dirs, except, *dryRun); err != nil {
		fmt.Fprintln(os.Stderr, "kindrewrite:", err)
		os.Exit(1)
	}
}

func run(dirs []string, except map[string]bool, dryRun bool) error {
	files, helpers, err := kindlit.Module(".")
	if err != nil {
		return err
	}
	names, err := kindlit.LoadNames()
	if err != nil {
		return err
	}
	total := 0
	for _, f := range files {
		if !kindlit.Under(f.Path, dirs) || except[f.Path] {
			continue
		}
		if dryRun {
			for _, u := range helpers.Find(f.AST) {
				if c := names.Constant(u); c != "" {
					fmt.Printf("%s -> %s\n", f.Place(u), c)
					total++
				}
			}
			continue
		}
		out, n, err := kindlit.Rewrite(f, helpers, names)
		if err != nil {
			return fmt.Errorf("%s: %w", f.Path, err)
		}
		if n == 0 {
			continue
		}
		if err := os.WriteFile(filepath.FromSlash(f.Path), out, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d\n", f.Path, n)
		total += n
	}
	fmt.Printf("%d literals\n", total)
	return nil
}
