package analysis

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Result is the outcome of checking one file.
type Result struct {
	Findings []Finding
	// Resolver stays valid while the file's tree is open; hover reuses it.
	Resolver *resolve.Resolver
	// Problems lists rules that failed on this file; the others still ran.
	Problems []error
	// Skipped, when set, says why no rule ran on the file (it nests too deep).
	Skipped string
	// Facts are what this file establishes for its package (see Fact).
	Facts []Fact
	// kept is what Recheck keeps for the next version; nil from Run.
	kept *kept
}

// Run checks f with rules: one walk of the tree builds the resolver and collects the
// node kinds the rules asked for, then each node goes to the rules that want its kind.
func Run(f *File, pkg *pkginfo.Package, rules []*Rule, opts Options) Result {
	// Run finishes what it starts: the CLI and the index stop between files, never
	// inside one (only Recheck, for an editor, stops between rules).
	w, ok := checkWhole(context.Background(), f, pkg, enabledRules(rules, opts), opts)
	if !ok {
		return Result{Resolver: w.res, Skipped: w.skipped}
	}
	return Result{Findings: finish(f, w.comments, w.raw, opts), Resolver: w.res, Problems: w.problems, Facts: w.facts}
}

// whole is what the rules make of a whole file, before suppressions.
type whole struct {
	res      *resolve.Resolver
	raw      []Finding
	problems []error
	facts    []Fact
	reads    []read
	origins  []factOrigin // of each fact
	comments []resolve.Span
	calls    callSets
	skipped  string // why the file was not analysed, when it was not
}

// checkWhole builds f's resolver and runs rules on it; ok is false, and w.skipped says
// why, when the tree nests too deep to be analysed or the rules ran past the file's
// budget.
func checkWhole(ctx context.Context, f *File, pkg *pkginfo.Package, rules []*Rule, opts Options) (w whole, ok bool) {
	opts = withBudget(opts, len(f.Src))
	root := f.Tree.RootNode()
	w.res = resolve.Build(root, f.Src, wantedKinds(rules), resolverOptions(pkg, opts))
	if w.res.TooDeep() {
		w.skipped = tooDeep
		return w, false
	}
	w.calls = callSets{}
	w.raw, w.problems, w.facts, w.reads, w.origins = runRules(ctx, f, w.res, w.calls, pkg, rules, opts, []*sitter.Node{root})
	if slices.Contains(w.problems, errOverBudget) {
		w.skipped = overBudgetReason(opts, len(f.Src))
		return w, false
	}
	w.comments = commentSpans(w.res)
	return w, true
}

var tooDeep = fmt.Sprintf("the code nests more than %d levels deep", resolve.MaxDepth)

// wantedKinds are the node kinds the rules ask for, and comments for suppressions.
func wantedKinds(rules []*Rule) []string {
	seen := map[string]bool{syntax.Comment: true}
	kinds := []string{syntax.Comment}
	for _, r := range rules {
		for _, k := range r.Kinds {
			if !seen[k] {
				seen[k] = true
				kinds = append(kinds, k)
			}
		}
	}
	return kinds
}

// runRules runs the enabled rules on the nodes res collected (calls holds their call
// sets), program being what "program" rules get, until ctx ends, and returns their findings before suppression, their facts (and
// where each comes from) and the function bodies they read through names.
func runRules(ctx context.Context, f *File, res *resolve.Resolver, calls callSets, pkg *pkginfo.Package, rules []*Rule, opts Options, program []*sitter.Node) ([]Finding, []error, []Fact, []read, []factOrigin) {
	pass := &Pass{File: f, Resolver: res, Package: pkg, Options: opts}
	var problems []error
	for _, r := range rules {
		if !opts.Enabled(r) {
			continue
		}
		if opts.overBudget() {
			problems = append(problems, errOverBudget)
			break
		}
		if ctx.Err() != nil {
			break // a newer edit made this check stale: the caller drops it (see stopped)
		}
		pass.rule = r
		for _, k := range r.Kinds {
			nodes := res.Nodes(k)
			if k == syntax.Program {
				nodes = program
			}
			if (k == syntax.CallExpression || k == syntax.NewExpression) && (len(r.Calls) > 0 || len(r.Methods) > 0) {
				nodes = calls.of(res, k).matching(res, r)
			}
			if err := runRule(pass, r, nodes); err != nil {
				problems = append(problems, err)
				break
			}
		}
		if len(problems) > 0 && problems[len(problems)-1] == errOverBudget {
			break
		}
	}
	return pass.findings, problems, pass.facts, pass.reads, pass.origins
}

