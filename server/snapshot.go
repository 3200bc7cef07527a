package server

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// snapshot is the analysis of one version of a document. Nothing in it changes once
// it is published (version, lines, file, result, skipped, notice), so any number of
// features read it at once: the result's resolver is safe for concurrent reads (see
// resolve.Resolver), and what a feature adds to it (topics, routes) is made once.
//
// Its tree and result live as long as someone holds it: the document, while the
// snapshot is its latest, and every reader that acquired it (a hover, a code action,
// the next analysis building on it). The last release frees them, so a snapshot
// superseded by an edit is freed when its last reader is done, and never under one.
type snapshot struct {
	// refs counts the holders; 0 means freed, and then nobody can acquire it again.
	refs    atomic.Int32
	version int32
	lines   *source.Lines
	file    *analysis.File
	result  analysis.Result
	skipped string // why the file was not analysed, "" when it was
	// found are the file's topics, computed once, on the first code lens request.
	found     []topics.Topic
	foundOnce sync.Once
	// routes is the file's route table, built once, on the first outline or route
	// hover: outlines are asked after every edit, and a snapshot analysed one
	// statement at a time needs a whole resolver for it.
	routes     routeEntry
	routesOK   bool
	routesOnce sync.Once
	// notice, when set, is shown as one information diagnostic on the first line: why
	// a file the user expects findings in was not analysed (it is too large).
	notice string
}

// acquire takes a hold on the snapshot for a reader; false when it was already freed.
func (sn *snapshot) acquire() bool {
	for {
		n := sn.refs.Load()
		if n <= 0 {
			return false
		}
		if sn.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release gives back one hold; the last one frees the tree and the result.
func (sn *snapshot) release() {
	switch n := sn.refs.Add(-1); {
	case n == 0:
		sn.free()
	case n < 0:
		panic("server: a snapshot was released more often than it was held")
	}
}

// snapshotFreed, when set (by tests), is called each time a snapshot is freed.
var snapshotFreed atomic.Pointer[func(*snapshot)]

// free releases the tree and the result; only the last release, or an analysis that
// never published the snapshot, calls it.
func (sn *snapshot) free() {
	if sn.file != nil && sn.file.Tree != nil {
		syntax.Close(sn.file.Tree)
		sn.file.Tree = nil
	}
	sn.result.Release()
	if hook := snapshotFreed.Load(); hook != nil {
		(*hook)(sn)
	}
}

// current analyses a document up to its current version and returns the snapshot
// acquired, with its tree open; the caller releases it. ok is false when the document
// is not open or was not analysed (not JS/TS, too large, skipped).
func (s *Server) current(ctx context.Context, docURI string) (sn *snapshot, ok bool) {
	d := s.doc(docURI)
	if d == nil {
		return nil, false
	}
	if sn = s.analyze(ctx, d); sn == nil {
		return nil, false
	}
	if sn.file == nil || sn.file.Tree == nil {
		sn.release()
		return nil, false
	}
	return sn, true
}

// topics are the interview topics of the snapshot's file, computed on the first call
// and kept; the caller holds the snapshot.
func (sn *snapshot) topics() []topics.Topic {
	sn.foundOnce.Do(func() { sn.found = features.Topics(sn.file, sn.result) })
	return sn.found
}
