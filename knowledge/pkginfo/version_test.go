package pkginfo

import "testing"

func TestVersionString(t *testing.T) {
	tests := []struct {
		name string
		v    Version
		want string
	}{
		{"zero is unknown", Version{}, "unknown"},
		{"numbers without Known are unknown", Version{Major: 4, Minor: 21, Patch: 2}, "unknown"},
		{"release", Version{Major: 4, Minor: 21, Patch: 2, Known: true}, "4.21.2"},
		{"prerelease", Version{Major: 5, Pre: "beta.1", Known: true}, "5.0.0-beta.1"},
		{"zero version", Version{Known: true}, "0.0.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	// Each version sorts strictly before the next (the semver.org example
	// ordering plus numeric-versus-textual cases).
	ordered := []string{
		"0.0.0-0",
		"0.0.0",
		"1.0.0-alpha",
		"1.0.0-alpha.1",
		"1.0.0-alpha.beta",
		"1.0.0-beta",
		"1.0.0-beta.2",
		"1.0.0-beta.11",
		"1.0.0-beta.100000000000000000000",
		"1.0.0-rc.1",
		"1.0.0",
		"1.0.1",
		"1.2.0",
		"1.10.0",
		"2.0.0",
	}
	parsed := make([]semver, len(ordered))
	for i, s := range ordered {
		v, ok := parseExact(s)
		if !ok {
			t.Fatalf("parseExact(%q) failed", s)
		}
		parsed[i] = v
	}
	for i := range parsed {
		for j := range parsed {
			want := 0
			switch {
			case i < j:
				want = -1
			case i > j:
				want = 1
			}
			if got := parsed[i].compare(parsed[j]); got != want {
				t.Errorf("compare(%s, %s) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestParseExact(t *testing.T) {
	tests := []struct {
		in, want string // want "" means rejected
	}{
		{"4.21.2", "4.21.2"},
		{" 4.21.2 ", "4.21.2"},
		{"v5.0.0", "5.0.0"},
		{"=5.0.0", "5.0.0"},
		{"5.0.0-beta.1", "5.0.0-beta.1"},
		{"5.0.0-beta-1", "5.0.0-beta-1"},
		{"5.0.0+build.7", "5.0.0"},
		{"5.0.0-rc.1+build", "5.0.0-rc.1"},
		{"9007199254740991.0.0", "9007199254740991.0.0"},
		{"9007199254740992.0.0", ""},
		{"5.0", ""},
		{"5", ""},
		{"5.x.0", ""},
		{"05.0.0", ""},
		{"5.0.0-01", ""},
		{"5.0.0-", ""},
		{"5.0.0-a..b", ""},
		{"5.0.0+", ""},
		{"5.0.0_x", ""},
		{"", ""},
		{"latest", ""},
		{"git+https://github.com/expressjs/express.git#abc", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			v, ok := parseExact(tt.in)
			got := ""
			if ok {
				got = v.version(SourceLockfile).String()
			}
			if got != tt.want {
				t.Errorf("parseExact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
