package analysis

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sync/atomic"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Recheck is Check for an editor, where a file changes a few characters at a time.
// prev is the result of the previous version, or nil; edits turned its text into src,
// and old is its tree with those edits applied (Tree.Edit). When the edits since the
// last whole check all fall inside one top-level statement, and do not change what
// the rest of the file can see of it (the statement declares no top-level name, or
// the edits stay inside one function body of it), and every rule that may fire in the
// file is Local or has no anchor left, only that statement is walked and checked
// again: the other statements keep their findings, shifted. Otherwise the file is
// checked whole. Either way the findings are those Check would give.
//
// The result keeps what the next Recheck needs; the caller calls Release once it
// uses neither the result nor its Resolver any more, and never uses two results of
// one file's chain from two goroutines at once (they share a resolver).
func Recheck(ctx context.Context, path string, lang syntax.Language, src []byte, old *sitter.Tree, edits []source.Edit, prev *Result, pkg *pkginfo.Package, rules []*Rule, opts Options) (*File, Result, error) {
	f, skipped, err := parseWithin(ctx, path, lang, src, old)
	if err != nil || skipped != "" {
		return f, Result{Skipped: skipped}, err
	}
	rules = enabledRules(rules, opts) // an off rule gets no anchors or kinds collected
	var failed error
	if prev != nil && prev.kept != nil && old != nil && len(edits) > 0 {
		res, ok, err := prev.kept.rerunSafely(f, old, edits, pkg, rules, opts)
		if ok {
			return f, res, nil
		}
		failed = err
	}
	res := runKept(f, pkg, rules, opts)
	if failed != nil {
		res.Problems = append(res.Problems, failed)
	}
	return f, res, nil
}

// rerunSafely is rerun, where a panic counts as a whole check being needed, and is
// returned: a bug in checking one statement must cost the edit its speed, not its
// findings.
func (k *kept) rerunSafely(f *File, old *sitter.Tree, edits []source.Edit, pkg *pkginfo.Package, rules []*Rule, opts Options) (res Result, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, ok, err = Result{}, false, fmt.Errorf("checking the edited statement of %s alone failed, so the file was checked whole: %v", f.Path, p)
		}
	}()
	res, ok = k.rerun(f, old, edits, pkg, rules, opts)
	return res, ok, nil
}

// Edited returns a copy of tree with edits applied (Tree.Edit), ready to be parsed
// again incrementally; nil for nil. The caller closes it.
func Edited(tree *sitter.Tree, edits []source.Edit) *sitter.Tree {
	if tree == nil {
		return nil
	}
	old := syntax.Clone(tree)
	for _, e := range edits {
		old.Edit(&sitter.InputEdit{
			StartByte: e.StartByte, OldEndByte: e.OldEndByte, NewEndByte: e.NewEndByte,
			StartPosition:  sitter.Point{Row: e.StartPoint.Row, Column: e.StartPoint.Column},
			OldEndPosition: sitter.Point{Row: e.OldEndPoint.Row, Column: e.OldEndPoint.Column},
			NewEndPosition: sitter.Point{Row: e.NewEndPoint.Row, Column: e.NewEndPoint.Column},
		})
	}
	return old
}

// Release frees what the result keeps for the next Recheck.
func (r *Result) Release() {
	if r.kept != nil {
		r.kept.base.release()
		r.kept = nil
	}
}

// Incremental reports whether the result came from checking one statement again.
func (r *Result) Incremental() bool { return r.kept != nil && r.kept.window != nil }

