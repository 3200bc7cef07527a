package server

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// nodecoach's own requests, beside LSP's, for the editors' topics view.
const (
	// methodTopics answers the knowledge entries the workspace touches, most places
	// first, each with its places: params {"folder"?: URI}.
	methodTopics = "nodecoach/topics"
	// methodPractice answers an entry as an interview drill: params {"entry": ID}.
	methodPractice = "nodecoach/practice"
)

// customMethods are the methods of nodecoach's own; params are optional for them.
var customMethods = map[string]bool{methodTopics: true, methodPractice: true}

// maxTopicPlaces bounds the places listed per topic: a large workspace touches the
// thread pool in thousands of places, and the answer says how many more there are.
const maxTopicPlaces = 50

// topicUses keeps, per closed file, the API uses of the text last parsed for the
// topics view, so that a refresh parses only the files whose text changed: the view
// asks again whenever diagnostics change, and parsing a whole workspace each time
// would cost about half a millisecond per file.
type topicUses struct {
	mu    sync.Mutex
	files map[string]parsedUses // by URI
}

type parsedUses struct {
	sum   [sha256.Size]byte // of the text
	lines *source.Lines
	uses  []topics.Use
}

// usesOf returns the API uses and line index of a closed file's saved text, parsing
// it only when it changed since the last call.
func (u *topicUses) usesOf(ctx context.Context, docURI string, lang syntax.Language, src []byte) (parsedUses, bool) {
	sum := sha256.Sum256(src)
	u.mu.Lock()
	p, ok := u.files[docURI]
	u.mu.Unlock()
	if ok && p.sum == sum {
		return p, true
	}
	tree, err := syntax.Parse(ctx, lang, src, nil)
	if err != nil {
		return parsedUses{}, false
	}
	defer syntax.Close(tree)
	res := resolve.Build(tree.RootNode(), src, topics.Kinds, resolve.Options{})
	if res.TooDeep() {
		return parsedUses{}, false
	}
	p = parsedUses{sum: sum, lines: source.NewLines(src), uses: topics.Uses(res)}
	u.mu.Lock()
	if u.files == nil {
		u.files = map[string]parsedUses{}
	}
	u.files[docURI] = p
	u.mu.Unlock()
	return p, true
}

// keepOnly drops the files not in keep: gone from the index, or open.
func (u *topicUses) keepOnly(keep map[string][]protocol.Diagnostic) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for docURI := range u.files {
		if _, ok := keep[docURI]; !ok {
			delete(u.files, docURI)
		}
	}
}

// closedTopicPlaces are the topic places of an indexed file that is not open: the API
// uses of its saved text (the index keeps no trees), and the findings the index
// holds. The file is read as the index reads it, within the workspace folders and
// under nodecoach.maxFileSize; one that cannot be read is left out.
func (s *Server) closedTopicPlaces(ctx context.Context, docURI string, diags []protocol.Diagnostic) []topics.Located {
	path, ok := pathOf(docURI)
	if !ok {
		return nil
	}
	lang := syntax.ForPath(path)
	if lang == syntax.Unknown {
		return nil
	}
	src, _, err := s.idx.roots.ReadFile(path, int64(s.maxFileSize()))
	if err != nil {
		return nil
	}
	parsed, ok := s.topicUses.usesOf(ctx, docURI, lang, src)
	if !ok {
		return nil
	}
	lines := parsed.lines
	findings := make([]analysis.Finding, 0, len(diags))
	for _, d := range diags {
		rule, ok := d.Code.(protocol.String)
		if !ok {
			continue
		}
		findings = append(findings, analysis.Finding{Rule: string(rule),
			Start: uint(lines.Offset(source.Position{Line: d.Range.Start.Line, Character: d.Range.Start.Character}, s.encoding)),
			End:   uint(lines.Offset(source.Position{Line: d.Range.End.Line, Character: d.Range.End.Character}, s.encoding))})
	}
	return topics.Locate(docURI, lines, s.encoding, topics.PlacesOf(parsed.uses, findings))
}

// openTopicPlaces are the topic places of an open document at its current version.
func (s *Server) openTopicPlaces(ctx context.Context, d *document) ([]topics.Located, bool) {
	sn, ok := s.current(ctx, d.uri)
	if !ok {
		return nil, false
	}
	res := sn.result.Resolver
	if res == nil || res.TooDeep() {
		sn.release()
		return nil, true
	}
	places := topics.Places(features.WholeFile(sn.file, sn.result), sn.result.Findings)
	sn.release()
	return topics.Locate(d.uri, sn.lines, s.encoding, places), true
}

type topicsParams struct {
	Folder string `json:"folder"`
}

type topicsResult struct {
	Topics []topicItem `json:"topics"`
	Files  int         `json:"files"` // files with at least one place
}

type topicItem struct {
	ID      string       `json:"id"`
	Title   string       `json:"title"`
	Summary string       `json:"summary"` // "In short", on one line
	Total   int          `json:"total"`   // places in all
	Files   int          `json:"files"`
	More    int          `json:"more"` // places left out of Places
	Places  []topicPlace `json:"places"`
}

