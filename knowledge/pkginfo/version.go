package pkginfo

import (
	"strconv"
	"strings"
)

// Source says where a Version came from, so a rule can word its message
// ("express 4.21.2 is installed" versus "package.json allows ^4.21.2").
type Source string

// The sources in the order they are consulted.
const (
	SourceInstalled Source = "installed"
	SourceLockfile  Source = "lockfile"
	SourceRange     Source = "range"
	SourceUnknown   Source = ""
)

// Version is a dependency or engine version. The zero value is unknown.
type Version struct {
	Major, Minor, Patch uint64
	Pre                 string // prerelease without the leading '-', e.g. "beta.1"
	Known               bool
	Source              Source
}

// String formats v as semver ("5.0.0-beta.1"), or "unknown".
func (v Version) String() string {
	if !v.Known {
		return "unknown"
	}
	s := strconv.FormatUint(v.Major, 10) + "." +
		strconv.FormatUint(v.Minor, 10) + "." +
		strconv.FormatUint(v.Patch, 10)
	if v.Pre != "" {
		s += "-" + v.Pre
	}
	return s
}

// semver is the internal form: the prerelease is kept split so it can be
// compared by identifier and extended (">1.2.3-beta" needs "1.2.3-beta.0").
type semver struct {
	major, minor, patch uint64
	pre                 []string
}

func (v semver) version(src Source) Version {
	return Version{
		Major: v.major, Minor: v.minor, Patch: v.patch,
		Pre:   strings.Join(v.pre, "."),
		Known: true, Source: src,
	}
}

// compare orders versions by semver precedence: -1, 0 or +1.
func (v semver) compare(w semver) int {
	for _, d := range [...][2]uint64{{v.major, w.major}, {v.minor, w.minor}, {v.patch, w.patch}} {
		if d[0] != d[1] {
			if d[0] < d[1] {
				return -1
			}
			return 1
		}
	}
	// A release sorts after all of its prereleases.
	switch {
	case len(v.pre) == 0 && len(w.pre) == 0:
		return 0
	case len(v.pre) == 0:
		return 1
	case len(w.pre) == 0:
		return -1
	}
	for i := 0; i < len(v.pre) && i < len(w.pre); i++ {
		if c := compareIdent(v.pre[i], w.pre[i]); c != 0 {
			return c
		}
	}
	switch {
	case len(v.pre) < len(w.pre):
		return -1
	case len(v.pre) > len(w.pre):
		return 1
	}
	return 0
}

// compareIdent compares prerelease identifiers: numbers numerically and
// below words. Numeric identifiers have no leading zeros (parsing rejects
// them), so comparing length then text is numeric order without overflow.
func compareIdent(a, b string) int {
	an, bn := isDigits(a), isDigits(b)
	switch {
	case an && bn:
		if len(a) != len(b) {
			if len(a) < len(b) {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	case an:
		return -1
	case bn:
		return 1
	}
	return strings.Compare(a, b)
}

// parseExact parses a concrete version as found in an installed
// package.json or a lockfile. A leading "v" or "=" is tolerated, as npm does.
func parseExact(s string) (semver, bool) {
	p, ok := parsePartial(strings.TrimSpace(s))
	if !ok || p.n != 3 {
		return semver{}, false
	}
	return p.full(), true
}
