package fix

import (
	"context"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

func TestImportLine(t *testing.T) {
	cases := []struct {
		imp  Import
		esm  bool
		want string
	}{
		{Import{Name: "helmet", Spec: "helmet"}, false, "const helmet = require('helmet');\n"},
		{Import{Name: "helmet", Spec: "helmet"}, true, "import helmet from 'helmet';\n"},
		{Import{Name: "readFile", Named: true, Spec: "node:fs/promises"}, false, "const { readFile } = require('node:fs/promises');\n"},
		{Import{Name: "readFile", Named: true, Spec: "node:fs/promises"}, true, "import { readFile } from 'node:fs/promises';\n"},
	}
	for _, tc := range cases {
		if got := tc.imp.Line(tc.esm); got != tc.want {
			t.Errorf("%+v esm=%v: got %q, want %q", tc.imp, tc.esm, got, tc.want)
		}
	}
}

func TestInsertionPoint(t *testing.T) {
	cases := []struct {
		name string
		lang syntax.Language
		src  string
		// before is the text the import must go in front of; "" for the end.
		before string
	}{
		{"first statement", syntax.JavaScript, "const a = 1;\n", "const a"},
		{"after a shebang", syntax.JavaScript, "#!/usr/bin/env node\nconst a = 1;\n", "const a"},
		{"after use strict", syntax.JavaScript, "'use strict';\nconst a = 1;\n", "const a"},
		{"after a comment and use strict", syntax.JavaScript, "// app\n'use strict';\n\nrun();\n", "\nrun()"},
		{"TypeScript imports", syntax.TypeScript, "import x from 'x';\nx();\n", "import x"},
		{"only a directive", syntax.JavaScript, "'use strict';\n", ""},
		{"empty file", syntax.JavaScript, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tree, err := syntax.Parse(context.Background(), tc.lang, []byte(tc.src), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer tree.Close()
			at := InsertionPoint(tree.RootNode(), []byte(tc.src))
			rest := tc.src[at:]
			if tc.before == "" {
				if rest != "" {
					t.Errorf("insert at %d before %q, want the end", at, rest)
				}
				return
			}
			if len(rest) < len(tc.before) || rest[:len(tc.before)] != tc.before {
				t.Errorf("insert at %d before %q, want before %q", at, rest, tc.before)
			}
		})
	}
}
