package pkginfo

import (
	"strings"
	"testing"
)

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    manifest          // deps are checked through the deps field
		deps    map[string]string // name -> min version
		wantErr string            // substring; "" means success
	}{
		{
			name: "full",
			json: `{
				"name": "api", "version": "1.0.0", "type": "module",
				"bin": {"api": "cli.js"},
				"engines": {"node": ">=20.6.0", "npm": ">=10"},
				"dependencies": {"express": "^4.21.2"},
				"devDependencies": {"jest": "~29.7"},
				"peerDependencies": {"pg": ">=8 <9"},
				"optionalDependencies": {"bufferutil": "4.x"}
			}`,
			want: manifest{name: "api", typ: "module", hasBin: true, enginesNode: Version{Major: 20, Minor: 6, Known: true, Source: SourceRange}},
			deps: map[string]string{"express": "4.21.2", "jest": "29.7.0", "pg": "8.0.0", "bufferutil": "4.0.0"},
		},
		{
			name: "empty object",
			json: `{}`,
		},
		{
			name: "commonjs",
			json: `{"type": "commonjs"}`,
			want: manifest{typ: "commonjs"},
		},
		{
			name: "unrecognised type reads as absent",
			json: `{"type": "esm"}`,
		},
		{
			name: "bin string",
			json: `{"bin": "./cli.js"}`,
			want: manifest{hasBin: true},
		},
		{
			name: "empty bin string",
			json: `{"bin": ""}`,
		},
		{
			name: "empty bin object",
			json: `{"bin": {}}`,
		},
		{
			name: "null fields read as absent",
			json: `{"name": null, "dependencies": null, "engines": null, "bin": null}`,
		},
		{
			name: "engines without node",
			json: `{"engines": {"npm": ">=10"}}`,
		},
		{
			name: "unknown engines range",
			json: `{"engines": {"node": "*"}}`,
		},
		{
			name: "byte order mark",
			json: "\uFEFF" + `{"name": "bom"}`,
			want: manifest{name: "bom"},
		},
		{
			name: "unread fields are not checked",
			json: `{"scripts": [], "main": 5, "engines": {"npm": 10}}`,
		},
		{
			name: "optionalDependencies override dependencies",
			json: `{"dependencies": {"x": "^1.0.0"}, "optionalDependencies": {"x": "^2.0.0"}}`,
			deps: map[string]string{"x": "2.0.0"},
		},
		{
			name: "devDependencies beat peerDependencies",
			json: `{"peerDependencies": {"x": ">=4"}, "devDependencies": {"x": "^5.1.0"}}`,
			deps: map[string]string{"x": "5.1.0"},
		},
		{
			name: "unknown ranges are still dependencies",
			json: `{"dependencies": {"a": "latest", "b": "github:u/r", "c": "workspace:*"}}`,
			deps: map[string]string{"a": "unknown", "b": "unknown", "c": "unknown"},
		},

		{name: "invalid JSON", json: `{"name": "x",}`, wantErr: "invalid package.json"},
		{name: "empty file", json: ``, wantErr: "invalid package.json"},
		{name: "array", json: `[]`, wantErr: "invalid package.json"},
		{name: "null document", json: `null`, wantErr: "not an object"},
		{name: "string document", json: `"x"`, wantErr: "invalid package.json"},
		{name: "dependencies array", json: `{"dependencies": []}`, wantErr: `"dependencies"`},
		{name: "devDependencies string", json: `{"devDependencies": "jest"}`, wantErr: `"devDependencies"`},
		{name: "dependency version number", json: `{"dependencies": {"express": 4}}`, wantErr: `"dependencies"`},
		{name: "peer version object", json: `{"peerDependencies": {"pg": {}}}`, wantErr: `"peerDependencies"`},
		{name: "own version number", json: `{"version": 1}`, wantErr: `"version"`},
		{name: "name number", json: `{"name": 1}`, wantErr: `"name"`},
		{name: "type boolean", json: `{"type": true}`, wantErr: `"type"`},
		{name: "bin number", json: `{"bin": 1}`, wantErr: `"bin"`},
		{name: "bin array", json: `{"bin": ["cli.js"]}`, wantErr: `"bin"`},
		{name: "bin object of numbers", json: `{"bin": {"x": 1}}`, wantErr: `"bin"`},
		{name: "engines string", json: `{"engines": ">=18"}`, wantErr: `"engines"`},
		{name: "engines.node number", json: `{"engines": {"node": 18}}`, wantErr: `"node"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := parseManifest([]byte(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one mentioning %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if m.name != tt.want.name || m.typ != tt.want.typ || m.hasBin != tt.want.hasBin || m.enginesNode != tt.want.enginesNode {
				t.Errorf("got name=%q type=%q bin=%v node=%+v, want name=%q type=%q bin=%v node=%+v",
					m.name, m.typ, m.hasBin, m.enginesNode, tt.want.name, tt.want.typ, tt.want.hasBin, tt.want.enginesNode)
			}
			if len(m.deps) != len(tt.deps) {
				t.Errorf("deps = %v, want %v", m.deps, tt.deps)
			}
			for name, want := range tt.deps {
				if got := m.deps[name].min.String(); got != want {
					t.Errorf("dep %s = %s, want %s", name, got, want)
				}
			}
		})
	}
}
