package resolve

import (
	"slices"
	"testing"
)

// TestModuleKeysMeet: the key an import gives a module is among the keys the module's
// own file has, and two different modules never share one.
func TestModuleKeysMeet(t *testing.T) {
	deps := func(pkg string) bool { return pkg == "express" }
	cases := []struct {
		importer, spec, file string
	}{
		{"src/app.js", "./routes", "src/routes/index.js"},
		{"src/app.js", "./routes/users.js", "src/routes/users.ts"},
		{"src/app.ts", "@/controllers/user", "src/controllers/user.ts"},
		{"server/index.ts", "@server/routes", "server/routes/index.ts"},
		{"server/index.ts", "@server/lib/settings", "server/lib/settings.ts"},
		{"src/app.js", "@/routes/api/index.js", "src/routes/api/index.js"},
		{"src/app.js", "@/routes/internal/api/index.js", "src/routes/internal/api/index.js"},
		{"src/app.js", "~/services/mail", "src/services/mail.js"},
	}
	for _, tc := range cases {
		key, ok := ModuleKey(tc.importer, tc.spec, deps)
		if !ok {
			t.Errorf("%s imports %q: no key", tc.importer, tc.spec)
			continue
		}
		if own := OwnModuleKeys(tc.file); !slices.Contains(own, key) {
			t.Errorf("%s imports %q as %q, not among %s's keys %q", tc.importer, tc.spec, key, tc.file, own)
		}
	}
	api, _ := ModuleKey("src/app.js", "@/routes/api/index.js", deps)
	if slices.Contains(OwnModuleKeys("src/routes/internal/api/index.js"), api) {
		t.Errorf("%q also names src/routes/internal/api/index.js", api)
	}
	if _, ok := ModuleKey("src/app.js", "express", deps); ok {
		t.Errorf("a dependency got a module key")
	}
}
