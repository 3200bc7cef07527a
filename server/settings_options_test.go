package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// asyncLoad blocks in an async function that nothing shows to be on the request path:
// no-sync-fs-in-handler flags it only with its asyncContext option at hint.
const asyncLoad = "const fs = require('fs');\nasync function load() { return fs.readFileSync('c'); }\nmodule.exports = { load };\n"

// no-sync-fs-in-handler's asyncContext option reaches the editor from .nodecoach.json
// (per rule, or the former top-level key) and from the editor's nodecoach.asyncContext
// setting; a bad option is shown and the server goes on with the defaults.
func TestAsyncContextOptionInTheEditor(t *testing.T) {
	const rule = "no-sync-fs-in-handler"
	project := func(t *testing.T, cfg string) uri.URI {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"dependencies": {"express": "^4.21.2"}}`), 0o644)
		if cfg != "" {
			os.WriteFile(filepath.Join(dir, ".nodecoach.json"), []byte(cfg), 0o644)
		}
		return uri.File(filepath.Join(dir, "load.js"))
	}
	setting := func(t *testing.T, ss *session, section string) {
		t.Helper()
		if err := ss.server.DidChangeConfiguration(ss.ctx(), &protocol.DidChangeConfigurationParams{Settings: protocol.LSPAny(`{"nodecoach": ` + section + `}`)}); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name, file, settings string
		want                 int
		shown                string
	}{
		{"default", "", "", 0, ""},
		{"per rule in .nodecoach.json", `{"rules": {"` + rule + `": ["default", {"asyncContext": "hint"}]}}`, "", 1, ""},
		{"the former top-level key", `{"asyncContext": "hint"}`, "", 1, "deprecated"},
		{"the editor's setting", "", `{"asyncContext": "hint"}`, 1, ""},
		{"the editor's setting wins over the file", `{"rules": {"` + rule + `": ["warning", {"asyncContext": "hint"}]}}`, `{"asyncContext": "off"}`, 0, ""},
		{"per rule in the editor's rules", "", `{"rules": {"` + rule + `": ["default", {"asyncContext": "hint"}]}}`, 1, ""},
		{"a bad value is shown, the defaults apply", "", `{"asyncContext": "always"}`, 0, `option "asyncContext": "always" is not one of off, hint`},
		{"an unknown option is shown", `{"rules": {"` + rule + `": ["warning", {"context": "hint"}]}}`, "", 0, `unknown option "context"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ss := newSession(t)
			ss.initialize(true, false)
			doc := project(t, tc.file)
			if tc.settings != "" {
				setting(t, ss, tc.settings)
			}
			ss.open(doc, "javascript", asyncLoad)
			got := of(rule, ss.pull(doc))
			if len(got) != tc.want || tc.want == 1 && got[0].Severity != protocol.DiagnosticSeverityHint {
				t.Errorf("%d findings %+v, want %d hint", len(got), got, tc.want)
			}
			// The client handles a notification apart from the reply it came before,
			// so a message may land just after the pull's answer.
			if tc.shown != "" {
				eventually(t, fmt.Sprintf("a message saying %q", tc.shown), func() bool {
					return strings.Contains(strings.Join(ss.client.shown(), "\n"), tc.shown)
				})
			}
		})
	}
}
