// Package entries holds nodecoach's knowledge base: one Markdown file per
// topic, with YAML front matter and fixed sections, embedded in the binary.
//
// Each entry explains a backend concept drawn from a seed interview question
// (see questions.yaml), lists the canonical Node API names it explains (so a
// hover on such an API can find it) and the diagnostic rules that teach it.
// The code blocks of its Example section may be marked `js bad` (the mistake) or
// `js good` (the fix), so a hover shows the right way first (see examples.go).
//
// Everything is parsed and validated once, on first use. The files are part
// of the program, so a malformed entry is a programming error: loading panics
// with the file name and the problem. The package tests load every entry, so
// such a mistake cannot ship.
package entries

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed *.md questions.yaml
var files embed.FS

// Section is one "## " section of an entry.
type Section struct{ Title, Body string }

// Entry is one knowledge entry.
type Entry struct {
	ID, Title, Docs, Answer string
	Source, APIs, Rules     []string
	Sections                []Section // in file order, Body trimmed
}

// Section titles, in the order they must appear.
const (
	SecShort      = "In short"
	SecWhy        = "Why it matters"
	SecExample    = "Example"
	SecGetsWrong  = "What the interview answer gets wrong"
	SecReferences = "References"
)

// sectionOrder lists every allowed section in file order; required marks
// the ones every entry must have.
var sectionOrder = []struct {
	title    string
	required bool
}{
	{SecShort, true},
	{SecWhy, true},
	{SecExample, true},
	{SecGetsWrong, false},
	{SecReferences, false},
}

// AnswerNodecoach is the value of `answer` for entries whose seed question has
// no answer (or that have no seed question): the project wrote the text.
const AnswerNodecoach = "nodecoach"

const maxShortLen = 400 // "In short" is one or two sentences shown first in a hover

var (
	kebabRe    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	questionRe = regexp.MustCompile(`^R[1-7]\.[1-9][0-9]*$`)
	// A canonical API: module (optionally scoped, subpaths kept, no "node:"),
	// then dot-separated members.
	apiRe   = regexp.MustCompile(`^(@[a-z0-9][a-z0-9._-]*/)?[A-Za-z0-9_$][A-Za-z0-9_$-]*(/[a-z0-9_-]+)*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)
	linkRe  = regexp.MustCompile(`https?://[^\s<>()\]]+`)
	fenceRe = regexp.MustCompile("^(```+|~~~+)")
)

// exampleLangs are the info strings accepted for the first (hover) block.
var exampleLangs = map[string]bool{"js": true, "ts": true, "jsx": true, "tsx": true, "javascript": true, "typescript": true}

type base struct {
	all       []*Entry
	byID      map[string]*Entry
	byAPI     map[string]*Entry
	byRule    map[string]*Entry
	questions map[string]string
}

var (
	loadOnce sync.Once
	loaded   *base
)

func get() *base {
	loadOnce.Do(func() { loaded = mustLoad(files) })
	return loaded
}

// mustLoad is load that panics: the embedded files are part of the program.
func mustLoad(fsys fs.FS) *base {
	b, err := load(fsys)
	if err != nil {
		panic("knowledge/entries: " + err.Error())
	}
	return b
}

// All returns every entry, sorted by ID. The slice is a copy; the entries
// are shared and must not be modified.
func All() []*Entry {
	return append([]*Entry(nil), get().all...)
}

// ByID returns the entry with that id, or nil.
func ByID(id string) *Entry { return get().byID[id] }

// ByAPI returns the entry that lists the canonical API name in `apis`, or nil.
func ByAPI(api string) *Entry { return get().byAPI[api] }

// ByRule returns the entry that lists the rule id in `rules`, or nil.
func ByRule(rule string) *Entry { return get().byRule[rule] }

// Question returns the seed question text for an id such as "R2.1", or "".
func Question(id string) string { return get().questions[id] }

// Section returns the body of the section with that title, or "".
func (e *Entry) Section(title string) string {
	for _, s := range e.Sections {
		if s.Title == title {
			return s.Body
		}
	}
	return ""
}

// Short returns the "In short" body.
func (e *Entry) Short() string { return e.Section(SecShort) }

// Example returns the first fenced code block of the "Example" section,
// including its opening and closing fence lines.
func (e *Entry) Example() string {
	block, _ := firstFence(e.Section(SecExample))
	return block
}

// Markdown renders the whole entry: "# Title", a line naming the seed
// questions it answers, the official docs link, then every section.
func (e *Entry) Markdown() string {
	var b strings.Builder
	b.WriteString("# ")
	b.WriteString(e.Title)
	b.WriteString("\n\n")
	b.WriteString(e.sourceLine())
	b.WriteString("\n\n")
	if e.Docs != "" {
		fmt.Fprintf(&b, "Official docs: <%s>\n\n", e.Docs)
	}
	for i, s := range e.Sections {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "## %s\n\n%s\n", s.Title, s.Body)
	}
	return b.String()
}

