package syntax

import (
	"testing"
)

// A tree parsed where C freed a closed tree gets its own state, not the closed
// tree's, even when a slot of recentStates still holds that one; and closing a
// tree empties its slot.
func TestStateOfATreeAtAClosedTreesAddress(t *testing.T) {
	reused := 0
	for range 50 {
		old, err := Parse(t.Context(), JavaScript, []byte("const a = 1;\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		oldRoot := old.RootNode() // a Go copy of the node: stateOf reads no C memory of it
		oldKey := treeOf(oldRoot)
		closed := stateOf(oldRoot)
		if closed == nil || closed.tables != tables[JavaScript] {
			t.Fatal("no state for a parsed tree")
		}
		Close(old)
		if s := slotOf(oldKey).Load(); s != nil && s.key == oldKey {
			t.Fatal("a closed tree's state is still in its slot")
		}
		// A lookup racing with Close may put the state back: it must not be answered.
		slotOf(oldKey).Store(closed)
		if stateOf(oldRoot) == closed {
			t.Fatal("a closed tree's state answered from its slot")
		}
		tree, err := Parse(t.Context(), TypeScript, []byte("let x: number = 1;\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		root := tree.RootNode()
		if treeOf(root) == oldKey {
			reused++
		}
		if s := stateOf(root); s == nil || s.tables != tables[TypeScript] || s.tree != tree {
			t.Fatal("a new tree answered with another tree's state")
		}
		if got, want := Kind(root.NamedChild(0)), root.NamedChild(0).Kind(); got != want {
			t.Fatalf("Kind = %q, want %q", got, want)
		}
		Close(tree)
	}
	t.Logf("%d of 50 new trees at the closed tree's address", reused)
}

// A tree freed by the binding's own Close is never forgotten; a tree C then places
// at its address still gets its own state.
func TestStateOfATreeAtAnUnforgottenTreesAddress(t *testing.T) {
	for range 20 {
		old, err := Parse(t.Context(), JavaScript, []byte("const a = 1;\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		Flatten(old.RootNode(), 0xfffe, nil) // the old state has an index too
		if stateOf(old.RootNode()) == nil {
			t.Fatal("no state for a parsed tree")
		}
		old.Close()
		liveTrees.Add(-1)
		tree, err := Parse(t.Context(), TypeScript, []byte("let x: number = 1;\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		root := tree.RootNode()
		if s := stateOf(root); s == nil || s.tree != tree || s.ready.Load() {
			t.Fatal("a new tree answered with another tree's state")
		}
		Close(tree)
	}
}
