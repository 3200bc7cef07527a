package analysis

import (
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
)

// glob is an exclusion glob with what every path it matches spells out: a path that
// holds none of needs is no match, and is told so without doublestar, which walks the
// pattern for every file and glob. doublestar answers the rest, so the answer is
// always its own.
type glob struct {
	pattern string
	needs   []string // one of these is in every match; nil when the pattern names none
}

// compileGlob reads pattern's literal text: each run of literal bytes between its
// wildcards and separators is in every path it matches, as is one alternative of each
// brace group whose alternatives are all literal. Of these requirements, the one
// whose shortest string is longest is kept, as the likeliest to fail. A pattern with
// an escape, a character class, nested braces or a brace or comma out of place is
// read by doublestar alone.
func compileGlob(pattern string) glob {
	g := glob{pattern: pattern}
	if strings.ContainsAny(pattern, `\[]`) {
		return g
	}
	var best []string
	consider := func(req []string) {
		if shortest(req) > shortest(best) {
			best = req
		}
	}
	run := 0 // start of the current literal run
	for i := 0; i < len(pattern); i++ {
		switch pattern[i] {
		case '*', '?', '/':
			consider([]string{pattern[run:i]})
			run = i + 1
		case ',', '}':
			return g
		case '{':
			consider([]string{pattern[run:i]})
			end := strings.IndexByte(pattern[i:], '}')
			if end < 0 || strings.IndexByte(pattern[i+1:i+end], '{') >= 0 {
				return g
			}
			alts := strings.Split(pattern[i+1:i+end], ",")
			if !strings.ContainsAny(pattern[i+1:i+end], "*?/") {
				consider(alts)
			}
			i += end
			run = i + 1
		}
	}
	consider([]string{pattern[run:]})
	if shortest(best) > 0 {
		g.needs = best
	}
	return g
}

// shortest is the length of the shortest of strs; 0 when there are none.
func shortest(strs []string) int {
	if len(strs) == 0 {
		return 0
	}
	n := len(strs[0])
	for _, s := range strs[1:] {
		n = min(n, len(s))
	}
	return n
}

// match is doublestar.Match(g.pattern, path), a bad pattern matching nothing.
func (g glob) match(path string) bool {
	if g.needs != nil && !containsOneOf(path, g.needs) {
		return false
	}
	ok, _ := doublestar.Match(g.pattern, path)
	return ok
}

func containsOneOf(s string, strs []string) bool {
	for _, x := range strs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// compiledGlobs keeps the user's globs compiled, by pattern: a run asks the same few
// for every file.
var compiledGlobs sync.Map

func userGlob(pattern string) glob {
	if g, ok := compiledGlobs.Load(pattern); ok {
		return g.(glob)
	}
	g := compileGlob(pattern)
	compiledGlobs.Store(pattern, g)
	return g
}
