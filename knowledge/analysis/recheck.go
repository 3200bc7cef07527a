package analysis

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sort"
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
// uses neither the result nor its Resolver any more. Results of one file's chain may
// be read from several goroutines at once, and while the next Recheck builds on prev:
// they share the last whole check's resolver, which is safe for concurrent reads (see
// resolve.Resolver), and Recheck reads prev without changing it. Rechecks of one chain
// run one at a time: they share the whole check's quick look (kept.around), whose
// lookups of needles it did not know are kept in it.
func Recheck(ctx context.Context, path string, lang syntax.Language, src []byte, old *sitter.Tree, edits []source.Edit, prev *Result, pkg *pkginfo.Package, rules []*Rule, opts Options) (*File, Result, error) {
	f, skipped, err := parseWithin(ctx, path, lang, src, old)
	if err != nil || skipped != "" {
		return f, Result{Skipped: skipped}, err
	}
	rules = enabledRules(rules, opts) // an off rule gets no anchors or kinds collected
	var failed error
	if prev != nil && prev.kept != nil && old != nil && len(edits) > 0 {
		res, ok, err := prev.kept.rerunSafely(ctx, f, old, edits, pkg, rules, opts)
		if ok {
			return stopped(ctx, f, res)
		}
		failed = err
	}
	res := runKept(ctx, f, pkg, rules, opts)
	if failed != nil {
		res.Problems = append(res.Problems, failed)
	}
	return stopped(ctx, f, res)
}

// rerunSafely is rerun, where a panic counts as a whole check being needed, and is
// returned: a bug in checking one statement must cost the edit its speed, not its
// findings.
func (k *kept) rerunSafely(ctx context.Context, f *File, old *sitter.Tree, edits []source.Edit, pkg *pkginfo.Package, rules []*Rule, opts Options) (res Result, ok bool, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, ok, err = Result{}, false, fmt.Errorf("checking the edited statement of %s alone failed, so the file was checked whole: %v", f.Path, p)
		}
	}()
	res, ok = k.rerun(ctx, f, old, edits, pkg, rules, opts)
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
	base    *baseline
	src     []byte    // this version's text
	raw     []Finding // before suppression
	facts   []Fact
	origins []factOrigin // of each fact
	// wide are the rules that are not local and may fire in this version: their
	// findings and facts are kept only across an edit that leaves the statement's
	// shape as it was (see sameShape).
	wide map[string]*Rule
	// directives are the comments that may be suppression directives (see
	// mayBeDirective), the only ones suppress reads: a large file has many comments
	// and few or none of these, and each edit would scan them all again.
	directives []resolve.Span
	stmts      []resolve.Span // the top-level statements
	outward    []uint         // see resolve.Resolver.Outward
	// read are the functions whose bodies rules read through a name (see
	// Pass.BodyOf), in this version: an inert edit inside one is checked whole.
	read []resolve.Span
	// readElsewhere are the functions whose bodies rules read from another top-level
	// statement, in the base's version (see Pass.BodyOf).
	readElsewhere []resolve.Span
	// anchors are the offsets of the anchors (see Rule.AnchorMethods) of each rule
	// that is not local but has them.
	anchors map[string][]uint
	// window says which statement was checked alone and what part of it changed
	// since the base; nil when this version was checked whole (and is the base).
	window *windowSpans
	// shape is the window's statement's shape (see sameShape), once one was read.
	shape *statementShape
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
func runKept(ctx context.Context, f *File, pkg *pkginfo.Package, rules []*Rule, opts Options) Result {
	copied := *f
	copied.Tree = syntax.Clone(f.Tree)
	q := NewQuick(f.Src, pkg)
	w, ok := checkWhole(ctx, &copied, pkg, Applicable(q, rules, opts), opts)
	if !ok {
		syntax.Close(copied.Tree)
		return Result{Skipped: w.skipped}
	}
	k := &kept{base: &baseline{res: w.res, tree: copied.Tree}, src: f.Src, raw: w.raw, directives: directivesAmong(f.Src, w.comments), around: q,
		stmts: w.res.TopLevel(), outward: w.res.Outward(), anchors: anchorsIn(w.res, w.calls, rules), pkg: pkg, rules: rules, opts: opts}
	k.readElsewhere = readFromOtherStatements(w.reads, k.stmts)
	k.facts, k.origins = w.facts, w.origins
	for _, r := range w.reads {
		k.read = append(k.read, r.fn)
	}
	_, _, k.wide = runnable(q, rules, opts, k.anchors)
	k.base.retain()
	return Result{Findings: finish(f, k.directives, w.raw, opts), Resolver: w.res, Problems: w.problems, Facts: w.facts, kept: k}
}

