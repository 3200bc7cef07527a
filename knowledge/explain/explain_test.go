package explain

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// TestAPIHoversAreShort: every API hover fits 22 lines and keeps what a hover
// promises: title, the API, the example, the interview question and a docs link.
func TestAPIHoversAreShort(t *testing.T) {
	for _, e := range entries.All() {
		for _, api := range e.APIs {
			md := API(e, api, Markdown)
			if n := strings.Count(md, "\n") + 1; n > maxHoverLines {
				t.Errorf("%s: the hover has %d lines, want %d at most:\n%s", api, n, maxHoverLines, md)
			}
			for _, want := range []string{"### " + e.Title, "`" + api + "`: ", "```", e.Docs, "nodecoach explain " + e.ID} {
				if !strings.Contains(md, want) {
					t.Errorf("%s: hover lacks %q:\n%s", api, want, md)
				}
			}
			if len(e.Source) > 0 && !strings.Contains(md, "Interview "+e.Source[0]) {
				t.Errorf("%s: hover does not name the interview question", e.ID)
			}
			if e.Answer == entries.AnswerNodecoach && !strings.Contains(md, "without an answer") {
				t.Errorf("%s: the hover must say the interview gives no answer", e.ID)
			}
			plain := API(e, api, Plain)
			if strings.Contains(plain, "```") || strings.Contains(plain, "### ") || strings.Contains(plain, "](") {
				t.Errorf("%s: plain text hover contains Markdown:\n%s", api, plain)
			}
			if n := strings.Count(plain, "\n") + 1; n > maxHoverLines {
				t.Errorf("%s: the plain hover has %d lines, want %d at most", api, n, maxHoverLines)
			}
		}
	}
}

// hoverCode returns the lines of the first fenced block of a Markdown hover.
func hoverCode(md string) []string {
	_, rest, ok := strings.Cut(md, "```")
	if !ok {
		return nil
	}
	_, rest, _ = strings.Cut(rest, "\n") // the info string
	code, _, _ := strings.Cut(rest, "\n```")
	return strings.Split(code, "\n")
}

// spelling is how code writes an API where it is used: its last member, `next` for
// a handler's next function, the module's name for a whole module.
func spelling(api string) string {
	if api == NextAPI {
		return "next("
	}
	if i := strings.LastIndex(api, "."); i >= 0 && !strings.Contains(api[i:], "/") {
		return api[i+1:]
	}
	return strings.TrimPrefix(api, "@")
}

// importedBy: api is a whole module, used under a local name (`new Queue()` from
// bull), and the block the code comes from imports it.
func importedBy(e *entries.Entry, code []string, api string) bool {
	if strings.Contains(strings.TrimPrefix(api, "socket.io"), ".") {
		return false // a member: its own name must show
	}
	for _, b := range e.Examples() {
		if strings.Contains(b.Code, strings.Join(code, "\n")) && (strings.Contains(b.Code, "'"+api+"'") || strings.Contains(b.Code, `"`+api+`"`)) {
			return true
		}
	}
	return false
}

// TestAPIHoverShowsTheAPIInItsExample: for every API, the code of its hover uses the
// API by name, or the hover says that the entry has no example of it. Either way the
// code shown is never a block marked bad.
func TestAPIHoverShowsTheAPIInItsExample(t *testing.T) {
	without := 0
	for _, e := range entries.All() {
		right := map[string]bool{}
		for _, b := range e.Examples() {
			if b.Mark != entries.MarkBad {
				for _, l := range strings.Split(b.Code, "\n") {
					right[strings.TrimSpace(l)] = true
				}
			}
		}
		for _, api := range e.APIs {
			md := API(e, api, Markdown)
			code := hoverCode(md)
			if !strings.Contains(strings.Join(code, "\n"), spelling(api)) && !importedBy(e, code, api) {
				if !strings.Contains(md, "No example of this entry uses") {
					t.Errorf("%s: the example shown does not use it and the hover does not say so:\n%s", api, md)
				}
				without++
			}
			for _, l := range code {
				if l = strings.TrimSpace(l); l != "// …" && !right[l] {
					t.Errorf("%s: the hover shows %q, which is not in a block of %s that is right to copy", api, l, e.ID)
				}
			}
		}
	}
	t.Logf("%d APIs have no example of their own", without)
}

// TestHoversShowTheFix: the APIs the issue named show the fixed code, not the mistake
// their entry starts with.
func TestHoversShowTheFix(t *testing.T) {
	tests := []struct{ api, want, notWant string }{
		{"jsonwebtoken.verify", "algorithms: ['HS256']", "jwt.decode"},
		{"timers.setImmediate", "setImmediate(drain)", "process.nextTick(drain)"},
		{"process.nextTick", "", "process.nextTick(drain)"},
		{"timers.clearInterval", "bus.off('order', onOrder)", ""},
		{"fs.readFileSync", "// startup: fine", "views/terms.html"},
		{"fs/promises.readFile", "await fsp.readFile", "fs.readFileSync('views"},
		{"express.app.get", "next(err)", "const user = await User.findById"},
		{"mongoose.model.findOneAndUpdate", "$inc", "product.save()"},
		{"stream/promises.pipeline", "ENOENT", ""},
		{"zlib.createGzip", "pipeline(fs.createReadStream(src), zlib.createGzip()", ""},
		{"express.NextFunction", "next('route')", ""},
		{"express.app.listen", "app.listen(", ""},
		{"express.response.json", "res.json(fullReport", "res.json(user)"},
		{"express.request.body", "req.body", ""},
	}
	for _, tt := range tests {
		e := entries.ByAPI(tt.api)
		if e == nil {
			t.Errorf("%s: no entry", tt.api)
			continue
		}
		code := strings.Join(hoverCode(API(e, tt.api, Markdown)), "\n")
		if !strings.Contains(code, tt.want) {
			t.Errorf("%s: the example lacks %q:\n%s", tt.api, tt.want, code)
		}
		if tt.notWant != "" && strings.Contains(code, tt.notWant) {
			t.Errorf("%s: the example shows the mistake %q:\n%s", tt.api, tt.notWant, code)
		}
	}
}