type topicPlace struct {
	URI   string         `json:"uri"`
	Range protocol.Range `json:"range"`
	API   string         `json:"api,omitempty"`
	Rule  string         `json:"rule,omitempty"`
}

// Request answers nodecoach's own methods, which the protocol's dispatcher hands over
// with their params as they came (nil when there were none); any other method is not
// found.
func (s *Server) Request(ctx context.Context, method string, params any) (any, error) {
	switch method {
	case methodTopics:
		var p topicsParams
		if err := decodeParams(method, params, &p); err != nil {
			return nil, err
		}
		return s.topicsOf(ctx, p)
	case methodPractice:
		var p struct {
			Entry string `json:"entry"`
		}
		if err := decodeParams(method, params, &p); err != nil {
			return nil, err
		}
		return practiceOf(p.Entry)
	}
	return nil, jsonrpc2.NewError(jsonrpc2.MethodNotFound, "method not found: "+method)
}

// decodeParams reads optional params: none, or null, leave v as it is.
func decodeParams(method string, params any, v any) error {
	raw, _ := params.(protocol.LSPAny)
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("invalid params for %s: %v", method, err))
	}
	return nil
}

// topicsOf gathers the topic places of the open documents and of the indexed files
// (an open document speaks for its file), within one workspace folder when asked.
func (s *Server) topicsOf(ctx context.Context, p topicsParams) (*topicsResult, error) {
	inFolder := func(string) bool { return true }
	if p.Folder != "" {
		dir, err := s.workspaceFolder(p.Folder)
		if err != nil {
			return nil, err
		}
		inFolder = func(docURI string) bool {
			path, ok := pathOf(docURI)
			return ok && (path == dir || strings.HasPrefix(path, dir+string(filepath.Separator)))
		}
	}
	byFile := map[string][]topics.Located{}
	open := s.openDocuments()
	for _, d := range open {
		if !inFolder(d.uri) {
			continue
		}
		if places, ok := s.openTopicPlaces(ctx, d); ok {
			byFile[d.uri] = places
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	s.idx.mu.Lock()
	closed := map[string][]protocol.Diagnostic{}
	for docURI, diags := range s.idx.files {
		if _, isOpen := byFile[docURI]; !isOpen && inFolder(docURI) {
			closed[docURI] = diags
		}
	}
	s.idx.mu.Unlock()
	if p.Folder == "" {
		s.topicUses.keepOnly(closed)
	}
	for docURI, diags := range closed {
		if s.doc(docURI) != nil {
			continue // opened since: it speaks for itself
		}
		byFile[docURI] = s.closedTopicPlaces(ctx, docURI, diags)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	var all []topics.Located
	files := 0
	for _, places := range byFile {
		all = append(all, places...)
		if len(places) > 0 {
			files++
		}
	}
	out := &topicsResult{Topics: []topicItem{}, Files: files}
	for _, r := range topics.Rank(all, maxTopicPlaces) {
		item := topicItem{ID: r.Entry.ID, Title: r.Entry.Title, Summary: strings.Join(strings.Fields(r.Entry.Short()), " "),
			Total: r.Total, Files: r.Files, More: r.More, Places: make([]topicPlace, len(r.Places))}
		for i, pl := range r.Places {
			item.Places[i] = topicPlace{URI: pl.File, API: pl.API, Rule: pl.Rule, Range: protocol.Range{
				Start: protocol.Position{Line: pl.Range.Start.Line, Character: pl.Range.Start.Character},
				End:   protocol.Position{Line: pl.Range.End.Line, Character: pl.Range.End.Character},
			}}
		}
		out.Topics = append(out.Topics, item)
	}
	return out, nil
}

// workspaceFolder is the path of the workspace folder a URI names, or an
// InvalidParams error saying it is none.
func (s *Server) workspaceFolder(folderURI string) (string, error) {
	path, ok := pathOf(folderURI)
	if ok {
		path = filepath.Clean(path)
		for _, f := range s.folders {
			if filepath.Clean(f) == path {
				return path, nil
			}
		}
	}
	known := "the session has no workspace folder"
	if len(s.folders) > 0 {
		uris := make([]string, len(s.folders))
		for i, f := range s.folders {
			uris[i] = string(uri.File(f))
		}
		known = "the folders are " + strings.Join(uris, ", ")
	}
	return "", jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf("%s: %q is not a workspace folder (%s)", methodTopics, folderURI, known))
}

type practiceResult struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Questions   []string `json:"questions"`
	Answer      string   `json:"answer"`      // Markdown
	Corrections string   `json:"corrections"` // Markdown, "" when the entry has none
}

// practiceOf answers an entry as an interview drill.
func practiceOf(id string) (*practiceResult, error) {
	e := entries.ByID(id)
	if e == nil {
		return nil, jsonrpc2.NewError(jsonrpc2.InvalidParams, fmt.Sprintf(`%s: no entry %q (params: {"entry": ID}, an id from %s)`, methodPractice, id, methodTopics))
	}
	p := topics.PracticeOf(e)
	return &practiceResult{ID: e.ID, Title: e.Title, Questions: p.Questions, Answer: p.Answer, Corrections: p.Corrections}, nil
}