// rerun checks again only the statement the edits fall in; ok is false when that
// would not give what a whole check gives, and the caller checks the file whole.
func (k *kept) rerun(ctx context.Context, f *File, old *sitter.Tree, edits []source.Edit, pkg *pkginfo.Package, rules []*Rule, opts Options) (Result, bool) {
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
	local, silent, wide := runnable(quickPart(f.Src, now, k.around), rules, opts, anchors)
	for name := range silent {
		if r := k.wide[name]; r != nil {
			// Anchored only in this statement: an edit that keeps its shape keeps the
			// anchors, and the rule's findings with them.
			wide[name] = r
			delete(silent, name)
		}
	}
	edited := resolve.Span{Start: lo, End: uint(int(hi) - delta)} // in the previous version
	var shape *statementShape
	var read []resolve.Span
	if len(wide) > 0 && !sameSet(wide, k.wide) {
		return Result{}, false // a rule that reads the whole file may fire, or stop firing
	}
	// The statement-wise rules are checked again on the statement; the others keep
	// their findings only when the edit leaves what they read as it was.
	split := statementWise(wide)
	w := resolve.Window(k.base.res, stmt, interior, baseInterior, f.Src, wantedKinds(rules), resolverOptions(pkg, opts))
	if w.TooDeep() || len(w.Outward()) > 0 {
		return Result{}, false
	}
	if len(wide) > len(split) {
		if !every(wide, split, inertBlind) || encloses(k.read, edited) {
			return Result{}, false // a rule that reads the whole file may see the edit
		}
		// Only here is a shape compared, so only here is it read: the next edit has
		// the same wide rules, or is checked whole.
		shape = shapeOf(stmt, f.Src, w)
		if !sameShape(k.shapeOf(i), shape, every(wide, split, knownOnly)) {
			return Result{}, false
		}
		for _, s := range k.read {
			moved, ok := shiftSpanAround(s, edited, delta)
			if !ok {
				return Result{}, false
			}
			read = append(read, moved)
		}
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
		var moved Finding
		var ok bool
		switch {
		case wide[fd.Rule] != nil && !split[fd.Rule]:
			moved, ok = shiftFindingAround(fd, edited, delta)
		case !local[fd.Rule] && !split[fd.Rule] || fd.Start >= was.Start && fd.End <= was.End:
			continue // a rule that can no longer fire, or a finding of the statement
		default:
			moved, ok = shiftFinding(fd, was, delta)
		}
		if !ok {
			return Result{}, false
		}
		raw = append(raw, moved)
	}
	facts, origins, ok := k.keptFacts(f, was, edited, delta, local, split, wide)
	if !ok {
		return Result{}, false
	}
	mine, problems, windowFacts, reads, _ := runRules(ctx, f, w, calls, pkg, rulesNamed(rules, local), opts, nil)
	if len(windowFacts) > 0 {
		return Result{}, false
	}
	if len(split) > 0 {
		// A statement-wise rule's Run gets the root: it asks the window for the
		// statement's handlers and nodes, and the base for the rest.
		theirs, more, splitFacts, splitReads, _ := runRules(ctx, f, w, calls, pkg, rulesNamed(rules, split), opts, []*sitter.Node{f.Tree.RootNode()})
		if len(splitFacts) > 0 {
			return Result{}, false // what the statement establishes for the package changed hands
		}
		mine, problems, reads = append(mine, theirs...), append(problems, more...), append(reads, splitReads...)
	}
	raw = inRuleOrder(append(raw, mine...), rules)
	for _, r := range reads {
		read = append(read, r.fn)
	}
	next := &kept{base: k.base, src: f.Src, raw: raw, facts: facts, origins: origins, wide: wide, read: read, around: k.around, window: &windowSpans{stmt: now, interior: interior, was: baseInterior}, shape: shape, pkg: pkg, rules: rules, opts: opts,
		directives: splice(k.directives, was, delta, directivesAmong(f.Src, commentSpans(w))),
		stmts:      splice(k.stmts, was, delta, []resolve.Span{now}),
		outward:    shiftOffsets(k.outward, was, delta), anchors: anchors}
	k.base.retain()
	return Result{Findings: finish(f, next.directives, raw, opts), Resolver: w, Problems: problems, Facts: facts, kept: next}, true
}