// TestFindingHoversPutTheFixFirst: for every rule, the hover says the message once,
// the fix before the concept, no scope notes, and fits the budget.
func TestFindingHoversPutTheFixFirst(t *testing.T) {
	for _, r := range rules.All() {
		msg := "message of " + r.Name
		md := Finding(r, analysis.Finding{Rule: r.Name, Severity: r.Severity, Message: msg}, Markdown)
		if strings.Count(md, msg) != 1 {
			t.Errorf("%s: the message is not said exactly once:\n%s", r.Name, md)
		}
		if n := strings.Count(md, "\n") + 1; n > maxHoverLines {
			t.Errorf("%s: the hover has %d lines, want %d at most:\n%s", r.Name, n, maxHoverLines, md)
		}
		for _, scope := range []string{"not flagged", "is silent", "Flags "} {
			if strings.Contains(md, scope) {
				t.Errorf("%s: the hover carries the rule's scope notes (%q):\n%s", r.Name, scope, md)
			}
		}
		e := entries.ByRule(r.Name)
		if e == nil {
			continue
		}
		fix, concept := strings.Index(md, "**Use instead:**"), strings.Index(md, "**"+e.Title+"**")
		if fix < 0 || concept < 0 || fix > concept {
			t.Errorf("%s: want the fix (at %d) before the concept (at %d):\n%s", r.Name, fix, concept, md)
		}
	}
}

// TestFindingHoverShowsTheEntrysFix: the part of the entry's good example that uses
// what the rule looks at comes with the advice, before the concept; the scope note
// of no-sync-fs-in-handler (startup code is not flagged) stays out.
func TestFindingHoverShowsTheEntrysFix(t *testing.T) {
	md := Finding(rules.ByName("jwt-verify-no-algorithms"), analysis.Finding{Rule: "jwt-verify-no-algorithms", Message: "m"}, Markdown)
	if code := strings.Join(hoverCode(md), "\n"); !strings.Contains(code, "algorithms: ['HS256']") || strings.Index(md, "algorithms: ['HS256'] })") > strings.Index(md, "**JWT") {
		t.Errorf("jwt-verify-no-algorithms: the fix is not shown before the concept:\n%s", md)
	}
	md = Finding(rules.ByName("no-sync-fs-in-handler"), analysis.Finding{Rule: "no-sync-fs-in-handler", Message: "m"}, Markdown)
	if !strings.Contains(md, "await fsp.readFile") || strings.Contains(md, "Startup code") {
		t.Errorf("no-sync-fs-in-handler:\n%s", md)
	}
}

func TestParseDoc(t *testing.T) {
	d := parseDoc("Flags x.\n\nX blocks the loop. The rule is silent in tests. Every request waits (e.g. Login). Third.\nUse instead: y(), not z.\n\nMore notes.")
	if d.why != "X blocks the loop. Every request waits (e.g. Login)." || d.instead != "y(), not z." || d.insteadCode != nil {
		t.Errorf("prose advice: %+v", d)
	}
	d = parseDoc("Flags x.\nA leak grows.\nUse instead:\n  a();\n    b();\n\nEnd.")
	if d.why != "A leak grows." || d.instead != "" || strings.Join(d.insteadCode, "|") != "a();|  b();" {
		t.Errorf("code advice: %+v", d)
	}
}

func TestFindingAndRule(t *testing.T) {
	r := &analysis.Rule{Name: "no-sync-fs-in-handler", Entry: "sync-vs-async-io", Severity: analysis.Warning, Doc: "Flags sync fs.\n\nBecause."}
	f := analysis.Finding{Rule: r.Name, Severity: analysis.Warning, Message: "fs.readFileSync blocks"}
	md := Finding(r, f, Markdown)
	for _, want := range []string{"### no-sync-fs-in-handler (warning)", "fs.readFileSync blocks", "Because.", "Interview R2.1"} {
		if !strings.Contains(md, want) {
			t.Errorf("finding hover lacks %q:\n%s", want, md)
		}
	}
	full := Rule(r)
	if !strings.HasPrefix(full, "# no-sync-fs-in-handler\n\nDefault severity: warning") || !strings.Contains(full, "## Why it matters") {
		t.Errorf("rule explanation:\n%s", full)
	}
}

func TestRuleDocsDoNotTurnIntoEmphasis(t *testing.T) {
	r := &analysis.Rule{Name: "x", Doc: "Summary.\nA *Sync call in `fs.*Sync` and setup* functions, UV_THREADPOOL_SIZE."}
	md := Finding(r, analysis.Finding{Rule: "x"}, Markdown)
	if !strings.Contains(md, `A \*Sync call in `+"`fs.*Sync`"+` and setup\* functions, UV\_THREADPOOL\_SIZE.`) {
		t.Errorf("emphasis not escaped outside code spans:\n%s", md)
	}
	if plain := Finding(r, analysis.Finding{Rule: "x"}, Plain); strings.Contains(plain, `\*`) {
		t.Errorf("plain text must not carry Markdown escapes:\n%s", plain)
	}
}