// kept is what a Recheck result keeps for the next one, in its own version's offsets.
type kept struct {
	base     *baseline
	src      []byte    // this version's text
	raw      []Finding // before suppression
	comments []resolve.Span
	stmts    []resolve.Span // the top-level statements
	outward  []uint         // see resolve.Resolver.Outward
	// readElsewhere are the functions whose bodies rules read from another top-level
	// statement, in the base's version (see Pass.BodyOf).
	readElsewhere []resolve.Span
	// anchors are the offsets of the anchors (see Rule.AnchorMethods) of each rule
	// that is not local but has them.
	anchors map[string][]uint
	// window says which statement was checked alone and what part of it changed
	// since the base; nil when this version was checked whole (and is the base).
	window *windowSpans
	// around is the whole check's quick look at the file: its text outside the
	// window is still this version's (see quickPart).
	around *Quick
	pkg    *pkginfo.Package
	rules  []*Rule
	opts   Options
}

// windowSpans locate a window: its statement now, and the span that changed since
// the base, now and in the base's version (see resolve.Window).
type windowSpans struct{ stmt, interior, was resolve.Span }

// baseline is the last whole check of a file: its resolver answers windows for the
// rest of the file. It owns a copy of the tree the resolver was built on, freed with
// the last result that uses it.
type baseline struct {
	res  *resolve.Resolver
	tree *sitter.Tree
	refs atomic.Int32
}

func (b *baseline) retain() { b.refs.Add(1) }

func (b *baseline) release() {
	if b.refs.Add(-1) == 0 {
		syntax.Close(b.tree)
	}
}

// runKept checks f whole, on a copy of its tree that the next Rechecks can keep, with
// the rules that may fire in it.
func runKept(f *File, pkg *pkginfo.Package, rules []*Rule, opts Options) Result {
	copied := *f
	copied.Tree = syntax.Clone(f.Tree)
	q := NewQuick(f.Src, pkg)
	w, ok := checkWhole(&copied, pkg, Applicable(q, rules, opts), opts)
	if !ok {
		syntax.Close(copied.Tree)
		return Result{Skipped: w.skipped}
	}
	k := &kept{base: &baseline{res: w.res, tree: copied.Tree}, src: f.Src, raw: w.raw, comments: w.comments, around: q,
		stmts: w.res.TopLevel(), outward: w.res.Outward(), anchors: anchorsIn(w.res, w.calls, rules), pkg: pkg, rules: rules, opts: opts}
	k.readElsewhere = readFromOtherStatements(w.reads, k.stmts)
	k.base.retain()
	return Result{Findings: finish(f, w.comments, w.raw, opts), Resolver: w.res, Problems: w.problems, Facts: w.facts, kept: k}
}