// shapeOf is the shape of the i-th top-level statement of this version: the window's
// is kept, the others are read from the base's tree, which is this version's when it
// was checked whole. It is the previous version's side of sameShape.
func (k *kept) shapeOf(i int) *statementShape {
	if k.window != nil {
		return k.shape // rerun only gets here for the window's statement
	}
	return shapeOf(k.base.tree.RootNode().NamedChild(uint(i)), k.src, k.base.res)
}

// keptFacts are the facts of the previous version that the statement check leaves as
// they were, at their new places: those of the wide rules, and those of the local
// rules outside the statement. ok is false when a fact of a wide rule names bytes the
// edit changed.
func (k *kept) keptFacts(f *File, was, edited resolve.Span, delta int, local, split map[string]bool, wide map[string]*Rule) ([]Fact, []factOrigin, bool) {
	var facts []Fact
	var origins []factOrigin
	var lines *source.Lines
	for i, o := range k.origins {
		var at resolve.Span
		switch {
		case split[o.rule]:
			if o.at.Start < was.End && o.at.End > was.Start {
				return nil, nil, false // a fact of the statement, or of the whole file
			}
			at = resolve.Span{Start: shift(o.at.Start, was, delta), End: shift(o.at.End, was, delta)}
		case wide[o.rule] != nil:
			var ok bool
			if at, ok = shiftSpanAround(o.at, edited, delta); !ok {
				return nil, nil, false
			}
		case local[o.rule] && (o.at.Start >= was.End || o.at.End <= was.Start):
			at = resolve.Span{Start: shift(o.at.Start, was, delta), End: shift(o.at.End, was, delta)}
		default:
			continue // the statement check records its own, or the rule can no longer fire
		}
		fact := k.facts[i]
		if at != o.at {
			if lines == nil {
				lines = source.NewLines(f.Src)
			}
			fact.Where = locate(fact.Where.Path, lines, at.Start, at.End)
		}
		facts = append(facts, fact)
		origins = append(origins, factOrigin{rule: o.rule, at: at})
	}
	return facts, origins, true
}

// runnable sorts the enabled rules that may fire in q's file: the Local ones can be
// checked on one statement. A rule that is not local and has no anchor outside the
// statement is silent, as long as the statement holds none either. The others are
// wide: they read the whole file, and an edit keeps their findings only when it
// leaves what they read as it was.
func runnable(q *Quick, rules []*Rule, opts Options, anchors map[string][]uint) (local, silent map[string]bool, wide map[string]*Rule) {
	local, silent, wide = map[string]bool{}, map[string]bool{}, map[string]*Rule{}
	for _, r := range Applicable(q, rules, opts) {
		if r.Local {
			local[r.Name] = true
			continue
		}
		if at, anchored := anchors[r.Name]; !anchored || len(at) > 0 {
			wide[r.Name] = r
			continue
		}
		silent[r.Name] = true
	}
	return local, silent, wide
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
		for _, kind := range []string{syntax.CallExpression, syntax.NewExpression} {
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
		if k != syntax.CallExpression && k != syntax.NewExpression {
			return nil, false
		}
	}
	return r, true
}

