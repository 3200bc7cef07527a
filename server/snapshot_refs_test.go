package server

import (
	"context"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/explain"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// freeLog counts the frees of each snapshot, through the snapshotFreed hook, and the
// readers each snapshot has at the moment: a free while one reads it is an error.
type freeLog struct {
	t       *testing.T
	mu      sync.Mutex
	freed   map[*snapshot]int
	reading map[*snapshot]int
	seen    map[*snapshot]bool
}

func watchFrees(t *testing.T) *freeLog {
	l := &freeLog{t: t, freed: map[*snapshot]int{}, reading: map[*snapshot]int{}, seen: map[*snapshot]bool{}}
	hook := func(sn *snapshot) {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.freed[sn]++
		if n := l.reading[sn]; n > 0 {
			t.Errorf("snapshot %d was freed while %d readers held it", sn.version, n)
		}
	}
	snapshotFreed.Store(&hook)
	t.Cleanup(func() { snapshotFreed.Store(nil) })
	return l
}

func (l *freeLog) reader(sn *snapshot, delta int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen[sn] = true
	l.reading[sn] += delta
	if l.freed[sn] > 0 {
		l.t.Errorf("snapshot %d was read after it was freed", sn.version)
	}
}

func (l *freeLog) frees(sn *snapshot) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.freed[sn]
}

// A snapshot superseded by an edit stays whole while a reader holds it, and is freed
// once, when that reader releases it.
func TestSupersededSnapshotIsFreedByItsLastReader(t *testing.T) {
	frees := watchFrees(t)
	s := moduleServer()
	doc := uri.URI("untitled:held.js")
	d := openModule(t, s, doc, typedModule)
	held, ok := s.current(context.Background(), string(doc))
	if !ok {
		t.Fatal("no snapshot of an open module")
	}
	editModule(t, s, doc, 2, insertion(protocol.Position{Line: 6, Character: 2}, "x; "))
	next, ok := s.current(context.Background(), string(doc))
	if !ok || next == held || next.version != 2 {
		t.Fatalf("the edit gave no newer snapshot (ok %v)", ok)
	}
	next.release()
	if n := frees.frees(held); n != 0 {
		t.Fatalf("the superseded snapshot was freed %d times while held", n)
	}
	at := uint(strings.Index(typedModule, "hashSync"))
	if h := features.HoverAt(held.file, held.result, at, explain.Markdown); len(h.Parts) == 0 {
		t.Error("a hover on the held, superseded snapshot found nothing at bcrypt.hashSync")
	}
	held.release()
	if n := frees.frees(held); n != 1 {
		t.Fatalf("the superseded snapshot was freed %d times after its last release, want 1", n)
	}
	if held.acquire() {
		t.Error("a freed snapshot could be acquired again")
	}
	d.mu.Lock()
	latest := d.snap
	d.mu.Unlock()
	if latest != next || frees.frees(next) != 0 {
		t.Error("the document's latest snapshot is not the one analysed, or was freed")
	}
}

// Hovers, code actions, code lenses, outlines, topics and direct reads run at once on
// each snapshot while edits, one statement at a time, supersede it: run with -race,
// a write to a published snapshot or resolver that a reader sees fails. Every snapshot
// is freed exactly once, never while a reader holds it, and all of them are freed
// once the document is closed.
func TestManyReadersShareSnapshotsWhileEditsSupersedeThem(t *testing.T) {
	frees := watchFrees(t)
	s := moduleServer()
	ctx := context.Background()
	doc := uri.URI("untitled:shared.js")
	openModule(t, s, doc, typedModule)
	id := protocol.TextDocumentIdentifier{URI: doc}
	hashAt := strings.Index(typedModule, "hashSync")
	pos := source.NewLines([]byte(typedModule)).Position(hashAt, source.UTF16)
	at := protocol.TextDocumentPositionParams{TextDocument: id, Position: protocol.Position{Line: pos.Line, Character: pos.Character}}
	whole := protocol.Range{End: protocol.Position{Line: 20}}

	stop := make(chan struct{})
	var wg sync.WaitGroup
	reader := func(name string, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if err := f(); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}()
	}
	reader("hover", func() error {
		_, err := s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: at})
		return err
	})
	reader("code action", func() error {
		_, err := s.CodeAction(ctx, &protocol.CodeActionParams{TextDocument: id, Range: whole})
		return err
	})
	reader("code lens", func() error { _, err := s.CodeLens(ctx, &protocol.CodeLensParams{TextDocument: id}); return err })
	reader("outline", func() error {
		_, err := s.DocumentSymbol(ctx, &protocol.DocumentSymbolParams{TextDocument: id})
		return err
	})
	reader("topics", func() error { s.openTopicPlaces(ctx, s.doc(string(doc))); return nil })
	for range 2 {
		reader("direct read", func() error {
			sn, ok := s.current(ctx, string(doc))
			if !ok {
				return nil // closed at the end
			}
			frees.reader(sn, 1)
			features.HoverAt(sn.file, sn.result, uint(hashAt), explain.Markdown)
			features.Actions(sn.file, sn.result, sn.lines, 0, uint(len(sn.file.Src)))
			frees.reader(sn, -1)
			sn.release()
			return nil
		})
	}

	// Type into hash()'s body and delete again: each version is checked one statement
	// at a time, on the resolver of the last whole check, which the readers share.
	typed := "void 0; "
	version := int32(1)
	for round := range 6 {
		for i := range 2 * len(typed) {
			version++
			var c *protocol.TextDocumentContentChangePartial
			if i < len(typed) {
				c = insertion(protocol.Position{Line: 6, Character: uint32(2 + i)}, typed[i:i+1])
			} else {
				end := protocol.Position{Line: 6, Character: uint32(2 + 2*len(typed) - i)}
				c = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: protocol.Position{Line: 6, Character: end.Character - 1}, End: end}}
			}
			editModule(t, s, doc, version, c)
			if sn := s.analyze(ctx, s.doc(string(doc))); sn != nil {
				frees.reader(sn, 0)
				sn.release()
			}
		}
		if round == 2 {
			// A whole check in the middle: the next edits build on a new baseline while
			// readers may still hold snapshots of the old one.
			d := s.doc(string(doc))
			d.mu.Lock()
			d.force = true
			d.mu.Unlock()
		}
	}
	close(stop)
	wg.Wait()

	h, err := s.Hover(ctx, &protocol.HoverParams{TextDocumentPositionParams: at})
	if err != nil || !strings.Contains(hoverText(h), "hashSync") {
		t.Errorf("the last version's hover at bcrypt.hashSync: %q, %v", hoverText(h), err)
	}
	s.DidClose(ctx, &protocol.DidCloseTextDocumentParams{TextDocument: id})
	frees.mu.Lock()
	read := len(frees.seen)
	frees.mu.Unlock()
	if read < 2 {
		t.Fatalf("only %d snapshots were read", read)
	}
	// An analysis the edits scheduled may still hold its snapshot for a moment.
	eventually(t, "every snapshot freed", func() bool {
		frees.mu.Lock()
		defer frees.mu.Unlock()
		for sn := range frees.seen {
			if frees.freed[sn] == 0 {
				return false
			}
		}
		return true
	})
	frees.mu.Lock()
	defer frees.mu.Unlock()
	for sn := range frees.seen {
		if n := frees.freed[sn]; n != 1 {
			t.Errorf("snapshot %d was freed %d times, want once", sn.version, n)
		}
	}
}