// stopped is a check's outcome, or ctx's error when ctx ended during the check: rules
// cut short give no result to publish, so the result and the file's tree are freed.
func stopped(ctx context.Context, f *File, res Result) (*File, Result, error) {
	if err := ctx.Err(); err != nil {
		res.Release()
		if f != nil && f.Tree != nil {
			syntax.Close(f.Tree) // forgets the tree's tables and index too
		}
		return nil, Result{}, err
	}
	return f, res, nil
}

// finish applies the suppression comments to the rules' findings and sorts them.
func finish(f *File, comments []resolve.Span, raw []Finding, opts Options) []Finding {
	findings := suppress(f.Tree.RootNode(), f.Src, comments, append([]Finding(nil), raw...))
	if opts.Severity[UnusedSuppression] == Off {
		findings = dropRule(findings, UnusedSuppression)
	}
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].Start < findings[j].Start })
	return findings
}

func commentSpans(res *resolve.Resolver) []resolve.Span {
	nodes := res.Nodes(syntax.Comment)
	spans := make([]resolve.Span, len(nodes))
	for i, c := range nodes {
		spans[i] = resolve.Span{Start: c.StartByte(), End: c.EndByte()}
	}
	return spans
}

// callSet is a file's calls (or `new` expressions) with their method names, read once
// for all the rules that pick calls by name.
type callSet struct {
	nodes   []*sitter.Node
	methods []string
}

// callSets holds a file's callSet of each kind, made when a rule first asks.
type callSets map[string]*callSet

func (cs callSets) of(res *resolve.Resolver, kind string) *callSet {
	if c := cs[kind]; c != nil {
		return c
	}
	c := &callSet{nodes: res.Nodes(kind)}
	c.methods = make([]string, len(c.nodes))
	for i, n := range c.nodes {
		c.methods[i] = syntax.MethodName(n, res.Source())
	}
	cs[kind] = c
	return c
}

// matching keeps the calls whose method or callee r asked for. Only a rule that names
// callees has them resolved: a method name is read from the text.
func (c *callSet) matching(res *resolve.Resolver, r *Rule) []*sitter.Node {
	var out []*sitter.Node
	lasts, anyMember := lastNames(r.Calls)
	for i, n := range c.nodes {
		m := c.methods[i]
		if m != "" && slices.Contains(r.Methods, m) {
			out = append(out, n)
			continue
		}
		// A method call can only be a call of an API whose name ends in its method:
		// the others need not be resolved.
		if len(r.Calls) > 0 && (m == "" || anyMember || lasts[m]) && calleeMatches(r.Calls, res.Callee(n)) {
			out = append(out, n)
		}
	}
	return out
}

// lastNames are the last parts of callee patterns ("verify" of "jsonwebtoken.verify",
// "cors" of "cors"); anyMember is set when a pattern takes every member of a module
// ("fs.*").
func lastNames(patterns []string) (lasts map[string]bool, anyMember bool) {
	lasts = map[string]bool{}
	for _, p := range patterns {
		if strings.HasSuffix(p, ".*") {
			anyMember = true
			continue
		}
		lasts[p[strings.LastIndex(p, ".")+1:]] = true
	}
	return lasts, anyMember
}

func calleeMatches(patterns []string, callee resolve.Value) bool {
	if !callee.IsAPI() || len(patterns) == 0 {
		return false
	}
	name := callee.Canonical()
	for _, p := range patterns {
		if prefix, ok := strings.CutSuffix(p, ".*"); ok {
			if strings.HasPrefix(name, prefix+".") {
				return true
			}
		} else if name == p {
			return true
		}
	}
	return false
}

// runRule isolates a rule's panic: one broken rule must not take the others, or the
// server, down with it.
func runRule(pass *Pass, r *Rule, nodes []*sitter.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rule %s failed on %s: %v", r.Name, pass.File.Path, p)
		}
	}()
	for i, n := range nodes {
		if i%budgetCheckEvery == budgetCheckEvery-1 && pass.Options.overBudget() {
			return errOverBudget
		}
		pass.at = n
		r.Run(pass, n)
	}
	pass.at = nil
	return nil
}

func dropRule(findings []Finding, rule string) []Finding {
	kept := findings[:0]
	for _, f := range findings {
		if f.Rule != rule {
			kept = append(kept, f)
		}
	}
	return kept
}

// resolverOptions is what the resolver of a file of pkg needs from outside its text.
func resolverOptions(pkg *pkginfo.Package, opts Options) resolve.Options {
	return resolve.Options{Wrappers: opts.Wrappers, Express: pkg != nil && pkg.HasDependency("express")}
}
