package workspace

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
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
// ** globs. Character classes are passed to the glob matcher as they are. A .gitignore
// that must not be read (a link out of the tree, a FIFO, one over the size cap) is
// reported through skipped and applies no rule.
func readGitignore(roots *safefs.Roots, dir, base string, skipped func(Skipped)) []ignoreRule {
	file := filepath.Join(dir, ".gitignore")
	data, _, err := roots.ReadFile(file, safefs.IgnoreLimit)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			skipped(Skipped{Path: file, Reason: err.Error()})
		}
		return nil
	}
	var rules []ignoreRule
	sc := bufio.NewScanner(bytes.NewReader(data))
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
