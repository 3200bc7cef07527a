package features

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Hover is what a hover at one offset shows from the file alone.
type Hover struct {
	// Parts are the explanations of the findings under the offset, then of the API.
	Parts []string
	// Start and End span what the last part explains; meaningful when Parts is not
	// empty.
	Start, End uint
	// Head is the function whose head (name, parameters) is under the offset: the
	// caller adds the routes that run it, which span the package's files.
	Head *FunctionHead
}

// FunctionHead is a function whose head is under the offset.
type FunctionHead struct {
	Start uint // the function node's start
	Async bool
}

// HoverAt explains the findings and the API under offset, in format.
func HoverAt(f *analysis.File, res analysis.Result, offset uint, format explain.Format) Hover {
	var h Hover
	here := AtOffset(f, res, offset)
	for _, fd := range here.Findings {
		h.Parts = append(h.Parts, explain.Finding(rules.ByName(fd.Rule), fd, format))
		h.Start, h.End = fd.Start, fd.End
	}
	if here.Entry != nil {
		h.Parts = append(h.Parts, explain.API(here.Entry, here.API, format))
		h.Start, h.End = here.Start, here.End
	}
	if f == nil || f.Tree == nil {
		return h
	}
	if fn := syntax.FunctionHeadAt(f.Tree.RootNode(), offset); fn != nil {
		h.Head = &FunctionHead{Start: fn.StartByte(), Async: syntax.IsAsync(fn)}
	}
	return h
}
