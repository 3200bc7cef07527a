package server

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The index parses in arenas (its driver's run does), and once its walk is over the
// process keeps no memory of theirs: no tree holds an arena, and the freed chunks'
// pages are the system's again rather than kept for parses that may come much later.
func TestIndexGivesItsParseArenasBack(t *testing.T) {
	if !syntax.ArenasAvailable() {
		t.Skip("no parse arenas on this system")
	}
	root := t.TempDir()
	writeFiles(t, root, listApp)
	arenas, parsed := syntax.Live().Arenas, syntax.ArenaParses()
	ss := newSession(t)
	ss.initializeFolder(root, false)
	eventually(t, "the walk to end", func() bool { return ss.s.indexIdle() })
	if syntax.ArenaParses() == parsed {
		t.Fatal("the index parsed nothing in an arena")
	}
	if live := syntax.Live(); live.Arenas != arenas || live.IdleArenaBytes != 0 {
		t.Errorf("after the walk: %d arenas held (%d before), %d bytes of free chunks kept in memory; want none", live.Arenas, arenas, live.IdleArenaBytes)
	}
}