// inRuleOrder orders findings by rule as a whole check's are, keeping each rule's in
// their order, so that findings at one offset sort alike whichever way they came.
func inRuleOrder(raw []Finding, rules []*Rule) []Finding {
	rank := make(map[string]int, len(rules))
	for i, r := range rules {
		rank[r.Name] = i
	}
	sort.SliceStable(raw, func(i, j int) bool { return rank[raw[i].Rule] < rank[raw[j].Rule] })
	return raw
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

// statementWise are the rules of wide checked again on the edited statement.
func statementWise(wide map[string]*Rule) map[string]bool {
	out := map[string]bool{}
	for name, r := range wide {
		if r.StatementWise {
			out[name] = true
		}
	}
	return out
}

// every reports whether claim holds of every rule of rules but those of except.
func every(rules map[string]*Rule, except map[string]bool, claim func(*Rule) bool) bool {
	for name, r := range rules {
		if !claim(r) && !except[name] {
			return false
		}
	}
	return true
}

func knownOnly(r *Rule) bool  { return r.KnownOnly }
func inertBlind(r *Rule) bool { return r.InertBlind }

func sameSet(a, b map[string]*Rule) bool {
	if len(a) != len(b) {
		return false
	}
	for name := range a {
		if b[name] == nil {
			return false
		}
	}
	return true
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
// strictly inside its braces; nil when there is none. It walks down from stmt through
// the one child at each level that holds the range strictly (a child that starts at lo
// or ends at hi cannot hold a body that does): Node.Parent from the smallest node
// that holds the range would walk down from the root again at each step, and a large
// statement is typed into keystroke after keystroke.
func functionBodyAround(stmt *sitter.Node, lo, hi uint) *sitter.Node {
	c := stmt.Walk()
	defer c.Close()
	parent := stmt
	for c.GotoFirstChildForByte(uint32(lo)) != nil {
		n := c.Node()
		if n.StartByte() >= lo || n.EndByte() <= hi {
			return nil // the first child that reaches past lo is the only one that could
		}
		if syntax.Kind(n) == syntax.StatementBlock && syntax.IsFunction(parent) {
			return n
		}
		parent = n
	}
	return nil
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

// directivesAmong keeps the comments that may be suppression directives.
func directivesAmong(src []byte, comments []resolve.Span) []resolve.Span {
	var out []resolve.Span
	for _, c := range comments {
		if mayBeDirective(src[c.Start:c.End]) {
			out = append(out, c)
		}
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

// shiftSpanAround maps a span of the previous version to the new one, where the bytes
// edited were replaced and the text grew by delta: a span before the edit stays, one
// after it moves, one around it grows (text typed where a span starts goes before it,
// where it ends after it). ok is false when the span begins or ends inside the edit.
func shiftSpanAround(s, edited resolve.Span, delta int) (resolve.Span, bool) {
	var start, end uint
	switch {
	case s.Start < edited.Start:
		start = s.Start
	case s.Start >= edited.End:
		start = uint(int(s.Start) + delta)
	default:
		return s, false
	}
	switch {
	case s.End <= edited.Start:
		end = s.End
	case s.End >= edited.End:
		end = uint(int(s.End) + delta)
	default:
		return s, false
	}
	return resolve.Span{Start: start, End: end}, true
}

// shiftFindingAround moves a finding of a wide rule across an edit that left its view
// of the file as it was (see shiftSpanAround); ok is false when a fix of it rewrites
// bytes around or inside the edit, which only a new check can redo.
func shiftFindingAround(f Finding, edited resolve.Span, delta int) (Finding, bool) {
	at, ok := shiftSpanAround(resolve.Span{Start: f.Start, End: f.End}, edited, delta)
	if !ok {
		return f, false
	}
	f.Start, f.End = at.Start, at.End
	if f.Fix == nil {
		return f, true
	}
	fix := *f.Fix
	fix.Edits = make([]Edit, len(f.Fix.Edits))
	for i, e := range f.Fix.Edits {
		if e.Start < edited.End && e.End > edited.Start || e.Start <= edited.Start && e.End >= edited.End {
			return f, false
		}
		moved, _ := shiftSpanAround(resolve.Span{Start: e.Start, End: e.End}, edited, delta)
		fix.Edits[i] = Edit{Start: moved.Start, End: moved.End, NewText: e.NewText}
	}
	f.Fix = &fix
	return f, true
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
