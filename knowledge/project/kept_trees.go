package project

import (
	"bytes"
	"sync"
	"sync/atomic"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// keptTreesBudget bounds, in bytes of source text, the parsed files one run keeps for
// their second judgement (see keptTrees); a file beyond it is parsed again. A kept
// tree costs some twenty to twenty-five bytes of memory per byte of its text
// (measured as peak RSS against the budget on the real apps checked for precision):
// one megabyte of text, about 20 MB, keeps the largest of those apps' checks under
// 100 MB where two megabytes passed it. Most apps judge less than that twice; the
// largest then parse the rest again. A run that keeps a cache holds its entries as well
// (a cold check of that app peaked near 88 MB before any tree was kept), so it keeps
// a quarter as much (see runBudget). Tests set it.
var keptTreesBudget int64 = 1 << 20

// runBudget is the kept trees' budget of a run, by whether it keeps a cache.
func runBudget(cached bool) int64 {
	if cached {
		return keptTreesBudget / 4
	}
	return keptTreesBudget
}

// keptTrees are, during one run, the parsed files whose first judgement depends on
// the other files' facts (rules.DependsOnOtherFiles), kept until the fact pass judges
// them again, so that the second judgement runs on the first one's tree rather than
// parsing the same text again: a sixth of the bytes parsed in a check of real apps
// were such second parses. A tree is the same for the same bytes and grammar whatever
// the rules and facts, so only the text is compared: a file whose text changed
// between the judgements (an editor's overlay, a file saved during a long check) is
// parsed afresh. Each kept file is released when taken, when the fact pass has no
// judgement for it, and at the end of the run, however it ends.
//
// A file judged again only for the request path may be spared its second judgement
// (see spared): on the benchmark corpus three fifths of the text kept were such files,
// and they took the budget from files surely judged again. They are kept while the
// budget has room, and a file surely judged again takes their place when it has not.
type keptTrees struct {
	mu    sync.Mutex
	files map[string]keptFile // by absolute path
	left  int64               // bytes of text the budget still allows
	// spareable is the text of the kept files that may be spared, which a file surely
	// judged again may take.
	spareable int64
}

// keptFile is a kept file and whether it may be spared its second judgement.
type keptFile struct {
	*analysis.File
	spareable bool
}

// liveKeptTrees counts the files kept by every run now, for tests that check each run
// releases all it kept.
var liveKeptTrees atomic.Int64

// keptTreeReuses counts the judgements since the process started that ran on a kept
// tree instead of parsing.
var keptTreeReuses atomic.Int64

func newKeptTrees(budget int64) *keptTrees {
	return &keptTrees{files: map[string]keptFile{}, left: budget}
}

// keep holds a copy of f's tree, judged once and to be judged again (perhaps only:
// spareable), when the budget allows; f stays its caller's, to close. The copy shares
// the tree's nodes but not the index the first judgement built on it (syntax.Clone):
// the index is Go memory, as large again as the tree, and the second judgement's
// resolver flattens the tree anyway.
func (k *keptTrees) keep(f *analysis.File, spareable bool) {
	if k == nil {
		return
	}
	size := int64(len(f.Src))
	var evicted []*analysis.File
	defer func() {
		for _, e := range evicted {
			syntax.Close(e.Tree)
		}
	}()
	k.mu.Lock()
	defer k.mu.Unlock()
	if _, ok := k.files[f.Path]; ok {
		return // one file listed twice keeps its first tree only
	}
	room := k.left
	if !spareable {
		room += k.spareable
	}
	if size > room {
		return
	}
	for path, e := range k.files {
		if k.left >= size {
			break
		}
		if e.spareable {
			evicted = append(evicted, k.removeLocked(path).File)
		}
	}
	k.files[f.Path] = keptFile{File: &analysis.File{Path: f.Path, Lang: f.Lang, Src: f.Src, Tree: syntax.Clone(f.Tree)}, spareable: spareable}
	k.left -= size
	if spareable {
		k.spareable += size
	}
	liveKeptTrees.Add(1)
}

// take is the file kept for abs when its text was src, which the caller then owns and
// closes; nil when none was kept, or when the text changed since (the kept tree is
// then released).
func (k *keptTrees) take(abs string, src []byte) *analysis.File {
	f := k.remove(abs)
	if f == nil {
		return nil
	}
	if !bytes.Equal(f.Src, src) {
		syntax.Close(f.Tree)
		return nil
	}
	return f
}

// drop releases the file kept for abs, if any.
func (k *keptTrees) drop(abs string) {
	if f := k.remove(abs); f != nil {
		syntax.Close(f.Tree)
	}
}

// remove takes abs's file out of the kept ones, giving its bytes back to the budget.
func (k *keptTrees) remove(abs string) *analysis.File {
	if k == nil {
		return nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.removeLocked(abs).File
}

// removeLocked is remove with k.mu held; the zero keptFile when none was kept.
func (k *keptTrees) removeLocked(abs string) keptFile {
	e, ok := k.files[abs]
	if ok {
		delete(k.files, abs)
		k.left += int64(len(e.Src))
		if e.spareable {
			k.spareable -= int64(len(e.Src))
		}
		liveKeptTrees.Add(-1)
	}
	return e
}

// release drops every file still kept: the run ended, by its last judgement, a
// cancellation or an error.
func (k *keptTrees) release() {
	if k == nil {
		return
	}
	k.mu.Lock()
	files := k.files
	k.files, k.left, k.spareable = map[string]keptFile{}, 0, 0
	liveKeptTrees.Add(-int64(len(files)))
	k.mu.Unlock()
	for _, f := range files {
		syntax.Close(f.Tree)
	}
}
