package entries

import (
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"
)

// rawEntry is an entry read straight from its file, independently of the
// loader, so the tests can compare what the API returns with what the file says.
type rawEntry struct {
	name  string
	front map[string]any
	body  string
}

func readRaw(t *testing.T) []rawEntry {
	t.Helper()
	names, err := fs.Glob(files, "*.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []rawEntry
	for _, name := range names {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.SplitN(string(data), "\n---\n", 2)
		if len(parts) != 2 || !strings.HasPrefix(parts[0], "---\n") {
			t.Fatalf("%s: no front matter", name)
		}
		var front map[string]any
		if err := yaml.Unmarshal([]byte(strings.TrimPrefix(parts[0], "---\n")), &front); err != nil {
			t.Fatalf("%s: front matter: %v", name, err)
		}
		out = append(out, rawEntry{name: name, front: front, body: parts[1]})
	}
	return out
}

// list reads a front-matter field that is a list (or a single string).
func list(v any) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return []string{fmt.Sprint(v)}
}

func str(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func TestLoadAndSorted(t *testing.T) {
	all := All()
	if len(all) < 6 {
		t.Fatalf("All() returned %d entries, want at least 6", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b *Entry) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("All() is not sorted by ID")
	}
	if got := len(readRaw(t)); got != len(all) {
		t.Errorf("All() returned %d entries, but %d .md files are embedded", len(all), got)
	}
	// All returns a copy: changing it must not change the base.
	all[0] = nil
	if All()[0] == nil {
		t.Error("All() exposes its internal slice")
	}
}

func TestEntriesMatchFiles(t *testing.T) {
	for _, r := range readRaw(t) {
		t.Run(r.name, func(t *testing.T) {
			id := str(r.front["id"])
			if want := strings.TrimSuffix(r.name, ".md"); id != want {
				t.Fatalf("id %q does not equal the file name %q", id, want)
			}
			e := ByID(id)
			if e == nil {
				t.Fatalf("ByID(%q) = nil", id)
			}
			if e.Title != str(r.front["title"]) || e.Docs != str(r.front["docs"]) || e.Answer != str(r.front["answer"]) {
				t.Errorf("title/docs/answer = %q/%q/%q, file says %q/%q/%q", e.Title, e.Docs, e.Answer,
					r.front["title"], r.front["docs"], r.front["answer"])
			}
			for field, got := range map[string][]string{"source": e.Source, "apis": e.APIs, "rules": e.Rules} {
				if want := list(r.front[field]); !slices.Equal(got, want) {
					t.Errorf("%s = %q, file says %q", field, got, want)
				}
			}
			// Sections: the file's "## " headings, in order, with trimmed bodies.
			var titles []string
			for _, line := range strings.Split(r.body, "\n") {
				if strings.HasPrefix(line, "## ") {
					titles = append(titles, strings.TrimSpace(line[3:]))
				}
			}
			var got []string
			for _, s := range e.Sections {
				got = append(got, s.Title)
				if s.Body != strings.TrimSpace(s.Body) {
					t.Errorf("section %q body is not trimmed", s.Title)
				}
				if !strings.Contains(r.body, "## "+s.Title+"\n\n"+s.Body+"\n") {
					t.Errorf("section %q body differs from the file", s.Title)
				}
				if e.Section(s.Title) != s.Body {
					t.Errorf("Section(%q) does not return the section's body", s.Title)
				}
			}
			if !slices.Equal(got, titles) {
				t.Errorf("sections = %q, file headings are %q", got, titles)
			}
			if e.Short() != e.Section("In short") {
				t.Error("Short() is not the In short section")
			}
		})
	}
}

func TestWholeBase(t *testing.T) {
	httpsLink := regexp.MustCompile(`https://[^\s<>()]+`)
	anyLink := regexp.MustCompile(`https?://`)
	ids := map[string]bool{}
	apiOwner := map[string]string{}
	ruleOwner := map[string]string{}
	for _, e := range All() {
		t.Run(e.ID, func(t *testing.T) {
			if ids[e.ID] {
				t.Errorf("duplicate id %q", e.ID)
			}
			ids[e.ID] = true
			if e.Title == "" || e.Docs == "" {
				t.Error("title or docs is empty")
			}
			if !strings.HasPrefix(e.Docs, "https://") {
				t.Errorf("docs %q is not https", e.Docs)
			}
			if e.Answer != "" && e.Answer != "nodecoach" {
				t.Errorf("answer %q", e.Answer)
			}
			for _, req := range []string{"In short", "Why it matters", "Example"} {
				if strings.TrimSpace(e.Section(req)) == "" {
					t.Errorf("required section %q is missing or empty", req)
				}
			}
			for i, s := range e.Sections {
				if s.Body == "" {
					t.Errorf("section %q is empty", s.Title)
				}
				if i > 0 && sectionRank(t, s.Title) <= sectionRank(t, e.Sections[i-1].Title) {
					t.Errorf("section %q is out of order", s.Title)
				}
			}

			// "In short": one paragraph, one or two sentences.
			short := e.Short()
			if strings.Contains(short, "\n\n") {
				t.Error("In short has more than one paragraph")
			}
			if n := len(regexp.MustCompile(`[.!?](\s|$)`).FindAllString(short, -1)); n < 1 || n > 2 {
				t.Errorf("In short has %d sentences, want 1 or 2", n)
			}

			// Example: the first block is a js/ts fence, short, and is what Example() returns.
			ex := e.Example()
			if lang, _, _ := strings.Cut(firstLine(ex)+" ", " "); lang != "```js" && lang != "```ts" { // a mark (`js bad`) may follow
				t.Errorf("Example() does not start with a ```js or ```ts fence: %q", firstLine(ex))
			}
			if !strings.HasSuffix(ex, "\n```") {
				t.Errorf("Example() does not end with the closing fence: %q", ex)
			}
			if !strings.HasPrefix(e.Section("Example"), ex) && !strings.Contains(e.Section("Example"), "\n"+ex) {
				t.Error("Example() is not a block of the Example section")
			}
			if before, _, _ := strings.Cut(e.Section("Example"), ex); strings.Contains(before, "```") {
				t.Error("Example() is not the first code block")
			}
			if n := strings.Count(ex, "\n") - 1; n > 15 {
				t.Errorf("the best example has %d lines, want at most 15", n)
			}

			// Links: References are https bullets; no http links outside code.
			if refs := e.Section("References"); refs != "" {
				for _, line := range strings.Split(refs, "\n") {
					if line = strings.TrimSpace(line); line == "" {
						continue
					}
					if !strings.HasPrefix(line, "- ") || !httpsLink.MatchString(line) {
						t.Errorf("reference %q is not a bullet with an https link", line)
					}
				}
			}
			for _, s := range e.Sections {
				if s.Title == "Example" {
					continue
				}
				for _, m := range anyLink.FindAllString(s.Body, -1) {
					if m != "https://" {
						t.Errorf("section %q has a non-https link", s.Title)
					}
				}
			}
			if w := e.Section("What the interview answer gets wrong"); w != "" && !httpsLink.MatchString(w) {
				t.Error("the correction section cites no https link")
			}

			// Every source is a known question; entries without an answered
			// source (rounds 1-4) must say the project wrote the answer.
			answered := false
			for _, id := range e.Source {
				if Question(id) == "" {
					t.Errorf("source %q is not in questions.yaml", id)
				}
				answered = answered || id[1] <= '4'
			}
			if !answered && e.Answer != "nodecoach" {
				t.Error("no source has a seed answer, but answer is not nodecoach")
			}

			for _, api := range e.APIs {
				if o, dup := apiOwner[api]; dup {
					t.Errorf("api %q is also listed by %q", api, o)
				}
				apiOwner[api] = e.ID
				if ByAPI(api) != e {
					t.Errorf("ByAPI(%q) does not return this entry", api)
				}
				if strings.HasPrefix(api, "node:") {
					t.Errorf("api %q keeps the node: prefix", api)
				}
			}
			for _, r := range e.Rules {
				if o, dup := ruleOwner[r]; dup {
					t.Errorf("rule %q is also listed by %q", r, o)
				}
				ruleOwner[r] = e.ID
				if ByRule(r) != e {
					t.Errorf("ByRule(%q) does not return this entry", r)
				}
			}
			if ByID(e.ID) != e {
				t.Error("ByID does not return this entry")
			}
		})
	}
}

func sectionRank(t *testing.T, title string) int {
	for i, s := range []string{"In short", "Why it matters", "Example", "What the interview answer gets wrong", "References"} {
		if s == title {
			return i
		}
	}
	t.Errorf("unknown section %q", title)
	return -1
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// The entries this package must provide, with what each must say.
func TestRequiredEntries(t *testing.T) {
	tests := []struct {
		id       string
		source   []string
		rules    []string
		apis     []string
		corrects bool     // the seed is wrong here: needs the correction section
		mentions []string // facts the text must state
	}{
		{
			id: "event-loop", source: []string{"R1.1"},
			apis:     []string{"timers.setTimeout", "timers.setInterval", "perf_hooks.monitorEventLoopDelay"},
			corrects: true,
			mentions: []string{"libuv 1.45", "worker pool", "poll"},
		},
		{
			id: "express-middleware", source: []string{"R1.3"},
			apis:     []string{"express.app.use", "express.router.use", "express.json", "express.static"},
			corrects: true,
			mentions: []string{"next('route')", "`length`", "four"},
		},
		{
			id: "express-async-errors", source: []string{"R1.4"}, rules: []string{"express-async-missing-next"},
			apis:     []string{"express.app.get", "express.app.post", "express.app.delete", "express.router.get", "express.router.post", "express.router.delete"},
			corrects: true,
			mentions: []string{"Express 4", "Express 5.0.0", "next(err)", "reject"},
		},
		{
			id: "sync-vs-async-io", source: []string{"R2.1"}, rules: []string{"no-sync-fs-in-handler"},
			apis:     []string{"fs.readFileSync", "fs.writeFileSync", "fs.appendFileSync", "fs.readdirSync", "fs.statSync", "fs.existsSync", "fs.mkdirSync", "fs.unlinkSync", "fs.readFile", "fs/promises.readFile"},
			mentions: []string{"existsSync", "cheap", "still synchronous", "startup"},
		},
		{
			id: "thread-pool", source: []string{"R2.2"},
			apis:     []string{"crypto.pbkdf2", "crypto.scrypt", "crypto.randomFill", "zlib.gzip", "dns.lookup", "dns.resolve"},
			corrects: true,
			mentions: []string{"UV_THREADPOOL_SIZE", "1024", "c-ares", "IOCP"},
		},
		{
			id: "cors", source: []string{"R2.4", "R6.27"}, rules: []string{"cors-allow-all"},
			apis:     []string{"cors"},
			corrects: true,
			mentions: []string{"preflight", "credentials", "Access-Control-Allow-Origin: *"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			e := ByID(tt.id)
			if e == nil {
				t.Fatalf("ByID(%q) = nil", tt.id)
			}
			if !slices.Equal(e.Source, tt.source) {
				t.Errorf("source = %q, want %q", e.Source, tt.source)
			}
			for _, r := range tt.rules {
				if got := ByRule(r); got != e {
					t.Errorf("ByRule(%q) = %v, want %q", r, idOf(got), tt.id)
				}
			}
			for _, api := range tt.apis {
				if got := ByAPI(api); got != e {
					t.Errorf("ByAPI(%q) = %v, want %q", api, idOf(got), tt.id)
				}
			}
			wrong := e.Section("What the interview answer gets wrong")
			if tt.corrects {
				if wrong == "" {
					t.Error("missing the section What the interview answer gets wrong")
				} else if !strings.Contains(wrong, "https://") {
					t.Error("the correction section has no https link")
				}
			}
			md := e.Markdown()
			for _, m := range tt.mentions {
				if !strings.Contains(md, m) {
					t.Errorf("the entry does not mention %q", m)
				}
			}
			lines := strings.Count(md, "\n")
			if lines < 35 || lines > 100 {
				t.Errorf("the rendered entry has %d lines, want about 40-90", lines)
			}
		})
	}
}

func idOf(e *Entry) any {
	if e == nil {
		return nil
	}
	return e.ID
}

func TestLookups(t *testing.T) {
	tests := []struct {
		name string
		got  *Entry
		want string // "" means nil
	}{
		{"ByAPI fs.readFileSync", ByAPI("fs.readFileSync"), "sync-vs-async-io"},
		{"ByAPI fs/promises.readFile", ByAPI("fs/promises.readFile"), "sync-vs-async-io"},
		{"ByAPI dns.lookup", ByAPI("dns.lookup"), "thread-pool"},
		{"ByAPI timers.setImmediate", ByAPI("timers.setImmediate"), "nexttick-vs-setimmediate"},
		{"ByAPI express.app.put", ByAPI("express.app.put"), "put-vs-patch"},
		{"ByAPI express.app.use", ByAPI("express.app.use"), "express-middleware"},
		{"ByAPI express.router.post", ByAPI("express.router.post"), "express-async-errors"},
		{"ByAPI cors", ByAPI("cors"), "cors"},
		{"ByAPI node: prefix is not canonical", ByAPI("node:fs.readFileSync"), ""},
		{"ByAPI bare global is not canonical", ByAPI("setTimeout"), ""},
		{"ByAPI unknown", ByAPI("fs.nope"), ""},
		{"ByAPI empty", ByAPI(""), ""},
		{"ByRule no-sync-fs-in-handler", ByRule("no-sync-fs-in-handler"), "sync-vs-async-io"},
		{"ByRule express-async-missing-next", ByRule("express-async-missing-next"), "express-async-errors"},
		{"ByRule cors-allow-all", ByRule("cors-allow-all"), "cors"},
		{"ByRule unknown", ByRule("no-such-rule"), ""},
		{"ByID unknown", ByID("no-such-entry"), ""},
		{"ByID empty", ByID(""), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want == "" {
				if tt.got != nil {
					t.Errorf("got %q, want nil", tt.got.ID)
				}
				return
			}
			if tt.got == nil || tt.got.ID != tt.want {
				t.Errorf("got %v, want %q", idOf(tt.got), tt.want)
			}
		})
	}
}

func TestSectionAccessors(t *testing.T) {
	e := ByID("sync-vs-async-io")
	if e.Section("No such section") != "" {
		t.Error("Section of an absent title is not empty")
	}
	if e.Section("What the interview answer gets wrong") != "" {
		t.Error("sync-vs-async-io has no correction, but the section is not empty")
	}
	if !strings.HasPrefix(e.Short(), "A `*Sync` file call") {
		t.Errorf("Short() = %q", e.Short())
	}
	ex := e.Example()
	if !strings.HasPrefix(ex, "```js\nconst fs = require('node:fs');") || !strings.HasSuffix(ex, "\n```") {
		t.Errorf("Example() = %q", ex)
	}
	// An entry value built by hand behaves the same way.
	h := &Entry{Sections: []Section{{"Example", "Text.\n\n```ts\nlet a = 1;\n```\n\n```js\nb();\n```"}}}
	if got := h.Example(); got != "```ts\nlet a = 1;\n```" {
		t.Errorf("Example() of a hand-built entry = %q", got)
	}
	if (&Entry{}).Example() != "" || (&Entry{}).Short() != "" {
		t.Error("accessors of an empty entry are not empty")
	}
}

func TestMarkdown(t *testing.T) {
	for _, e := range All() {
		t.Run(e.ID, func(t *testing.T) {
			md := e.Markdown()
			if !strings.HasPrefix(md, "# "+e.Title+"\n\n") {
				t.Errorf("Markdown() does not start with the title: %q", firstLine(md))
			}
			for _, id := range e.Source {
				if !strings.Contains(md, id+" “"+Question(id)+"”") {
					t.Errorf("Markdown() does not name source %s with its question", id)
				}
			}
			if !strings.Contains(md, e.Docs) {
				t.Error("Markdown() does not link the docs")
			}
			last := -1
			for _, s := range e.Sections {
				i := strings.Index(md, "## "+s.Title+"\n\n"+s.Body+"\n")
				if i < 0 {
					t.Errorf("Markdown() lacks section %q", s.Title)
				} else if i < last {
					t.Errorf("section %q is out of order", s.Title)
				}
				last = i
			}
			if strings.Count(md, "\n## ") != len(e.Sections) {
				t.Errorf("Markdown() has %d level-2 headings, want %d", strings.Count(md, "\n## "), len(e.Sections))
			}
		})
	}
	cors := ByID("cors").Markdown()
	if !strings.Contains(cors, "R2.4 “What Is CORS in Express and How Does It Work?”") ||
		!strings.Contains(cors, "R6.27 “What is CORS? How do you configure it securely?”") {
		t.Errorf("cors source line: %q", strings.Split(cors, "\n")[2])
	}
	nc := (&Entry{Title: "T", Answer: "nodecoach", Source: []string{"R5.1"}, Sections: []Section{{"In short", "S."}}}).Markdown()
	if !strings.Contains(nc, "R5.1 “Explain different caching strategies") || !strings.Contains(nc, "nodecoach wrote") {
		t.Errorf("Markdown() of a nodecoach answer: %q", nc)
	}
	none := (&Entry{Title: "T", Sections: []Section{{"In short", "S."}}}).Markdown()
	if !strings.Contains(none, "written by nodecoach") {
		t.Errorf("Markdown() without source: %q", none)
	}
}

func expectedQuestionIDs() []string {
	var ids []string
	add := func(round, from, to int) {
		for i := from; i <= to; i++ {
			ids = append(ids, fmt.Sprintf("R%d.%d", round, i))
		}
	}
	add(1, 1, 8)
	add(2, 1, 10)
	add(3, 1, 15)
	add(4, 1, 18)
	add(5, 1, 20)
	add(6, 21, 30)
	add(7, 31, 35)
	return ids
}

func TestQuestions(t *testing.T) {
	data, err := fs.ReadFile(files, "questions.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]string
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	want := expectedQuestionIDs()
	if len(want) != 86 || len(raw) != 86 {
		t.Fatalf("questions.yaml has %d ids, want 86 (expected list has %d)", len(raw), len(want))
	}
	for _, id := range want {
		if strings.TrimSpace(raw[id]) == "" {
			t.Errorf("questions.yaml lacks %s", id)
		}
		if Question(id) != strings.TrimSpace(raw[id]) {
			t.Errorf("Question(%s) = %q, file says %q", id, Question(id), raw[id])
		}
	}
	tests := []struct{ id, want string }{
		{"R1.1", "Explain how the Node.js Event Loop works."},
		{"R1.4", "How do you handle errors in async/await functions in Node.js and Express?"},
		{"R2.1", "Difference Between Synchronous and Asynchronous Programming in Node.js"},
		{"R2.4", "What Is CORS in Express and How Does It Work?"},
		{"R4.18", "Idempotency in APIs"},
		{"R5.4", "How do you design pagination for a large dataset (1M+ rows)? Offset-based vs cursor-based pagination?"},
		{"R6.21", "Explain OAuth2 in detail (authorization code flow)."},
		{"R7.35", "How does Node.js garbage collection work? (V8 GC algorithm)"},
		{"R6.1", ""},  // rounds 6 and 7 continue the numbering
		{"R5.21", ""}, // past the end of round 5
		{"R8.1", ""},
		{"r1.1", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Question(tt.id); got != tt.want {
			t.Errorf("Question(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

// A valid entry for the parser tests; each case below breaks one thing.
const validEntry = `---
id: sample
source: [R2.1]
title: Sample
apis: [fs.readFileSync]
rules: [some-rule]
docs: https://nodejs.org/api/fs.html
---
## In short

One sentence.

## Why it matters

Because.

## Example

` + "```js\n## not a heading inside code\nfs.readFileSync('x');\n```" + `

## References

- Docs: <https://nodejs.org/api/fs.html>
`

func TestParseEntry(t *testing.T) {
	qs := map[string]string{"R2.1": "Q", "R5.1": "Q5"}
	e, err := parseEntry("sample.md", []byte(validEntry), qs)
	if err != nil {
		t.Fatalf("valid entry: %v", err)
	}
	if len(e.Sections) != 4 || e.Example() != "```js\n## not a heading inside code\nfs.readFileSync('x');\n```" {
		t.Errorf("valid entry parsed as %+v", e)
	}
	if e2, err := parseEntry("sample.md", []byte(strings.ReplaceAll(validEntry, "\n", "\r\n")), qs); err != nil || e2.Short() != "One sentence." {
		t.Errorf("CRLF entry: %v", err)
	}
	if e3, err := parseEntry("sample.md", []byte(strings.Replace(validEntry, "source: [R2.1]", "source: R2.1", 1)), qs); err != nil || !slices.Equal(e3.Source, []string{"R2.1"}) {
		t.Errorf("scalar source: %v", err)
	}

	sub := func(old, new string) string {
		if !strings.Contains(validEntry, old) {
			t.Fatalf("test case does not apply: %q", old)
		}
		return strings.Replace(validEntry, old, new, 1)
	}
	tests := []struct {
		name, file, text, wantErr string
	}{
		{"no front matter", "sample.md", strings.TrimPrefix(validEntry, "---\n"), "front matter"},
		{"unclosed front matter", "sample.md", sub("---\n## In short", "## In short"), "not closed"},
		{"bad yaml", "sample.md", sub("title: Sample", "title: [Sample"), "front matter"},
		{"unknown field", "sample.md", sub("title: Sample", "title: Sample\nauthor: x"), "author"},
		{"id differs from file", "other.md", validEntry, "file name"},
		{"id not kebab", "Sample.md", sub("id: sample", "id: Sample"), "kebab"},
		{"missing id", "sample.md", sub("id: sample\n", ""), "id is missing"},
		{"missing title", "sample.md", sub("title: Sample\n", ""), "title"},
		{"missing docs", "sample.md", sub("docs: https://nodejs.org/api/fs.html\n", ""), "docs"},
		{"http docs", "sample.md", sub("docs: https://", "docs: http://"), "https"},
		{"bad answer", "sample.md", sub("title: Sample", "title: Sample\nanswer: me"), "answer"},
		{"unknown source", "sample.md", sub("[R2.1]", "[R2.11]"), "questions.yaml"},
		{"malformed source", "sample.md", sub("[R2.1]", "[2.1]"), "question id"},
		{"unanswered source needs answer", "sample.md", sub("[R2.1]", "[R5.1]"), "answer: nodecoach"},
		{"no source needs answer", "sample.md", sub("[R2.1]", "[]"), "answer: nodecoach"},
		{"node: prefix in api", "sample.md", sub("[fs.readFileSync]", "[node:fs.readFileSync]"), "canonical"},
		{"duplicate api", "sample.md", sub("[fs.readFileSync]", "[fs.readFileSync, fs.readFileSync]"), "twice"},
		{"bad rule id", "sample.md", sub("[some-rule]", "[Some Rule]"), "rule"},
		{"missing In short", "sample.md", sub("## In short\n\nOne sentence.\n\n", ""), `"In short" is missing`},
		{"missing Why", "sample.md", sub("## Why it matters\n\nBecause.\n\n", ""), `"Why it matters" is missing`},
		{"missing Example", "sample.md", sub("## Example\n\n```js\n## not a heading inside code\nfs.readFileSync('x');\n```\n\n", ""), `"Example" is missing`},
		{"duplicate section", "sample.md", sub("## Example\n\n", "## Why it matters\n\nAgain.\n\n## Example\n\n"), "twice"},
		{"empty section", "sample.md", sub("Because.", ""), "empty"},
		{"unknown section", "sample.md", sub("## Why it matters", "## Why"), "unknown section"},
		{"out of order", "sample.md", sub("## In short\n\nOne sentence.\n\n## Why it matters\n\nBecause.", "## Why it matters\n\nBecause.\n\n## In short\n\nOne sentence."), "out of order"},
		{"text before sections", "sample.md", sub("---\n## In short", "---\nstray\n## In short"), "before the first"},
		{"two-paragraph short", "sample.md", sub("One sentence.", "One.\n\nTwo."), "one paragraph"},
		{"long short", "sample.md", sub("One sentence.", strings.Repeat("word ", 100)+"end."), "one or two sentences"},
		{"example without code", "sample.md", sub("```js\n## not a heading inside code\nfs.readFileSync('x');\n```", "no code"), "no fenced code block"},
		{"example in another language", "sample.md", sub("```js\n", "```sh\n"), "```js or ```ts"},
		{"unclosed fence", "sample.md", sub("fs.readFileSync('x');\n```", "fs.readFileSync('x');"), "not closed"},
		{"http reference", "sample.md", sub("<https://nodejs.org/api/fs.html>", "<http://nodejs.org/api/fs.html>"), "https"},
		{"reference not a bullet", "sample.md", sub("- Docs:", "Docs:"), "bullet"},
		{"reference without link", "sample.md", sub("- Docs: <https://nodejs.org/api/fs.html>", "- Docs"), "no https link"},
		{"correction without link", "sample.md", sub("## References", "## What the interview answer gets wrong\n\nIt is wrong.\n\n## References"), "https link"},
		{"http link in prose", "sample.md", sub("Because.", "See http://example.com."), "not https"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseEntry(tt.file, []byte(tt.text), qs)
			if err == nil {
				t.Fatalf("no error, want one mentioning %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestLoadCrossEntryChecks(t *testing.T) {
	questions := "R2.1: \"Q\"\n"
	entry := func(id, api, rule string) string {
		s := strings.Replace(validEntry, "id: sample", "id: "+id, 1)
		s = strings.Replace(s, "[fs.readFileSync]", "["+api+"]", 1)
		return strings.Replace(s, "[some-rule]", "["+rule+"]", 1)
	}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{"ok", fstest.MapFS{
			"questions.yaml": {Data: []byte(questions)},
			"a.md":           {Data: []byte(entry("a", "fs.a", "r-a"))},
			"b.md":           {Data: []byte(entry("b", "fs.b", "r-b"))},
		}, ""},
		{"api in two entries", fstest.MapFS{
			"questions.yaml": {Data: []byte(questions)},
			"a.md":           {Data: []byte(entry("a", "fs.same", "r-a"))},
			"b.md":           {Data: []byte(entry("b", "fs.same", "r-b"))},
		}, `b.md: api "fs.same" is already listed by entry "a"`},
		{"rule in two entries", fstest.MapFS{
			"questions.yaml": {Data: []byte(questions)},
			"a.md":           {Data: []byte(entry("a", "fs.a", "r-same"))},
			"b.md":           {Data: []byte(entry("b", "fs.b", "r-same"))},
		}, `b.md: rule "r-same" is already listed by entry "a"`},
		{"broken entry names its file", fstest.MapFS{
			"questions.yaml": {Data: []byte(questions)},
			"a.md":           {Data: []byte("no front matter")},
		}, "a.md: missing front matter"},
		{"no questions file", fstest.MapFS{
			"a.md": {Data: []byte(entry("a", "fs.a", "r-a"))},
		}, "questions.yaml"},
		{"bad question id", fstest.MapFS{
			"questions.yaml": {Data: []byte("Q1: \"x\"\n")},
			"a.md":           {Data: []byte(entry("a", "fs.a", "r-a"))},
		}, "bad question id"},
		{"duplicate question id", fstest.MapFS{
			"questions.yaml": {Data: []byte("R2.1: \"x\"\nR2.1: \"y\"\n")},
			"a.md":           {Data: []byte(entry("a", "fs.a", "r-a"))},
		}, "questions.yaml"},
		{"no entries", fstest.MapFS{
			"questions.yaml": {Data: []byte(questions)},
		}, "no entries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := load(tt.fsys)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if len(b.all) != 2 || b.all[0].ID != "a" || b.byAPI["fs.b"].ID != "b" || b.byRule["r-a"].ID != "a" {
					t.Errorf("unexpected base: %+v", b)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestMustLoadPanicsWithFileName(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil {
			t.Fatal("mustLoad did not panic on a malformed entry")
		}
		if msg := fmt.Sprint(r); !strings.Contains(msg, "broken.md") || !strings.Contains(msg, "front matter") {
			t.Errorf("panic %q does not name the file and the problem", msg)
		}
	}()
	mustLoad(fstest.MapFS{
		"questions.yaml": {Data: []byte("R2.1: \"Q\"\n")},
		"broken.md":      {Data: []byte("## In short\n\nNo front matter.\n")},
	})
}

func TestEmbeddedBaseLoads(t *testing.T) {
	// The real files, loaded through the same path as production.
	b, err := load(files)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.all) != len(All()) || len(b.questions) != 86 {
		t.Errorf("load(files) = %d entries / %d questions", len(b.all), len(b.questions))
	}
}
