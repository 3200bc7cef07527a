package pkginfo

import "testing"

// TestRangeVersion checks the minimum of every range form npm accepts. The
// expected values are what node-semver's minVersion returns, except where
// the comment says nodecoach deliberately reports unknown.
func TestRangeVersion(t *testing.T) {
	const unknown = "unknown"
	tests := []struct {
		spec, want string
	}{
		// Forms the spec names.
		{"^4.21.2", "4.21.2"},
		{"~5.1", "5.1.0"},
		{"4.x", "4.0.0"},
		{">=4.17.0 <5", "4.17.0"},
		{"4.17.1 - 4.18", "4.17.1"},
		{"1.2.3 || 2.0.0", "1.2.3"},
		{"v5.0.0", "5.0.0"},
		{"5.0.0-beta.1", "5.0.0-beta.1"},
		{"npm:express@^5.1.0", "5.1.0"},

		// Exact and primitive comparators.
		{"4.21.2", "4.21.2"},
		{"=4.21.2", "4.21.2"},
		{"=v4.21.2", "4.21.2"},
		{">=4.17.0", "4.17.0"},
		{">= 4.17.0", "4.17.0"},
		{">4.17.0", "4.17.1"},
		{">4.17.0-beta", "4.17.0-beta.0"},
		{">1.2.3-alpha <1.2.4", "1.2.3-alpha.0"},
		{">4", "5.0.0"},
		{">4.17", "4.18.0"},
		{">=4.17", "4.17.0"},
		{"4.21.2+build.1", "4.21.2"},
		{"  ^4.21.2  ", "4.21.2"},

		// Tilde and caret.
		{"~5.1.2", "5.1.2"},
		{"~5", "5.0.0"},
		{"~>5.1.2", "5.1.2"},
		{"~ 5.1.2", "5.1.2"},
		{"~5.1.2-rc.1", "5.1.2-rc.1"},
		{"^0.2.3", "0.2.3"},
		{"^0.0.3", "0.0.3"},
		{"^0.0", "0.0.0"},
		{"^0.x", "0.0.0"},
		{"^1.2.x", "1.2.0"},
		{"^1", "1.0.0"},
		{"^ 1.2.3", "1.2.3"},
		{"^5.0.0-beta.1", "5.0.0-beta.1"},

		// X-ranges.
		{"4", "4.0.0"},
		{"4.17", "4.17.0"},
		{"4.17.x", "4.17.0"},
		{"4.X", "4.0.0"},
		{"4.*", "4.0.0"},
		{"4.x.x", "4.0.0"},
		{"0.x", "0.0.0"},
		{"1.2.x-beta", "1.2.0"},
		{"1.x.3", unknown},

		// Hyphen ranges.
		{"4.17.1 - 4.18.2", "4.17.1"},
		{"4 - 5", "4.0.0"},
		{"4.17 - 5", "4.17.0"},
		{"v4.17.1 - v5", "4.17.1"},

		// Unions pick the lowest satisfiable set.
		{"2.0.0 || 1.2.3", "1.2.3"},
		{"^5.0.0 || ^4.17.1", "4.17.1"},
		{">=5 <4 || 1.0.0", "1.0.0"},
		{"1.0.0 || >=0.5 <0.2", "1.0.0"}, // node-semver: null
		{"1.0.0-rc.1 || 1.0.0", "1.0.0-rc.1"},

		// Bounded above only, or not at all: node-semver says 0.0.0,
		// which is no information, so nodecoach says unknown.
		{"<5", unknown},
		{"<=4.17.1", unknown},
		{"*", unknown},
		{"x", unknown},
		{"", unknown},
		{"   ", unknown},
		{">=0.0.0", "0.0.0"},
		{"^4.0.0 || *", unknown},
		{"npm:express", unknown},
		{"npm:express@latest", unknown},

		// Unsatisfiable.
		{">=5 <4", unknown},
		{">*", unknown},

		// Not ranges at all.
		{"latest", unknown},
		{"next", unknown},
		{"git+https://github.com/expressjs/express.git", unknown},
		{"git://github.com/expressjs/express.git#4.18.2", unknown},
		{"https://registry.example/express-4.18.2.tgz", unknown},
		{"http://example.com/express.tgz", unknown},
		{"file:../express", unknown},
		{"../express", unknown},
		{"github:expressjs/express", unknown},
		{"expressjs/express", unknown},
		{"workspace:*", unknown},
		{"workspace:^1.2.3", unknown},
		{"link:../lib", unknown},
		{"catalog:", unknown},
		{">=", unknown},
		{"^", unknown},
		{"4.17.1 -", unknown},
		{">=4 - 5", unknown},
		{"<>4", unknown},
		{"04.1.0", unknown},
		{"4.1.0-01", unknown},
		{"4.1-beta", unknown},
		{"9007199254740992", unknown},
		{"^4.21.2 && <5", unknown},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			v := rangeVersion(tt.spec)
			if got := v.String(); got != tt.want {
				t.Fatalf("rangeVersion(%q) = %s, want %s", tt.spec, got, tt.want)
			}
			wantSource := SourceRange
			if tt.want == unknown {
				wantSource = SourceUnknown
			}
			if v.Source != wantSource {
				t.Errorf("rangeVersion(%q).Source = %q, want %q", tt.spec, v.Source, wantSource)
			}
		})
	}
}

func TestRangeVersionTooLong(t *testing.T) {
	long := "^1.0.0"
	for len(long) <= maxRangeLength {
		long += " || ^1.0.0"
	}
	if v := rangeVersion(long); v.Known {
		t.Errorf("a %d-character range = %s, want unknown", len(long), v)
	}
}
