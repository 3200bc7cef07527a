package pkginfo

import "strings"

// rangeVersion is the lowest version a dependency spec allows, or unknown.
// "npm:name@range" aliases are resolved to their range.
func rangeVersion(spec string) Version {
	spec = strings.TrimSpace(spec)
	if rest, ok := strings.CutPrefix(spec, "npm:"); ok {
		spec = aliasRange(rest)
	}
	v, ok := minVersion(spec)
	if !ok {
		return Version{}
	}
	return v.version(SourceRange)
}

// aliasRange takes "express@^5.1.0" or "@scope/pkg@1" and returns the range
// after the name's "@" ("" when there is none, which then reads as "*").
func aliasRange(s string) string {
	if len(s) < 2 {
		return ""
	}
	if i := strings.IndexByte(s[1:], '@'); i >= 0 {
		return s[i+2:]
	}
	return ""
}

// minVersion mirrors node-semver's minVersion: the lowest version that
// satisfies the range. Two deliberate differences:
//
//   - A set with no lower bound ("*", "", "<5") makes the answer unknown
//     instead of 0.0.0: "the dependency is at least 0.0.0" tells a rule
//     nothing, and a rule must not treat it as a real version.
//   - An unsatisfiable set is skipped rather than failing the whole range:
//     node-semver returns null for "1.0.0 || >=0.5 <0.2" because the
//     lowest set bound (0.5.0) fails its own set; here the answer is 1.0.0.
func minVersion(rng string) (semver, bool) {
	sets, ok := parseRange(rng)
	if !ok {
		return semver{}, false
	}
	var best semver
	found := false
	for _, set := range sets {
		lo, bounded := lowerBound(set)
		if !bounded {
			return semver{}, false
		}
		if !satisfiesAll(set, lo) {
			continue
		}
		if !found || lo.compare(best) < 0 {
			best, found = lo, true
		}
	}
	return best, found
}

// lowerBound is the smallest version the set's ">", ">=" and "=" parts
// allow; bounded is false when the set has none.
func lowerBound(set []comparator) (lo semver, bounded bool) {
	for _, c := range set {
		var cand semver
		switch c.op {
		case opEQ, opGE:
			cand = c.v
		case opGT:
			cand = c.v
			if len(c.v.pre) == 0 {
				cand.patch++
			} else {
				// The next version after a prerelease, as node-semver picks it.
				cand.pre = append(append([]string(nil), c.v.pre...), "0")
			}
		default:
			continue
		}
		if !bounded || cand.compare(lo) > 0 {
			lo, bounded = cand, true
		}
	}
	return lo, bounded
}

func satisfiesAll(set []comparator, v semver) bool {
	for _, c := range set {
		if !c.test(v) {
			return false
		}
	}
	return true
}