// sourceLine names the seed questions, with their text, and says who wrote
// the answer when the seed has none.
func (e *Entry) sourceLine() string {
	if len(e.Source) == 0 {
		return "Not from the interview questions: written by nodecoach."
	}
	qs := make([]string, len(e.Source))
	for i, id := range e.Source {
		if q := Question(id); q != "" {
			qs[i] = fmt.Sprintf("%s “%s”", id, q)
		} else {
			qs[i] = id
		}
	}
	word := "question"
	if len(qs) > 1 {
		word = "questions"
	}
	line := fmt.Sprintf("Interview %s: %s", word, strings.Join(qs, "; "))
	if e.Answer == AnswerNodecoach {
		line += " (the interview gives no answer; nodecoach wrote this one)"
	}
	return line
}

// load parses and validates every embedded entry and the question list.
func load(fsys fs.FS) (*base, error) {
	qdata, err := fs.ReadFile(fsys, "questions.yaml")
	if err != nil {
		return nil, err
	}
	questions, err := parseQuestions(qdata)
	if err != nil {
		return nil, fmt.Errorf("questions.yaml: %w", err)
	}
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, errors.New("no entries embedded")
	}
	b := &base{
		byID:      map[string]*Entry{},
		byAPI:     map[string]*Entry{},
		byRule:    map[string]*Entry{},
		questions: questions,
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		e, err := parseEntry(name, data, questions)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if other := b.byID[e.ID]; other != nil {
			return nil, fmt.Errorf("%s: id %q already used", name, e.ID)
		}
		for _, api := range e.APIs {
			if other := b.byAPI[api]; other != nil {
				return nil, fmt.Errorf("%s: api %q is already listed by entry %q", name, api, other.ID)
			}
			b.byAPI[api] = e
		}
		for _, r := range e.Rules {
			if other := b.byRule[r]; other != nil {
				return nil, fmt.Errorf("%s: rule %q is already listed by entry %q", name, r, other.ID)
			}
			b.byRule[r] = e
		}
		b.byID[e.ID] = e
		b.all = append(b.all, e)
	}
	sort.Slice(b.all, func(i, j int) bool { return b.all[i].ID < b.all[j].ID })
	return b, nil
}

// parseQuestions reads questions.yaml: a mapping from question id to text.
func parseQuestions(data []byte) (map[string]string, error) {
	var q map[string]string
	if err := yaml.Unmarshal(data, &q); err != nil {
		return nil, err
	}
	if len(q) == 0 {
		return nil, errors.New("no questions")
	}
	for id, text := range q {
		if !questionRe.MatchString(id) {
			return nil, fmt.Errorf("bad question id %q", id)
		}
		if strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("question %s has no text", id)
		}
		q[id] = strings.TrimSpace(text)
	}
	return q, nil
}

// stringList accepts either a YAML sequence of strings or a single scalar.
type stringList []string

func (l *stringList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*l = nil
			return nil
		}
		*l = stringList{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*l = s
		return nil
	}
	return fmt.Errorf("line %d: want a string or a list of strings", n.Line)
}

type frontMatter struct {
	ID     string     `yaml:"id"`
	Source stringList `yaml:"source"`
	Title  string     `yaml:"title"`
	APIs   stringList `yaml:"apis"`
	Rules  stringList `yaml:"rules"`
	Docs   string     `yaml:"docs"`
	Answer string     `yaml:"answer"`
}

