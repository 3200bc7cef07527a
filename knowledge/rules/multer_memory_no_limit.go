package rules

import (
	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// MulterMemoryNoLimit flags multer instances that buffer uploads in memory with no
// file size limit (see docs/rules.md#multer-memory-no-limit).
var MulterMemoryNoLimit = &analysis.Rule{
	Name:  "multer-memory-no-limit",
	Entry: "file-uploads",
	Doc: `Flags multer() with memory storage (its default) and no limits.fileSize.

Memory storage keeps every uploaded file in a Buffer until the request ends, and
multer's default fileSize limit is infinity: one large or slow upload, or a few at
once, can exhaust the process's memory and take every other request down with it.
multer() with no options, or options without storage and dest, use memory storage
too. Options held in a variable the rule cannot see, disk storage, and instances used
only with .none() are not flagged.
Use instead: multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024 } }),
or stream large files to disk or object storage.`,
	Severity: analysis.Warning,
	Kinds:    []string{syntax.CallExpression},
	Calls:    []string{"multer"},
	Run:      runMulterMemoryNoLimit,
}

// multerLimit is the size the fix inserts.
const multerLimit = "fileSize: 10 * 1024 * 1024"

func runMulterMemoryNoLimit(pass *analysis.Pass, call *sitter.Node) {
	if !pass.Resolver.Callee(call).Is("multer") {
		return
	}
	args := secArgs(call)
	if len(args) == 0 {
		if multerOnlyNone(pass, call) {
			return
		}
		list := syntax.Field(call, syntax.FieldArguments)
		pass.ReportNode(call, 0, "multer() keeps uploads in memory with no file size limit; set limits.fileSize", &analysis.Fix{
			Title: "Limit uploads to 10 MB",
			Edits: []analysis.Edit{{Start: list.StartByte(), End: list.EndByte(), NewText: "({ limits: { " + multerLimit + " } })"}},
		})
		return
	}
	opts := secObject(pass, args[0])
	if opts == nil {
		return
	}
	props, unknown := secProps(pass, opts)
	if unknown {
		return
	}
	if _, disk := props["dest"]; disk {
		return
	}
	var at *sitter.Node
	if storage, ok := props["storage"]; ok {
		if !multerMemoryStorage(pass, storage.value) {
			return
		}
		at = syntax.Unwrap(storage.value)
	}
	var fix *analysis.Fix
	if limits, ok := props["limits"]; ok {
		lim := syntax.Unwrap(limits.value)
		if lim == nil || syntax.Kind(lim) != syntax.Object {
			return // limits from a variable: it may well set fileSize
		}
		lp, unknownLimits := secProps(pass, lim)
		if _, ok := lp["fileSize"]; ok || unknownLimits {
			return
		}
		fix = &analysis.Fix{Title: "Limit uploads to 10 MB", Edits: []analysis.Edit{secInsertProp(pass, lim, multerLimit)}}
	} else {
		fix = &analysis.Fix{Title: "Limit uploads to 10 MB", Edits: []analysis.Edit{secInsertProp(pass, opts, "limits: { "+multerLimit+" }")}}
	}
	if multerOnlyNone(pass, call) {
		return
	}
	if at == nil {
		at = syntax.Field(call, syntax.FieldFunction)
	}
	pass.ReportNode(at, 0, "multer memory storage with no limits.fileSize buffers uploads of any size in memory", fix)
}

// multerMemoryStorage reports whether a storage value is multer.memoryStorage(), inline
// or through a const.
func multerMemoryStorage(pass *analysis.Pass, v *sitter.Node) bool {
	v = syntax.Unwrap(v)
	if v != nil && (syntax.Kind(v) == syntax.Identifier || syntax.Kind(v) == syntax.ShorthandPropertyIdentifier) {
		v = secConstInit(pass, v)
	}
	return v != nil && syntax.Kind(v) == syntax.CallExpression && pass.Resolver.Callee(v).Is("multer.memoryStorage")
}

// multerOnlyNone reports whether every use of the instance is .none(), which accepts
// no files at all.
func multerOnlyNone(pass *analysis.Pass, call *sitter.Node) bool {
	if p := syntax.Parent(call); p != nil && syntax.Kind(p) == syntax.MemberExpression {
		return pass.Text(syntax.Field(p, syntax.FieldProperty)) == "none"
	}
	ref := secRefOf(pass, call)
	if ref == nil {
		return false
	}
	uses := ref.calls(pass)
	if len(uses) == 0 {
		return false
	}
	for _, u := range uses {
		if m, _ := secMethod(pass, u); m != "none" {
			return false
		}
	}
	return true
}
