package analysis

import "strings"

// WithPrefix returns the facts of the package's other files whose name starts with
// prefix: a fact that names both ends of a link (a callee and its caller) is found by
// the end the reader knows.
func (v factView) WithPrefix(prefix string) []Fact {
	return v.others(func(f Fact) bool { return strings.HasPrefix(f.Name, prefix) })
}
