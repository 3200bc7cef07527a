package rules

import (
	"bytes"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// What the request path's gate reads of a file before it is parsed: the strings its
// module specifiers may be, and whether it loads a module by a name it computes.

// maxSpecifierLen bounds the texts taken for module specifiers: a module a fact can
// name is a file of the package, whose path is far shorter.
const maxSpecifierLen = 1024

// specifierCandidates calls each with every text between two neighbouring quote
// characters of one kind (', " or `, a quote after an odd run of backslashes not
// counting) that spans one line. Every string literal and every template without
// substitutions is one of them, however the file's regular expressions, comments and
// strings interleave, so the module of any require, import or import() written with
// a literal is among them; the rest are pieces of code between two strings, which only
// make the gate keep a file it could have spared.
func specifierCandidates(src []byte, each func(text []byte)) {
	for _, quote := range []byte{'\'', '"', '`'} {
		open := -1
		for i := 0; ; i++ {
			next := bytes.IndexByte(src[i:], quote)
			if next < 0 {
				break
			}
			if i += next; escaped(src, i) {
				continue
			}
			if open >= 0 && i-open-1 <= maxSpecifierLen && bytes.IndexByte(src[open+1:i], '\n') < 0 {
				each(src[open+1 : i])
			}
			open = i
		}
	}
}

// escaped reports whether the byte at i follows an odd run of backslashes.
func escaped(src []byte, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// loadsComputedModule reports whether the file calls require or import() with
// anything but a literal (`require(path.join(dir, name))`, `import('./' + name)`,
// `require(/* why */ './x')`): a module the gate cannot name. A name merely
// containing the word (`_interopRequire(`, `requireAuth(`) is not counted.
func loadsComputedModule(src []byte) bool {
	for _, word := range []string{"require", "import"} {
		for at := 0; ; {
			i := analysis.IndexWord(src[at:], word)
			if i < 0 {
				break
			}
			i += at
			at = i + len(word)
			if i > 0 && isIdentByte(src[i-1]) || at < len(src) && isIdentByte(src[at]) {
				continue
			}
			if computedArgument(src, at) {
				return true
			}
		}
	}
	return false
}

// computedArgument reports whether the text at from opens a call whose first
// argument is not a plain literal followed by the end of the call or a comma.
func computedArgument(src []byte, from int) bool {
	j := skipSpace(src, from)
	if j >= len(src) || src[j] != '(' {
		return false // `import x from`, `require.resolve(`: no load by a computed name
	}
	j = skipSpace(src, j+1)
	if j >= len(src) {
		return true
	}
	switch q := src[j]; q {
	case '\'', '"', '`':
		end := j + 1
		for end < len(src) && (src[end] != q || escaped(src, end)) {
			if q == '`' && src[end] == '$' && end+1 < len(src) && src[end+1] == '{' {
				return true
			}
			end++
		}
		k := skipSpace(src, end+1)
		return k >= len(src) || (src[k] != ')' && src[k] != ',')
	}
	return true
}

func skipSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}

func isIdentByte(b byte) bool {
	return b == '_' || b == '$' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}

// mayAssignPrototypeMethod reports whether the text may hold an assignment that
// exportPrototypeMethods records as naming another module's function: `C.prototype.m
// = v` (C a name, not a property: `a.C.prototype.m` is no such assignment) where v is
// not a function, class or literal written in place. A comment anywhere in the
// pattern counts as such an assignment, conservatively.
func mayAssignPrototypeMethod(src []byte) bool {
	word := []byte("prototype") // its rarest letter, y, is no rarer where it is
	for at := 0; ; {
		i := bytes.Index(src[at:], word)
		if i < 0 {
			return false
		}
		i += at
		at = i + len(word)
		if prototypeAssignmentAt(src, i, at) {
			return true
		}
	}
}

// prototypeAssignmentAt reads the pattern around the word prototype at src[start:end].
func prototypeAssignmentAt(src []byte, start, end int) bool {
	// Before: C . (a name that is not a property itself).
	j := skipSpaceBack(src, start-1)
	if j < 0 || src[j] != '.' || j > 0 && src[j-1] == '?' {
		return j >= 0 && src[j] == '/'
	}
	j = skipSpaceBack(src, j-1)
	if j >= 0 && src[j] == '/' {
		return true
	}
	k := j
	for k >= 0 && isIdentByte(src[k]) {
		k--
	}
	if k == j {
		return false // not a name: `f().prototype`, `(C).prototype`
	}
	if k = skipSpaceBack(src, k); k >= 0 && (src[k] == '.' || src[k] == '#') {
		return false // `a.C.prototype`: a property, not a name
	}
	// After: ) . m ) = v.
	n := skipParensAndSpace(src, end)
	if n < len(src) && src[n] == '/' {
		return true
	}
	if n >= len(src) || src[n] != '.' {
		return false
	}
	n = skipSpace(src, n+1)
	m := n
	for m < len(src) && isIdentByte(src[m]) {
		m++
	}
	if m == n {
		return n < len(src) && src[n] == '/'
	}
	n = skipParensAndSpace(src, m)
	if n < len(src) && src[n] == '/' {
		return true
	}
	if n+1 >= len(src) || src[n] != '=' || src[n+1] == '=' || src[n+1] == '>' {
		return false
	}
	return !writtenInPlace(src[skipSpace(src, n+1):])
}

// writtenInPlace reports whether an expression starts as a function, class or
// literal: a value that names no other module.
func writtenInPlace(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch c := v[0]; {
	case c >= '0' && c <= '9', c == '\'', c == '"', c == '{', c == '[':
		return true
	}
	for _, w := range []string{"function", "async function", "class", "true", "false", "null"} {
		if bytes.HasPrefix(v, []byte(w)) && (len(v) == len(w) || !isIdentByte(v[len(w)])) {
			return true
		}
	}
	return false
}

func skipSpaceBack(src []byte, i int) int {
	for i >= 0 && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i--
	}
	return i
}

func skipParensAndSpace(src []byte, i int) int {
	for i < len(src) && (src[i] == ')' || src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	return i
}
