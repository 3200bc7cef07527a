package pkginfo

// The functions here turn one range token into primitive comparators,
// following node-semver's replaceTilde, replaceCaret, replaceXRange and
// hyphenReplace (with includePrerelease off). A nil, non-nothing result
// means "any version".

// partialRange is what a version with parts left out stands for: "1" is 1.x
// (>=1.0.0 <2.0.0-0), "1.2" is 1.2.x; nil (any version) for none at all.
func partialRange(p partial) []comparator {
	M, m := p.nums[0], p.nums[1]
	switch p.n {
	case 0:
		return nil
	case 1:
		return []comparator{ge(semver{major: M}), lt0(M+1, 0, 0)}
	}
	return []comparator{ge(semver{major: M, minor: m}), lt0(M, m+1, 0)}
}

// tilde: "~1.2.3" allows patch updates, "~1" minor ones.
func tilde(p partial) []comparator {
	if p.n < 3 {
		return partialRange(p)
	}
	return []comparator{ge(p.full()), lt0(p.nums[0], p.nums[1]+1, 0)}
}

// caret: "^1.2.3" allows changes that do not modify the left-most non-zero
// part.
func caret(p partial) []comparator {
	M, m, pt := p.nums[0], p.nums[1], p.nums[2]
	switch {
	case p.n < 2 || p.n == 2 && M == 0: // ^1 is 1.x, ^0.2 is 0.2.x
		return partialRange(p)
	case p.n == 2:
		return []comparator{ge(semver{major: M, minor: m}), lt0(M+1, 0, 0)}
	}
	lo := ge(p.full())
	switch {
	case M != 0:
		return []comparator{lo, lt0(M+1, 0, 0)}
	case m != 0:
		return []comparator{lo, lt0(0, m+1, 0)}
	}
	return []comparator{lo, lt0(0, 0, pt+1)}
}

// xrange handles a primitive operator ("", "=", "<", "<=", ">", ">=") in
// front of a possibly partial version: ">1" is ">=2.0.0", "<=1.2" is
// "<1.3.0-0", "1.x" is ">=1.0.0 <2.0.0-0".
func xrange(o string, p partial) []comparator {
	M, m := p.nums[0], p.nums[1]
	if p.n == 0 {
		if o == ">" || o == "<" {
			return nothing
		}
		return nil
	}
	if p.n == 3 {
		return []comparator{{opOf(o), p.full()}}
	}
	if o == "" || o == "=" {
		return partialRange(p)
	}
	if p.n == 1 {
		m = 0
	}
	switch o {
	case ">":
		// Greater than every 1.x (or 1.2.x) means the next major (or minor).
		if p.n == 1 {
			return []comparator{ge(semver{major: M + 1})}
		}
		return []comparator{ge(semver{major: M, minor: m + 1})}
	case ">=":
		return []comparator{ge(semver{major: M, minor: m})}
	case "<=":
		if p.n == 1 {
			return []comparator{lt0(M+1, 0, 0)}
		}
		return []comparator{lt0(M, m+1, 0)}
	}
	// "<"
	return []comparator{lt0(M, m, 0)}
}

func opOf(o string) op {
	switch o {
	case ">":
		return opGT
	case ">=":
		return opGE
	case "<":
		return opLT
	case "<=":
		return opLE
	}
	return opEQ
}

// hyphen: "1.2 - 2.3" is ">=1.2.0 <2.4.0-0", "1.2.3 - 2.3.4" is
// ">=1.2.3 <=2.3.4".
func hyphen(from, to partial) []comparator {
	var set []comparator
	switch from.n {
	case 0:
	case 1:
		set = append(set, ge(semver{major: from.nums[0]}))
	case 2:
		set = append(set, ge(semver{major: from.nums[0], minor: from.nums[1]}))
	default:
		set = append(set, ge(from.full()))
	}
	switch to.n {
	case 0:
	case 1:
		set = append(set, lt0(to.nums[0]+1, 0, 0))
	case 2:
		set = append(set, lt0(to.nums[0], to.nums[1]+1, 0))
	default:
		set = append(set, comparator{opLE, to.full()})
	}
	return set
}
