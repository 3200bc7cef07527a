package project

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// ParseStats counts what a run parsed and which rules made it parse each file: the
// figures behind `check --stats`, which tell a user (and a benchmark) why a check
// reads what it reads. A file parsed twice (judged again in the fact pass beyond the
// kept trees' budget) counts twice; a judgement on a tree kept from the file's first
// judgement is no parse, and is counted apart. The zero value is ready; it is safe
// for concurrent use.
type ParseStats struct {
	mu     sync.Mutex
	files  int
	bytes  int64
	byRule map[string]*ruleParses
	// reused are the judgements made on a tree kept from the file's first judgement
	// in the run (see keptTrees): not parses, so not in the figures above.
	reused      int
	reusedBytes int64
}

// ruleParses is one rule's share: the files it let through, and those it alone did.
type ruleParses struct {
	files, aloneFiles int
	bytes, aloneBytes int64
}

// note counts one parse of size bytes for the rules that let it through (none: a
// suppression comment alone did).
func (s *ParseStats) note(size int, rules []*analysis.Rule) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files++
	s.bytes += int64(size)
	if s.byRule == nil {
		s.byRule = map[string]*ruleParses{}
	}
	for _, r := range rules {
		p := s.byRule[r.Name]
		if p == nil {
			p = &ruleParses{}
			s.byRule[r.Name] = p
		}
		p.files++
		p.bytes += int64(size)
		if len(rules) == 1 {
			p.aloneFiles++
			p.aloneBytes += int64(size)
		}
	}
}

// reuse counts one judgement of size bytes on a kept tree.
func (s *ParseStats) reuse(size int) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reused++
	s.reusedBytes += int64(size)
}

// Write prints the totals, then each rule by the bytes it let through, most first.
func (s *ParseStats) Write(w io.Writer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(w, "parsed %d files, %s\n", s.files, megabytes(s.bytes))
	fmt.Fprintf(w, "judged again on the first judgement's tree: %d files, %s\n", s.reused, megabytes(s.reusedBytes))
	names := make([]string, 0, len(s.byRule))
	for name := range s.byRule {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		return cmp.Or(cmp.Compare(s.byRule[b].bytes, s.byRule[a].bytes), cmp.Compare(a, b))
	})
	fmt.Fprintf(w, "%-40s %6s %10s   %s\n", "rule", "files", "bytes", "for it alone")
	for _, name := range names {
		p := s.byRule[name]
		fmt.Fprintf(w, "%-40s %6d %10s   %d files, %s\n", name, p.files, megabytes(p.bytes), p.aloneFiles, megabytes(p.aloneBytes))
	}
}

func megabytes(n int64) string { return fmt.Sprintf("%.2f MB", float64(n)/1e6) }
