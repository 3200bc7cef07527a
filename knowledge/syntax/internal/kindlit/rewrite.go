package kindlit

import (
	"bytes"
	"go/ast"
	"go/format"
	"sort"
	"strconv"
)

// Rewrite replaces f's kind and field literals with the syntax package's constants,
// importing the package when f does not, and returns the formatted source and the
// number of literals replaced (0 and the source unchanged when there were none).
func Rewrite(f *File, h *Helpers, names *Names) ([]byte, int, error) {
	type edit struct {
		start, end int
		text       string
	}
	qualifier, imported := syntaxName(f.AST)
	var edits []edit
	for _, u := range h.Find(f.AST) {
		c := names.Constant(u)
		if c == "" {
			continue
		}
		if qualifier != "" {
			c = qualifier + "." + c
		}
		start := f.Fset.Position(u.Lit.Pos()).Offset
		edits = append(edits, edit{start, start + len(u.Lit.Value), c})
	}
	if len(edits) == 0 {
		return f.Src, 0, nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start < edits[j].start })
	var b bytes.Buffer
	last := 0
	for _, e := range edits {
		b.Write(f.Src[last:e.start])
		b.WriteString(e.text)
		last = e.end
	}
	b.Write(f.Src[last:])
	out := b.Bytes()
	if qualifier != "" && !imported {
		out = addImport(out, f.AST, f.Fset.Position(f.AST.Name.End()).Offset)
	}
	formatted, err := format.Source(out)
	return formatted, len(edits), err
}

// syntaxName is how f names the syntax package: "" inside it, else its import name,
// and whether f imports it already.
func syntaxName(f *ast.File) (string, bool) {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == SyntaxPath {
			if imp.Name != nil {
				return imp.Name.Name, true
			}
			return "syntax", true
		}
	}
	if f.Name.Name == "syntax" {
		return "", true
	}
	return "syntax", false
}

// addImport adds the syntax package to src's imports: into the first import block
// (gofmt then sorts it into place), or as a new declaration after the package
// clause. Edits before the import block never move it, since literals come after.
func addImport(src []byte, f *ast.File, afterPackage int) []byte {
	line := strconv.Quote(SyntaxPath)
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok.String() != "import" {
			continue
		}
		if gd.Lparen.IsValid() {
			at := bytes.Index(src, []byte("import ("))
			if at >= 0 {
				at += len("import (")
				return join(src[:at], []byte("\n\t"+line), src[at:])
			}
		}
		break
	}
	return join(src[:afterPackage], []byte("\n\nimport "+line), src[afterPackage:])
}

func join(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
