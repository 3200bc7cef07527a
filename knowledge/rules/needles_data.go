package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// The needles of the rules about a library's calls (crypto, SQL clients, Redis,
// queues, bcrypt). Each rule reports only at a call the resolver names after a
// module the file imports, so its gate is the module's specifier and the names it
// reports at, spelled as the file must write them: the resolver reads a member's
// name from a dot, a destructuring key or a quoted subscript, never from a computed
// one, and keeps a string's escapes as written.

// lowerNames are the names a set is keyed by, sorted and lower-cased as needles are:
// a rule that reports only at a call of one of them, however it is bound
// (`crypto.pbkdf2Sync`, `{ pbkdf2Sync: p }`, `crypto['pbkdf2Sync']`), needs one in the
// file.
func lowerNames[V any](set map[string]V) []string {
	out := slices.Sorted(maps.Keys(set))
	for i, n := range out {
		out[i] = strings.ToLower(n)
	}
	return out
}

// modulesCalls are the needles of blockingCalls: the function names of every module.
func modulesCalls(byModule map[string]map[string]bool) []string {
	var out []string
	for _, m := range slices.Sorted(maps.Keys(byModule)) {
		out = append(out, lowerNames(byModule[m])...)
	}
	return out
}

// inPackagesOfAny are needles that count in packages that depend on one of deps.
func inPackagesOfAny(deps []string, needles ...string) analysis.Needles {
	by := make(map[string][]string, len(deps))
	for _, dep := range deps {
		by[dep] = needles
	}
	return analysis.Needles{ByDependency: by}
}
