package workspace

import (
	"bufio"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// ignoreRule is one line of a .gitignore, turned into a glob relative to the
// directory that holds the file.
type ignoreRule struct {
	base    string // slash path of the .gitignore's directory, relative to the walk root
	glob    string
	negate  bool
	dirOnly bool
}

// readGitignore parses dir/.gitignore. It covers what projects use: comments,
// negation, trailing-slash directory patterns, patterns anchored by a slash, and
// ** globs. Character classes are passed to the glob matcher as they are.
func readGitignore(dir, base string) []ignoreRule {
	f, err := os.Open(filepath.Join(dir, ".gitignore"))
	if err != nil {
		return nil
	}
	defer f.Close()
	var rules []ignoreRule
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r := ignoreRule{base: base}
		if strings.HasPrefix(line, "!") {
			r.negate, line = true, line[1:]
		}
		line = strings.TrimPrefix(line, "\\")
		if strings.HasSuffix(line, "/") {
			r.dirOnly, line = true, strings.TrimSuffix(line, "/")
		}
		// A slash anywhere but at the end anchors the pattern to this directory;
		// otherwise it matches the name at any depth below it.
		if strings.Contains(line, "/") {
			r.glob = strings.TrimPrefix(line, "/")
		} else {
			r.glob = "**/" + line
		}
		if doublestar.ValidatePattern(r.glob) {
			rules = append(rules, r)
		}
	}
	return rules
}

// ignored applies rules in order, the last match winning as in git. rel is the slash
// path relative to the walk root.
func ignored(rules []ignoreRule, rel string, isDir bool) bool {
	out := false
	for _, r := range rules {
		if r.dirOnly && !isDir {
			continue
		}
		sub := rel
		if r.base != "." {
			if !strings.HasPrefix(rel, r.base+"/") {
				continue
			}
			sub = strings.TrimPrefix(rel, r.base+"/")
		}
		if ok, _ := doublestar.Match(r.glob, sub); ok {
			out = !r.negate
		} else if ok, _ := doublestar.Match(r.glob, path.Base(sub)); ok && strings.HasPrefix(r.glob, "**/") {
			out = !r.negate
		}
	}
	return out
}
