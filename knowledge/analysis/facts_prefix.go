package analysis

import (
	"sort"
	"strings"
)

// WithPrefix returns the facts of the package's other files whose name starts with
// prefix: a fact that names both ends of a link (a callee and its caller) is found by
// the end the reader knows. The names that start with prefix are a run of the
// package's sorted names, found by a binary search.
func (v factView) WithPrefix(prefix string) []Fact {
	v.ix.mu.Lock()
	defer v.ix.mu.Unlock()
	pkg := v.ix.byPkg[v.pkgDir]
	if pkg == nil {
		return nil
	}
	names := pkg.sortedNames()
	var out []Fact
	for i := sort.SearchStrings(names, prefix); i < len(names) && strings.HasPrefix(names[i], prefix); i++ {
		for _, r := range pkg.byName[names[i]] {
			if r.path != v.path {
				out = append(out, pkg.files[r.path][r.at])
			}
		}
	}
	return out
}

// sortedNames are the package's fact names in order, sorted again only after the set
// of names changed. The index's lock is held.
func (pkg *packageFacts) sortedNames() []string {
	if pkg.names == nil {
		pkg.names = make([]string, 0, len(pkg.byName))
		for name := range pkg.byName {
			pkg.names = append(pkg.names, name)
		}
		sort.Strings(pkg.names)
	}
	return pkg.names
}
