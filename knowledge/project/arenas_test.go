package project

import (
	"context"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// TestARunParsesInArenasAndGivesThemBack: every parse of a run is made in an arena
// (see syntax.WithArenas), kept trees' included, and the run ends holding none, with
// the findings a run without kept trees gives.
func TestARunParsesInArenasAndGivesThemBack(t *testing.T) {
	if !syntax.ArenasAvailable() {
		t.Skip("no parse arenas on this system: its parses are the ones the other tests cover")
	}
	d, paths := testDriver(t, againTree)
	arenas, parsed := syntax.Live().Arenas, syntax.ArenaParses()
	kept, err := runKept(t, d, context.Background(), paths)
	if err != nil {
		t.Fatal(err)
	}
	if kept.parses == 0 || kept.reuses == 0 {
		t.Fatalf("the run parsed %d files and judged %d on kept trees: the test needs both", kept.parses, kept.reuses)
	}
	if got := syntax.ArenaParses() - parsed; got != kept.parses {
		t.Errorf("%d of the run's %d parses were made in arenas, want all", got, kept.parses)
	}
	if now := syntax.Live().Arenas; now != arenas {
		t.Errorf("%d arenas held after the run, %d before", now, arenas)
	}
}