// rerun checks again only the statement the edits fall in; ok is false when that
// would not give what a whole check gives, and the caller checks the file whole.
func (k *kept) rerun(f *File, old *sitter.Tree, edits []source.Edit, pkg *pkginfo.Package, rules []*Rule, opts Options) (Result, bool) {
	if pkg != k.pkg || !sameRules(rules, k.rules) || !reflect.DeepEqual(opts, k.opts) {
		return Result{}, false
	}
	lo, hi, delta := changedSpan(edits)
	i := statementAt(k.stmts, lo, uint(int(hi)-delta))
	if i < 0 {
		return Result{}, false
	}
	was := k.stmts[i]
	stmt, oldStmt, ok := sameStatement(f.Tree, old, i, len(k.stmts), was, delta)
	if !ok || len(outsideOf(k.outward, was)) < len(k.outward) {
		return Result{}, false
	}
	interior, ok := changedInterior(stmt, oldStmt, lo, hi, k.src[was.Start:was.End], f.Src[stmt.StartByte():stmt.EndByte()])
	if !ok {
		return Result{}, false
	}
	baseInterior := resolve.Span{Start: interior.Start, End: uint(int(interior.End) - delta)}
	if k.window == nil && encloses(k.readElsewhere, baseInterior) {
		return Result{}, false // another statement's findings depend on this body
	}
	if k.window != nil {
		// Edits since the base must all stay in one interior, which then maps every
		// other offset by one shift.
		if k.window.stmt != was || lo < k.window.interior.Start || uint(int(hi)-delta) > k.window.interior.End {
			return Result{}, false // elsewhere: start over from a whole check
		}
		interior = resolve.Span{Start: k.window.interior.Start, End: uint(int(k.window.interior.End) + delta)}
		baseInterior = k.window.was
	}
	now := resolve.Span{Start: stmt.StartByte(), End: stmt.EndByte()}
	anchors := map[string][]uint{}
	for name, offsets := range k.anchors {
		anchors[name] = shiftOffsets(outsideOf(offsets, was), was, delta)
	}
	local, silent, ok := runnable(quickPart(f.Src, now, k.around), rules, opts, anchors)
	if !ok {
		return Result{}, false
	}
	w := resolve.Window(k.base.res, stmt, interior, baseInterior, f.Src, wantedKinds(rules), resolverOptions(pkg, opts))
	if w.TooDeep() || len(w.Outward()) > 0 {
		return Result{}, false
	}
	calls := callSets{}
	for name, offsets := range anchorsIn(w, calls, rules) {
		if len(offsets) > 0 && silent[name] {
			return Result{}, false // the edit anchors a rule that is not local
		}
		anchors[name] = append(anchors[name], offsets...)
	}
	var raw []Finding
	for _, fd := range k.raw {
		if !local[fd.Rule] || fd.Start >= was.Start && fd.End <= was.End {
			continue // a rule that can no longer fire, or a finding of the statement
		}
		moved, ok := shiftFinding(fd, was, delta)
		if !ok {
			return Result{}, false
		}
		raw = append(raw, moved)
	}
	mine, problems, facts, _ := runRules(f, w, calls, pkg, rulesNamed(rules, local), opts, nil)
	if len(facts) > 0 {
		return Result{}, false
	}
	raw = append(raw, mine...)
	next := &kept{base: k.base, src: f.Src, raw: raw, around: k.around, window: &windowSpans{stmt: now, interior: interior, was: baseInterior}, pkg: pkg, rules: rules, opts: opts,
		comments: splice(k.comments, was, delta, commentSpans(w)),
		stmts:    splice(k.stmts, was, delta, []resolve.Span{now}),
		outward:  shiftOffsets(k.outward, was, delta), anchors: anchors}
	k.base.retain()
	return Result{Findings: finish(f, next.comments, raw, opts), Resolver: w, Problems: problems, kept: next}, true
}

// runnable names the enabled rules that may fire in q's file and can be checked on one
// statement: the Local ones. A rule that is not local and has no anchor outside the
// statement is silent, as long as the statement holds none either; ok is false when
// another rule may fire, and the file must be checked whole.
func runnable(q *Quick, rules []*Rule, opts Options, anchors map[string][]uint) (local, silent map[string]bool, ok bool) {
	local, silent = map[string]bool{}, map[string]bool{}
	for _, r := range Applicable(q, rules, opts) {
		if r.Local {
			local[r.Name] = true
			continue
		}
		if at, anchored := anchors[r.Name]; !anchored || len(at) > 0 {
			return nil, nil, false
		}
		silent[r.Name] = true
	}
	return local, silent, true
}

// anchorsIn lists where res's calls (whose sets calls holds) anchor the rules that are
// not local (see Rule.AnchorMethods); rules without anchors are absent.
func anchorsIn(res *resolve.Resolver, calls callSets, rules []*Rule) map[string][]uint {
	out := map[string][]uint{}
	for _, r := range rules {
		spec, ok := anchorSpec(r)
		if r.Local || !ok {
			continue
		}
		var at []uint
		for _, kind := range []string{"call_expression", "new_expression"} {
			for _, c := range calls.of(res, kind).matching(res, spec) {
				at = append(at, c.StartByte())
			}
		}
		out[r.Name] = at
	}
	return out
}

