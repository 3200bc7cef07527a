package syntax

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax/internal/grammar"
)

// The checked-in constants are what the generator writes from the grammars' files;
// run `go generate ./knowledge/syntax` after copying a grammar's node-types.json.
func TestGeneratedKindsAreCurrent(t *testing.T) {
	want, err := grammar.Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(grammar.GeneratedFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go generate ./knowledge/syntax", grammar.GeneratedFile)
	}
}

// Every kind constant is a kind, and every field constant a field, of a grammar the
// parser really runs: node-types.json and the compiled grammar agree.
func TestKindConstantsNameGrammarKinds(t *testing.T) {
	consts := generatedConstants(t)
	if len(consts) < 300 {
		t.Fatalf("only %d constants in %s", len(consts), grammar.GeneratedFile)
	}
	for name, c := range consts {
		found := false
		for lang := range grammars {
			g := lang.Grammar()
			switch c.typ {
			case "NodeKind":
				named := !isKeywordOrToken(name)
				if id := g.IdForNodeKind(c.value, named); id != 0 && g.NodeKindIsVisible(id) {
					found = true
				}
			case "NodeField":
				found = found || g.FieldIdForName(c.value) != 0
			default:
				t.Fatalf("%s has type %s", name, c.typ)
			}
		}
		if !found {
			t.Errorf("%s = %q is a %s of no grammar", name, c.value, c.typ)
		}
	}
	if consts["CallExpression"].value != CallExpression || Kind(nil) != "" {
		t.Error("the parsed constants are not the compiled ones")
	}
}

type generatedConst struct{ typ, value string }

// generatedConstants reads the generated file's constants by parsing it, so that a
// hand edit to it is checked too.
func generatedConstants(t *testing.T) map[string]generatedConst {
	f, err := parser.ParseFile(token.NewFileSet(), grammar.GeneratedFile, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]generatedConst{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, s := range gd.Specs {
			vs := s.(*ast.ValueSpec)
			lit, ok := vs.Values[0].(*ast.BasicLit)
			typ, _ := vs.Type.(*ast.Ident)
			if !ok || typ == nil {
				t.Fatalf("%s is not a typed string constant", vs.Names[0].Name)
			}
			v, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			out[vs.Names[0].Name] = generatedConst{typ.Name, v}
		}
	}
	return out
}

func isKeywordOrToken(name string) bool {
	return strings.HasPrefix(name, "Keyword") || strings.HasPrefix(name, "Token")
}
