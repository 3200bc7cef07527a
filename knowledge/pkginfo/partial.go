package pkginfo

import (
	"strconv"
	"strings"
)

// maxSafeInteger is JavaScript's Number.MAX_SAFE_INTEGER. node-semver
// rejects larger version numbers, and the bound also keeps "+1" from
// overflowing when a range is desugared.
const maxSafeInteger = 1<<53 - 1

// partial is a version as written inside a range, where trailing parts may
// be missing or wildcards: "1", "1.2", "1.x", "*", "1.2.3-beta.1".
type partial struct {
	nums [3]uint64
	n    int      // number of numeric parts before the first wildcard or the end
	pre  []string // only meaningful when n == 3
}

func (p partial) full() semver {
	return semver{major: p.nums[0], minor: p.nums[1], patch: p.nums[2], pre: p.pre}
}

// parsePartial follows node-semver's strict XRANGEPLAIN: optional leading
// "v"/"=" characters, up to three parts that are numbers or x/X/*, and a
// prerelease and build only after a third part. Build metadata is dropped
// because it never affects precedence.
func parsePartial(s string) (partial, bool) {
	s = strings.TrimLeft(s, "v=")
	if s == "" {
		return partial{}, false
	}
	var p partial
	core, build, hasBuild := strings.Cut(s, "+")
	core, pre, hasPre := strings.Cut(core, "-")
	parts := strings.Split(core, ".")
	if len(parts) > 3 || ((hasPre || hasBuild) && len(parts) != 3) {
		return partial{}, false
	}
	if hasBuild && !validIdents(build, false) {
		return partial{}, false
	}
	if hasPre {
		if !validIdents(pre, true) {
			return partial{}, false
		}
		p.pre = strings.Split(pre, ".")
	}
	wild := false
	for i, part := range parts {
		if part == "x" || part == "X" || part == "*" {
			wild = true
			continue
		}
		num, ok := parseNumber(part)
		if !ok || wild {
			// node-semver rejects a number after a wildcard ("1.x.3").
			return partial{}, false
		}
		p.nums[i] = num
		p.n = i + 1
	}
	if p.n < 3 {
		p.pre = nil
	}
	return p, true
}

// parseNumber accepts a semver numeric identifier: 0 or no leading zero.
func parseNumber(s string) (uint64, bool) {
	if !isDigits(s) || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > maxSafeInteger {
		return 0, false
	}
	return n, true
}

// validIdents checks dot-separated prerelease or build identifiers. Numeric
// prerelease identifiers may not have leading zeros; build ones may.
func validIdents(s string, prerelease bool) bool {
	for _, id := range strings.Split(s, ".") {
		if id == "" {
			return false
		}
		for i := 0; i < len(id); i++ {
			c := id[i]
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
				return false
			}
		}
		if prerelease && isDigits(id) && len(id) > 1 && id[0] == '0' {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