// anchorSpec is the rule's anchors, as a rule whose Calls and Methods are those
// anchors (see callSet.matching).
func anchorSpec(r *Rule) (*Rule, bool) {
	if len(r.AnchorMethods) > 0 {
		return &Rule{Methods: r.AnchorMethods}, true
	}
	if len(r.Calls) == 0 && len(r.Methods) == 0 {
		return nil, false
	}
	for _, k := range r.Kinds {
		if k != "call_expression" && k != "new_expression" {
			return nil, false
		}
	}
	return r, true
}

func rulesNamed(rules []*Rule, names map[string]bool) []*Rule {
	var out []*Rule
	for _, r := range rules {
		if names[r.Name] {
			out = append(out, r)
		}
	}
	return out
}

func sameRules(a, b []*Rule) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// changedSpan folds edits, each in the offsets left by the ones before it, into one
// span [lo, hi) of the new text that holds every change, and the change of length.
// The text before lo is unchanged, and so is the text from hi on, shifted by delta.
func changedSpan(edits []source.Edit) (lo, hi uint, delta int) {
	lo, hi = edits[0].StartByte, edits[0].StartByte
	for _, e := range edits {
		d := int(e.NewEndByte) - int(e.OldEndByte)
		lo = min(lo, e.StartByte)
		if hi >= e.OldEndByte {
			hi = uint(int(hi) + d)
		} else {
			hi = e.NewEndByte
		}
		delta += d
	}
	return lo, hi, delta
}

// statementAt is the index of the statement holding [lo, hi), -1 when none does.
func statementAt(stmts []resolve.Span, lo, hi uint) int {
	for i, s := range stmts {
		if s.Start <= lo && hi <= s.End {
			return i
		}
		if s.Start > lo {
			break
		}
	}
	return -1
}

// sameStatement checks that the new tree differs from the old one in the i-th
// top-level statement only, which spanned was and grew by delta, and is still the
// same kind of statement; it returns the statement's new and old nodes.
func sameStatement(tree, old *sitter.Tree, i, count int, was resolve.Span, delta int) (stmt, oldStmt *sitter.Node, ok bool) {
	root, oldRoot := tree.RootNode(), old.RootNode()
	if int(root.NamedChildCount()) != count || int(oldRoot.NamedChildCount()) != count {
		return nil, nil, false
	}
	stmt, oldStmt = root.NamedChild(uint(i)), oldRoot.NamedChild(uint(i))
	if stmt.StartByte() != was.Start || int(stmt.EndByte()) != int(was.End)+delta || stmt.KindId() != oldStmt.KindId() {
		return nil, nil, false
	}
	for _, r := range old.ChangedRanges(tree) {
		if r.StartByte < stmt.StartByte() || r.EndByte > stmt.EndByte() {
			return nil, nil, false
		}
	}
	return stmt, oldStmt, true
}

// changedInterior is the part of the statement an edit of [lo, hi) changes as far as
// the rest of the file can tell: all of it when it declares no top-level name; else
// the inside of the outermost function body that holds the edit before and after it,
// since declarations there are the function's own. ok is false when neither applies,
// or when a function of the statement may forward errors to next(), which makes it a
// wrapper that changes how handlers elsewhere are judged.
func changedInterior(stmt, oldStmt *sitter.Node, lo, hi uint, oldText, text []byte) (resolve.Span, bool) {
	if resolve.Windowable(stmt) && resolve.Windowable(oldStmt) {
		return resolve.Span{Start: stmt.StartByte(), End: stmt.EndByte()}, true
	}
	if mayForwardToNext(oldText) || mayForwardToNext(text) {
		return resolve.Span{}, false
	}
	body, oldBody := functionBodyAround(stmt, lo, hi), functionBodyAround(oldStmt, lo, hi)
	if body == nil || oldBody == nil || body.StartByte() != oldBody.StartByte() || body.EndByte() != oldBody.EndByte() {
		return resolve.Span{}, false
	}
	return resolve.Span{Start: body.StartByte() + 1, End: body.EndByte() - 1}, true
}

