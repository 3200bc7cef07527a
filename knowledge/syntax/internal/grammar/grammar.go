// Package grammar reads the node-types.json of the grammars nodecoach parses with and
// names their node kinds and fields in Go: the source of the syntax package's kind
// constants, of the rewrite that replaces kind literals with them, and of the check
// that no literal comes back.
package grammar

import (
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The files are copies of src/node-types.json of the grammar modules go.mod pins
// (Sources), kept in the repository so that generating needs neither the network nor
// the module cache. Copy them again when go.mod moves a grammar.
//
//go:embed nodetypes/*.json
var files embed.FS

// Source is one grammar's node-types.json and the module version it was copied from.
type Source struct {
	Language string // javascript, typescript or tsx, as syntax.Language names it
	Module   string
	Version  string
}

// Sources lists the grammars in the order syntax.Language numbers them.
var Sources = []Source{
	{"javascript", "github.com/tree-sitter/tree-sitter-javascript", "v0.25.0"},
	{"typescript", "github.com/tree-sitter/tree-sitter-typescript", "v0.23.2"},
	{"tsx", "github.com/tree-sitter/tree-sitter-typescript", "v0.23.2"},
}

// Kind is a node kind of at least one grammar.
type Kind struct {
	Value     string   // the name tree-sitter gives it
	Named     bool     // false for keywords, operators and punctuation
	Languages []string // the grammars that have it
	GoName    string   // the constant's name
}

// Field is a field name of at least one grammar.
type Field struct {
	Value     string
	Languages []string
	GoName    string
}

type nodeType struct {
	Type     string                     `json:"type"`
	Named    bool                       `json:"named"`
	Subtypes []json.RawMessage          `json:"subtypes"`
	Fields   map[string]json.RawMessage `json:"fields"`
}

// Load reads the grammars' node kinds and fields, each sorted by Go name. Supertypes
// (expression, statement, ...) are left out: they group kinds in node-types.json but
// no node of a tree has them as its kind.
func Load() ([]Kind, []Field, error) {
	kinds := map[[2]string]*Kind{} // by value and named-ness
	fields := map[string]*Field{}
	for _, src := range Sources {
		data, err := files.ReadFile("nodetypes/" + src.Language + ".json")
		if err != nil {
			return nil, nil, err
		}
		var types []nodeType
		if err := json.Unmarshal(data, &types); err != nil {
			return nil, nil, fmt.Errorf("%s node-types.json: %w", src.Language, err)
		}
		for _, t := range types {
			if len(t.Subtypes) > 0 {
				continue
			}
			key := [2]string{t.Type, fmt.Sprint(t.Named)}
			k := kinds[key]
			if k == nil {
				k = &Kind{Value: t.Type, Named: t.Named}
				kinds[key] = k
			}
			k.Languages = appendOnce(k.Languages, src.Language)
			for name := range t.Fields {
				f := fields[name]
				if f == nil {
					f = &Field{Value: name, GoName: "Field" + camel(name)}
					fields[name] = f
				}
				f.Languages = appendOnce(f.Languages, src.Language)
			}
		}
	}
	// Every grammar has the kind tree-sitter gives a stretch it could not parse,
	// which node-types.json leaves out.
	all := make([]string, len(Sources))
	for i, src := range Sources {
		all[i] = src.Language
	}
	outKinds := []Kind{{Value: "ERROR", Named: true, Languages: all, GoName: "ErrorNode"}}
	for _, k := range kinds {
		name, err := kindGoName(k.Value, k.Named)
		if err != nil {
			return nil, nil, err
		}
		k.GoName = name
		outKinds = append(outKinds, *k)
	}
	var outFields []Field
	for _, f := range fields {
		outFields = append(outFields, *f)
	}
	sort.Slice(outKinds, func(i, j int) bool { return outKinds[i].GoName < outKinds[j].GoName })
	sort.Slice(outFields, func(i, j int) bool { return outFields[i].GoName < outFields[j].GoName })
	seen := map[string]string{}
	for _, k := range outKinds {
		if prev, ok := seen[k.GoName]; ok {
			return nil, nil, fmt.Errorf("kinds %q and %q both name %s", prev, k.Value, k.GoName)
		}
		seen[k.GoName] = k.Value
	}
	for _, f := range outFields {
		if prev, ok := seen[f.GoName]; ok {
			return nil, nil, fmt.Errorf("field %q and kind %q both name %s", f.Value, prev, f.GoName)
		}
		seen[f.GoName] = f.Value
	}
	return outKinds, outFields, nil
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// kindGoName names a kind: CallExpression for call_expression, KeywordAsync for the
// async keyword (some keywords, such as string and class, are also named kinds), and
// TokenEqEqEq for ===.
func kindGoName(value string, named bool) (string, error) {
	if isWord(value) {
		if named {
			return camel(value), nil
		}
		return "Keyword" + camel(value), nil
	}
	var b strings.Builder
	b.WriteString("Token")
	for _, r := range value {
		word, ok := punctuation[r]
		if !ok {
			return "", fmt.Errorf("no Go name for the kind %q", value)
		}
		b.WriteString(word)
	}
	return b.String(), nil
}

func isWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == ' ') {
			return false
		}
	}
	return s != ""
}

// camel turns snake_case (and the space of "static get") into CamelCase, with Go's
// capitals for initialisms: JSXElement, HTMLComment.
func camel(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == ' ' }) {
		if initialisms[part] {
			b.WriteString(strings.ToUpper(part))
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var initialisms = map[string]bool{"jsx": true, "html": true, "id": true}

var punctuation = map[rune]string{
	'!': "Bang", '=': "Eq", '<': "Lt", '>': "Gt", '&': "Amp", '|': "Pipe", '+': "Plus",
	'-': "Minus", '*': "Star", '/': "Slash", '%': "Percent", '^': "Caret", '~': "Tilde",
	'?': "Question", ':': "Colon", '.': "Dot", ',': "Comma", ';': "Semicolon",
	'(': "LParen", ')': "RParen", '[': "LBracket", ']': "RBracket", '{': "LBrace",
	'}': "RBrace", '@': "At", '`': "Backtick", '"': "DoubleQuote", '\'': "Quote", '$': "Dollar",
}
