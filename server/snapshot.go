package server

import (
	"context"

	"github.com/nodecoach/nodecoach/knowledge/features"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// current analyses a document up to its current version and returns the snapshot
// locked, with its tree open; the caller unlocks sn.mu. ok is false when the document
// is not open or was not analysed (not JS/TS, too large, skipped).
func (s *Server) current(ctx context.Context, docURI string) (sn *snapshot, ok bool) {
	d := s.doc(docURI)
	if d == nil {
		return nil, false
	}
	// A newer analysis may replace the snapshot, and free its tree, between analyze
	// and the lock: the request is then answered on the newer one.
	for range maxSnapshotRetries {
		if sn = s.analyze(ctx, d); sn == nil {
			return nil, false
		}
		sn.mu.Lock()
		if sn.file != nil && sn.file.Tree != nil {
			return sn, true
		}
		freed := sn.file != nil // a skipped file has no tree of its own
		sn.mu.Unlock()
		if !freed {
			return nil, false
		}
	}
	return nil, false
}

// maxSnapshotRetries bounds how often a request follows a snapshot replaced under it,
// so that a document edited without pause cannot hold a request forever.
const maxSnapshotRetries = 8

// topics are the interview topics of the snapshot's file, computed on the first call
// and kept; the caller holds sn.mu (the result's resolver may be read).
func (sn *snapshot) topics() []topics.Topic {
	sn.foundOnce.Do(func() { sn.found = features.Topics(sn.file, sn.result) })
	return sn.found
}
