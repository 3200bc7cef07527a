package pkginfo

import "testing"

// TestPartialRanges checks the upper bound each short form puts on a range, which the
// lowest-version tests do not see.
func TestPartialRanges(t *testing.T) {
	v := func(major, minor, patch uint64) semver { return semver{major: major, minor: minor, patch: patch} }
	cases := []struct {
		rng       string
		in, above semver // the highest version admitted is below above
	}{
		{"1", v(1, 9, 9), v(2, 0, 0)},
		{"1.2", v(1, 2, 9), v(1, 3, 0)},
		{"=1.2", v(1, 2, 9), v(1, 3, 0)},
		{"~1", v(1, 9, 0), v(2, 0, 0)},
		{"~1.2", v(1, 2, 9), v(1, 3, 0)},
		{"~1.2.3", v(1, 2, 9), v(1, 3, 0)},
		{"^1", v(1, 9, 0), v(2, 0, 0)},
		{"^1.2", v(1, 9, 0), v(2, 0, 0)},
		{"^0.2", v(0, 2, 9), v(0, 3, 0)},
		{"^0.2.3", v(0, 2, 9), v(0, 3, 0)},
		{"^0.0.3", v(0, 0, 3), v(0, 0, 4)},
	}
	for _, tc := range cases {
		sets, ok := parseRange(tc.rng)
		if !ok || len(sets) != 1 {
			t.Fatalf("parseRange(%q) = %v, %v", tc.rng, sets, ok)
		}
		if !satisfiesAll(sets[0], tc.in) {
			t.Errorf("%s should admit %v", tc.rng, tc.in)
		}
		if satisfiesAll(sets[0], tc.above) {
			t.Errorf("%s should not admit %v", tc.rng, tc.above)
		}
	}
}
