package features

import (
	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// Topics are the interview topics the file touches, in the order the code lens shows
// them.
func Topics(f *analysis.File, res analysis.Result) []topics.Topic {
	return topics.ForFile(WholeFile(f, res), res.Findings)
}

// WholeFile is a resolver that spans the whole file for topics: the result's own,
// unless an edit was analysed one statement at a time, whose resolver sees that
// statement only.
func WholeFile(f *analysis.File, res analysis.Result) *resolve.Resolver {
	if r := res.Resolver; r != nil && !r.IsWindow() {
		return r
	}
	return resolve.Build(f.Tree.RootNode(), f.Src, topics.Kinds, resolve.Options{})
}
