package rules

import (
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// The fact pass and the request path. A file with a blocking call that only another
// file's handler could put on the request path is judged again once every fact is
// known (awaitsCallerFacts, factAwaitsCaller). What it reads then are the facts that
// name one of its own module keys: a call (factRequestPathCall), an edge
// (factRequestPathEdge) or a prototype's method (factPrototypeMethod), each followed
// by key + "#" (see calledFromOtherFiles and calledThroughPrototype); the rest of its
// reading starts from those. Where no fact of its package names it, and nothing else
// of it depends on the other files, the second judgement finds what the first found.

// requestPathNamingFacts are the prefixes of the facts a file's request path is read
// from, each followed by one of the file's module keys and "#".
var requestPathNamingFacts = []string{factRequestPathCall, factRequestPathEdge, factPrototypeMethod}

// RequestPathNamed is the set of module keys the request-path facts of a package may
// name.
type RequestPathNamed map[string]bool

// Add takes in the facts of one file of the package. A key may hold "#", so each text
// before a "#" is taken: the set is a superset, which only keeps a file judged again.
func (n RequestPathNamed) Add(facts []analysis.Fact) {
	for _, f := range facts {
		for _, prefix := range requestPathNamingFacts {
			rest, ok := strings.CutPrefix(f.Name, prefix)
			if !ok {
				continue
			}
			for at := range len(rest) {
				if rest[at] == '#' {
					n[rest[:at]] = true
				}
			}
		}
	}
}

// Names reports whether a fact taken in may name the file at abs (any of its keys).
func (n RequestPathNamed) Names(abs string) bool {
	for _, key := range resolve.OwnModuleKeys(abs) {
		if n[key] {
			return true
		}
	}
	return false
}
