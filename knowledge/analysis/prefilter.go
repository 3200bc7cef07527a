package analysis

import (
	"bytes"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// Quick is what a rule can know about a file before it is parsed: its text, lower
// cased, and its package. Rules use it to say whether they can fire at all, so that
// `check` skips parsing files no rule could report anything in.
type Quick struct {
	lower   []byte
	Package *pkginfo.Package
	seen    map[string]bool // needles already looked for: rules share many
	// rest, when set, answers for the text around lower, which is then a part of the
	// file (see quickAround).
	rest *Quick
}

// NewQuick prepares the quick look at a file.
func NewQuick(src []byte, pkg *pkginfo.Package) *Quick {
	return &Quick{lower: bytes.ToLower(src), Package: pkg, seen: map[string]bool{}}
}

// Mentions reports whether the text contains one of the needles (lower case; the text
// is compared lower-cased, so `Access-Control-Allow-Origin` is found in any case).
func (q *Quick) Mentions(needles ...string) bool {
	for _, n := range needles {
		found, known := q.seen[n]
		if !known {
			found = bytes.Contains(q.lower, []byte(n)) || q.rest != nil && q.rest.Mentions(n)
			q.seen[n] = found
		}
		if found {
			return true
		}
	}
	return false
}

// quickMargin is how far a part's look reaches into the text around it: further than
// any needle is long, so that one across the part's edge is still seen.
const quickMargin = 64

// quickAround is a look at the text of a file outside part, which stays the same while
// part is edited: the part's Quick then scans the part only (see quickPart).
func quickAround(src []byte, part resolve.Span, pkg *pkginfo.Package) *Quick {
	around := append(bytes.ToLower(src[:part.Start]), ' ')
	return &Quick{lower: append(around, bytes.ToLower(src[part.End:])...), Package: pkg, seen: map[string]bool{}}
}

// quickPart looks at src, whose text outside part is what rest looked at, scanning the
// part and a margin around it. It may say a needle is there when it was only cut out
// of the text around; never the reverse.
func quickPart(src []byte, part resolve.Span, rest *Quick) *Quick {
	lo, hi := max(int(part.Start)-quickMargin, 0), min(int(part.End)+quickMargin, len(src))
	return &Quick{lower: bytes.ToLower(src[lo:hi]), Package: rest.Package, seen: map[string]bool{}, rest: rest}
}

// DependsOn reports whether the file's package lists dep.
func (q *Quick) DependsOn(dep string) bool { return q.Package != nil && q.Package.HasDependency(dep) }

// MayFire reports whether any enabled rule could report a finding in src: false means
// the file can be skipped without parsing it. A rule without MayApply can always fire;
// a suppression comment can always be reported unused.
func MayFire(src []byte, pkg *pkginfo.Package, rules []*Rule, opts Options) bool {
	q := NewQuick(src, pkg)
	if q.Mentions("nodecoach-disable") {
		return true
	}
	for _, r := range rules {
		if opts.Severity[r.Name] == Off {
			continue
		}
		if r.MayApply == nil || r.MayApply(q) {
			return true
		}
	}
	return false
}