// parseEntry parses one file and checks everything that can be checked on a
// single entry. questions may be nil to skip the source-id check.
func parseEntry(name string, data []byte, questions map[string]string) (*Entry, error) {
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	text = strings.TrimPrefix(text, "\ufeff")
	if !strings.HasPrefix(text, "---\n") {
		return nil, errors.New("missing front matter: the file must start with a --- line")
	}
	rest := text[len("---\n"):]
	end := strings.Index(rest, "\n---\n")
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end = len(rest) - len("\n---")
		} else {
			return nil, errors.New("front matter is not closed by a --- line")
		}
	}
	head, body := rest[:end+1], ""
	if end+len("\n---\n") <= len(rest) {
		body = rest[end+len("\n---\n"):]
	}

	var fm frontMatter
	dec := yaml.NewDecoder(bytes.NewReader([]byte(head)))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	e := &Entry{
		ID:     strings.TrimSpace(fm.ID),
		Title:  strings.TrimSpace(fm.Title),
		Docs:   strings.TrimSpace(fm.Docs),
		Answer: strings.TrimSpace(fm.Answer),
		Source: trimAll(fm.Source),
		APIs:   trimAll(fm.APIs),
		Rules:  trimAll(fm.Rules),
	}
	if err := checkFrontMatter(name, e, questions); err != nil {
		return nil, err
	}
	secs, err := parseSections(body)
	if err != nil {
		return nil, err
	}
	e.Sections = secs
	if err := checkSections(e); err != nil {
		return nil, err
	}
	return e, nil
}

func trimAll(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = strings.TrimSpace(s)
	}
	return out
}

func checkFrontMatter(name string, e *Entry, questions map[string]string) error {
	if e.ID == "" {
		return errors.New("front matter: id is missing")
	}
	if !kebabRe.MatchString(e.ID) {
		return fmt.Errorf("front matter: id %q is not kebab-case", e.ID)
	}
	if want := strings.TrimSuffix(path.Base(name), ".md"); e.ID != want {
		return fmt.Errorf("front matter: id %q does not match the file name (want %q)", e.ID, want)
	}
	if e.Title == "" {
		return errors.New("front matter: title is missing")
	}
	if e.Docs == "" {
		return errors.New("front matter: docs is missing")
	}
	if err := checkHTTPS(e.Docs); err != nil {
		return fmt.Errorf("front matter: docs: %w", err)
	}
	switch e.Answer {
	case "", AnswerNodecoach:
	default:
		return fmt.Errorf("front matter: answer %q: the only allowed value is %q", e.Answer, AnswerNodecoach)
	}
	answered := false
	for i, id := range e.Source {
		if !questionRe.MatchString(id) {
			return fmt.Errorf("front matter: source %q is not a question id such as R2.1", id)
		}
		if questions != nil && questions[id] == "" {
			return fmt.Errorf("front matter: source %q is not in questions.yaml", id)
		}
		if slices.Contains(e.Source[:i], id) {
			return fmt.Errorf("front matter: source %q listed twice", id)
		}
		if seedAnswers(id) {
			answered = true
		}
	}
	if !answered && e.Answer != AnswerNodecoach {
		return fmt.Errorf("front matter: the seed answers none of the sources %v: set answer: %s", e.Source, AnswerNodecoach)
	}
	for i, api := range e.APIs {
		if strings.HasPrefix(api, "node:") || !apiRe.MatchString(api) {
			return fmt.Errorf("front matter: api %q is not a canonical API name", api)
		}
		if slices.Contains(e.APIs[:i], api) {
			return fmt.Errorf("front matter: api %q listed twice", api)
		}
	}
	for i, r := range e.Rules {
		if !kebabRe.MatchString(r) {
			return fmt.Errorf("front matter: rule %q is not a kebab-case rule id", r)
		}
		if slices.Contains(e.Rules[:i], r) {
			return fmt.Errorf("front matter: rule %q listed twice", r)
		}
	}
	return nil
}

// seedAnswers reports whether the seed answers the question: rounds 1-4 have
// answers, rounds 5-7 are questions only.
func seedAnswers(id string) bool {
	return len(id) > 1 && id[1] >= '1' && id[1] <= '4'
}

func checkHTTPS(link string) error {
	if !strings.HasPrefix(link, "https://") || len(link) <= len("https://") || strings.ContainsAny(link, " \t\n") {
		return fmt.Errorf("%q is not an https link", link)
	}
	return nil
}

