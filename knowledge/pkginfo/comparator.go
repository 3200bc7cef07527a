package pkginfo

// op is a primitive comparison operator; every npm range desugars to sets of
// these ("^1.2.3" is ">=1.2.3 <2.0.0-0").
type op int

const (
	opEQ op = iota
	opGT
	opGE
	opLT
	opLE
)

type comparator struct {
	op op
	v  semver
}

// test reports whether v satisfies the comparator. node-semver's extra rule
// that a prerelease only matches comparators on the same major.minor.patch
// is left out: minVersion only tests candidates taken from the set's own
// comparators, which always meet it.
func (c comparator) test(v semver) bool {
	d := v.compare(c.v)
	switch c.op {
	case opEQ:
		return d == 0
	case opGT:
		return d > 0
	case opGE:
		return d >= 0
	case opLT:
		return d < 0
	case opLE:
		return d <= 0
	}
	return false
}

func ge(v semver) comparator { return comparator{opGE, v} }

// lt0 is "<M.m.p-0": below every version of M.m.p, prereleases included,
// which is how node-semver writes exclusive upper bounds of x-ranges.
func lt0(major, minor, patch uint64) comparator {
	return comparator{opLT, semver{major, minor, patch, []string{"0"}}}
}

// nothing is node-semver's "<0.0.0-0", a set no version satisfies.
var nothing = []comparator{lt0(0, 0, 0)}
