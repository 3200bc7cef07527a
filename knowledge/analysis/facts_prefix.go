package analysis

import "strings"

// WithPrefix returns the facts of the package's other files whose name starts with
// prefix: a fact that names both ends of a link (a callee and its caller) is found by
// the end the reader knows.
func (v factView) WithPrefix(prefix string) []Fact {
	v.ix.mu.Lock()
	defer v.ix.mu.Unlock()
	var out []Fact
	for path, ff := range v.ix.byFile {
		if path == v.path || ff.pkgDir != v.pkgDir {
			continue
		}
		for _, f := range ff.facts {
			if strings.HasPrefix(f.Name, prefix) {
				out = append(out, f)
			}
		}
	}
	return out
}