// functionBodyAround is the outermost function body in stmt that holds [lo, hi)
// strictly inside its braces; nil when there is none.
func functionBodyAround(stmt *sitter.Node, lo, hi uint) *sitter.Node {
	var body *sitter.Node
	for n := stmt.DescendantForByteRange(lo, hi); n != nil && n.Id() != stmt.Id(); n = n.Parent() {
		if syntax.Kind(n) == "statement_block" && lo > n.StartByte() && hi < n.EndByte() {
			if p := n.Parent(); p != nil && syntax.IsFunction(p) {
				body = n
			}
		}
	}
	return body
}

// mayForwardToNext: resolve's wrapper detection looks for `.catch(next)`; text
// without both words cannot hold it.
func mayForwardToNext(text []byte) bool {
	return bytes.Contains(text, []byte("catch")) && bytes.Contains(text, []byte("next"))
}

// readFromOtherStatements keeps the function bodies read from a statement other than
// the function's own.
func readFromOtherStatements(reads []read, stmts []resolve.Span) []resolve.Span {
	var out []resolve.Span
	for _, r := range reads {
		if statementAt(stmts, r.fn.Start, r.fn.Start) != statementAt(stmts, r.at, r.at) {
			out = append(out, r.fn)
		}
	}
	return out
}

// encloses reports whether one of spans holds s.
func encloses(spans []resolve.Span, s resolve.Span) bool {
	for _, o := range spans {
		if o.Start <= s.Start && s.End <= o.End {
			return true
		}
	}
	return false
}

// outsideOf drops the offsets inside the statement s.
func outsideOf(offsets []uint, s resolve.Span) []uint {
	var out []uint
	for _, o := range offsets {
		if o < s.Start || o >= s.End {
			out = append(out, o)
		}
	}
	return out
}

// shift maps an offset outside the statement was to the new version.
func shift(at uint, was resolve.Span, delta int) uint {
	if at >= was.End {
		return uint(int(at) + delta)
	}
	return at
}

func shiftSpans(spans []resolve.Span, was resolve.Span, delta int) []resolve.Span {
	out := make([]resolve.Span, 0, len(spans))
	for _, s := range spans {
		if s.Start >= was.Start && s.End <= was.End {
			continue
		}
		out = append(out, resolve.Span{Start: shift(s.Start, was, delta), End: shift(s.End, was, delta)})
	}
	return out
}

// splice replaces the spans inside the statement was with those of its new version,
// mine, and shifts the others: the result stays in document order.
func splice(spans []resolve.Span, was resolve.Span, delta int, mine []resolve.Span) []resolve.Span {
	out := make([]resolve.Span, 0, len(spans)+len(mine))
	added, end := false, uint(int(was.End)+delta)
	for _, s := range shiftSpans(spans, was, delta) {
		if !added && s.Start >= end {
			out, added = append(out, mine...), true
		}
		out = append(out, s)
	}
	if !added {
		out = append(out, mine...)
	}
	return out
}

func shiftOffsets(offsets []uint, was resolve.Span, delta int) []uint {
	out := make([]uint, 0, len(offsets))
	for _, o := range offsets {
		out = append(out, shift(o, was, delta))
	}
	return out
}

// shiftFinding moves a finding of another statement to the new offsets; ok is false
// when its fix edits the changed statement, which only a new check can redo.
func shiftFinding(f Finding, was resolve.Span, delta int) (Finding, bool) {
	f.Start, f.End = shift(f.Start, was, delta), shift(f.End, was, delta)
	if f.Fix == nil {
		return f, true
	}
	fix := *f.Fix
	fix.Edits = make([]Edit, len(f.Fix.Edits))
	for i, e := range f.Fix.Edits {
		if e.Start < was.End && e.End > was.Start || e.Start > was.Start && e.Start < was.End {
			return f, false
		}
		fix.Edits[i] = Edit{Start: shift(e.Start, was, delta), End: shift(e.End, was, delta), NewText: e.NewText}
	}
	f.Fix = &fix
	return f, true
}
