package rules

import "strings"

// calledMethodNeedles are the spellings of a call of one of methods: those of
// analysis.MethodCallNeedles after a dot (`a.m(`, `a?.m(`, `a.m<T>(`, `a.m?.(`,
// a tagged template), and in a subscript only the quoted name followed by its call
// (`a['m'](`, `a['m']?.(`, `a['m']<T>(`, a tagged template), where MethodCallNeedles
// takes any `['m']`. A rule that reports only at such a call, never at a property
// read (`acl['write'] = true`, as compiled code writes a field named like a method),
// needs one. As there, only spaces or a comment between the name and the call hide it,
// which formatted code never has.
func calledMethodNeedles(methods ...string) []string {
	var out []string
	for _, m := range methods {
		m = strings.ToLower(m)
		out = append(out, "."+m+"(", "."+m+"<", "."+m+"?.(", "."+m+"`")
		for _, q := range []string{"'", `"`, "`"} {
			for _, call := range []string{"(", "?.(", "<", "`"} {
				out = append(out, q+m+q+"]"+call)
			}
		}
	}
	return out
}
