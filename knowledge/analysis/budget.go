package analysis

import (
	"context"
	"errors"
	"fmt"
	"time"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Budget is how long the rules may take on a file of size bytes: far more than any real
// file needs (a check runs at several MB/s), so that only a pathological input, or a
// rule gone superlinear on it, reaches it. Past it, the file is reported as not
// analysed, with the reason, and the caller (the server, check) goes on with the next
// one. Tests replace it to make the cut deterministic.
var Budget = func(size int) time.Duration {
	return 5*time.Second + time.Duration(size)*(5*time.Second)/(1<<20)
}

// errOverBudget stops a check whose budget is spent; it never reaches the caller as
// a rule's failure.
var errOverBudget = errors.New("over the analysis budget")

// budgetCheckEvery is how many nodes a rule visits between two looks at the clock:
// a look costs more than a node, and a node never costs long.
const budgetCheckEvery = 64

// withBudget returns opts with the deadline of a whole check of a file of size bytes.
func withBudget(opts Options, size int) Options {
	opts.budget = Budget(size)
	opts.deadline = time.Now().Add(opts.budget)
	return opts
}

// overBudget reports whether the check's deadline has passed; a check without one
// (a statement checked alone) never is.
func (o *Options) overBudget() bool {
	return !o.deadline.IsZero() && !time.Now().Before(o.deadline)
}

// overBudgetReason says why a file was not analysed fully, for the one information
// diagnostic it gets instead of findings.
func overBudgetReason(opts Options, size int) string {
	return fmt.Sprintf("its analysis took longer than the %s allowed for a file of %s, so it was stopped", opts.budget.Round(time.Millisecond), sizeText(size))
}

// SkippedRule is the id of the one information finding a file gets, at the start of
// its first line, when it was not analysed (Result.Skipped, or a file over the size
// limit): the server's diagnostic and check's report both carry it, so that a user
// can tell it from a rule's finding and a script can pick it out.
const SkippedRule = "nodecoach-skipped"

// SkippedMessage is the message of that finding for a file skipped for reason.
func SkippedMessage(reason string) string {
	return "nodecoach did not analyse this file: " + reason + " (generated code?)."
}

// SkippedFinding is the finding that stands for a file's findings when it was not
// analysed for reason.
func SkippedFinding(reason string) Finding {
	return Finding{Rule: SkippedRule, Severity: Information, Message: SkippedMessage(reason)}
}

// sizeText renders a byte count for the reason: "1.9 MB", "300 KB".
func sizeText(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}

// ParseBudget is how long parsing a file of size bytes may take: the same allowance as
// the rules', for the parse on its own. Tree-sitter's error recovery can take far
// longer than a parse, and hold far more memory, on a pathological input (an
// unterminated template substitution before a megabyte of code); past the budget the
// parse is stopped, which bounds both, and the file is reported as not analysed.
// Tests replace it.
var ParseBudget = Budget

// parseWithin parses src within its ParseBudget. Past it, the file gets a tree of no
// text (so that every caller still has a tree to close) and skipped says why; an
// error is ctx's own end or a parser failure.
func parseWithin(ctx context.Context, path string, lang syntax.Language, src []byte, old *sitter.Tree) (f *File, skipped string, err error) {
	budget := ParseBudget(len(src))
	within := parseBudget{Context: ctx, deadline: time.Now().Add(budget)}
	tree, err := syntax.Parse(within, lang, src, old)
	if err != nil && ctx.Err() == nil && within.Err() != nil {
		if tree, err = syntax.Parse(context.Background(), lang, nil, nil); err != nil {
			return nil, "", err
		}
		skipped = fmt.Sprintf("parsing it took longer than the %s allowed for a file of %s, so it was stopped", budget.Round(time.Millisecond), sizeText(len(src)))
		return &File{Path: path, Lang: lang, Src: src, Tree: tree}, skipped, nil
	}
	if err != nil {
		return nil, "", err
	}
	return &File{Path: path, Lang: lang, Src: src, Tree: tree}, "", nil
}

// parseBudget is ctx with a deadline that the parser's progress checks see: its Err
// is ctx's, or DeadlineExceeded once the deadline has passed. It is not a derived
// context, so that ctx's own Err (which may say more than its Done) keeps deciding;
// and its Done is never nil, so that a parse under context.Background reports
// progress too.
type parseBudget struct {
	context.Context
	deadline time.Time
}

// notDone is the Done of a parse whose ctx can never end: only its budget can.
var notDone = make(chan struct{})

func (b parseBudget) Done() <-chan struct{} {
	if d := b.Context.Done(); d != nil {
		return d
	}
	return notDone
}

func (b parseBudget) Err() error {
	if err := b.Context.Err(); err != nil {
		return err
	}
	if !time.Now().Before(b.deadline) {
		return context.DeadlineExceeded
	}
	return nil
}