// parseSections splits the body at "## " headings outside fenced code.
func parseSections(body string) ([]Section, error) {
	var (
		secs  []Section
		cur   *Section
		buf   []string
		fence string
	)
	flush := func() {
		if cur != nil {
			cur.Body = strings.TrimSpace(strings.Join(buf, "\n"))
			secs = append(secs, *cur)
		}
		buf = buf[:0]
	}
	for n, line := range strings.Split(body, "\n") {
		if fence == "" {
			fence = fenceRe.FindString(strings.TrimLeft(line, " "))
		} else if closesFence(line, fence) {
			fence = ""
			buf = append(buf, line)
			continue
		}
		if fence == "" && strings.HasPrefix(line, "## ") {
			flush()
			cur = &Section{Title: strings.TrimSpace(line[3:])}
			continue
		}
		if cur == nil {
			if strings.TrimSpace(line) != "" {
				return nil, fmt.Errorf("body line %d: text before the first ## section", n+1)
			}
			continue
		}
		buf = append(buf, line)
	}
	if fence != "" {
		return nil, errors.New("a fenced code block is not closed")
	}
	flush()
	return secs, nil
}

func checkSections(e *Entry) error {
	pos := -1
	seen := map[string]bool{}
	for _, s := range e.Sections {
		idx := -1
		for i, o := range sectionOrder {
			if o.title == s.Title {
				idx = i
			}
		}
		if idx < 0 {
			return fmt.Errorf("unknown section %q", s.Title)
		}
		if seen[s.Title] {
			return fmt.Errorf("section %q appears twice", s.Title)
		}
		if idx < pos {
			return fmt.Errorf("section %q is out of order", s.Title)
		}
		if s.Body == "" {
			return fmt.Errorf("section %q is empty", s.Title)
		}
		seen[s.Title] = true
		pos = idx
	}
	for _, o := range sectionOrder {
		if o.required && !seen[o.title] {
			return fmt.Errorf("section %q is missing", o.title)
		}
	}

	short := e.Section(SecShort)
	if strings.Contains(short, "\n\n") || strings.Contains(short, "```") {
		return fmt.Errorf("section %q must be one paragraph of plain text", SecShort)
	}
	if len(short) > maxShortLen {
		return fmt.Errorf("section %q is %d bytes; keep it to one or two sentences (at most %d)", SecShort, len(short), maxShortLen)
	}

	block, lang := firstFence(e.Section(SecExample))
	if block == "" {
		return fmt.Errorf("section %q has no fenced code block", SecExample)
	}
	if !exampleLangs[lang] {
		return fmt.Errorf("section %q: the first code block must be ```js or ```ts, not %q", SecExample, lang)
	}

	if err := checkMarks(e); err != nil {
		return err
	}

	if s := e.Section(SecGetsWrong); s != "" && !strings.Contains(s, "https://") {
		return fmt.Errorf("section %q must cite an https link", SecGetsWrong)
	}
	if refs := e.Section(SecReferences); refs != "" {
		if err := checkReferences(refs); err != nil {
			return fmt.Errorf("section %q: %w", SecReferences, err)
		}
	}
	for _, s := range e.Sections {
		if s.Title == SecExample {
			continue // example code may mention plain http URLs such as localhost
		}
		for _, l := range linkRe.FindAllString(s.Body, -1) {
			if !strings.HasPrefix(l, "https://") {
				return fmt.Errorf("section %q: link %q is not https", s.Title, l)
			}
		}
	}
	return nil
}

// checkReferences requires a bulleted list whose every item has an https link.
func checkReferences(body string) error {
	items := 0
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "- ") && !strings.HasPrefix(t, "* ") {
			if line != t { // an indented continuation of the previous item
				continue
			}
			return fmt.Errorf("%q is not a bullet", t)
		}
		items++
		if !strings.Contains(t, "https://") {
			return fmt.Errorf("bullet %q has no https link", t)
		}
	}
	if items == 0 {
		return errors.New("no bullets")
	}
	return nil
}

// closesFence reports whether line closes a block opened with fence: the same
// fence character, at least as many of them, and nothing else.
func closesFence(line, fence string) bool {
	c := strings.TrimSpace(line)
	return strings.HasPrefix(c, fence) && strings.Trim(c, fence[:1]) == ""
}

// firstFence returns the first fenced code block in md, fence lines included,
// and its language (the first word of the info string).
func firstFence(md string) (block, lang string) {
	lines := strings.Split(md, "\n")
	for i, line := range lines {
		t := strings.TrimLeft(line, " ")
		open := fenceRe.FindString(t)
		if open == "" {
			continue
		}
		if f := strings.Fields(t[len(open):]); len(f) > 0 {
			lang = f[0]
		}
		for j := i + 1; j < len(lines); j++ {
			if closesFence(lines[j], open) {
				return strings.Join(lines[i:j+1], "\n"), lang
			}
		}
		return "", ""
	}
	return "", ""
}
