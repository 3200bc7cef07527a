package server

import (
	"slices"
	"sync"
)

// fileEvents orders the work file-change events ask for: one worker judges it in the
// order the events came, so that two events of one file never race and the newer
// read is always recorded last. A walk judges files at the same time, though, and a
// read it began before an event may be recorded after the event's: the files named
// by events during a walk are therefore judged once more after that walk has
// recorded everything (the rule gopls keeps: work on one file is ordered, and the
// newest version wins).
type fileEvents struct {
	mu      sync.Mutex
	queue   []fileWork
	working bool // the worker goroutine is alive; it ends when the queue is empty
	// walking is set while a walk reads and records files; during are the files events
	// named meanwhile, by path.
	walking bool
	during  map[string]bool
}

// fileWork is what one event asks for: every open document analysed again (a package
// or configuration file changed), or files judged again from disk, in order.
type fileWork struct {
	everything bool
	paths      []string
}

// queueFileWork appends work for the worker, starting it if it is not running, and
// returns at once: a notification handler must not wait for the analysis.
func (s *Server) queueFileWork(w fileWork) {
	s.idx.events.mu.Lock()
	defer s.idx.events.mu.Unlock()
	s.idx.events.queue = append(s.idx.events.queue, w)
	if !s.idx.events.working {
		s.idx.events.working = true
		go s.fileWorker()
	}
}

// fileWorker does the queued work in order until none is left. Shutdown and exit drop
// what is left, so the goroutine ends with the session.
func (s *Server) fileWorker() {
	for {
		s.idx.events.mu.Lock()
		if len(s.idx.events.queue) == 0 || s.state.Load() == stateShutdown || s.hasExited() {
			s.idx.events.queue, s.idx.events.working = nil, false
			s.idx.events.mu.Unlock()
			return
		}
		w := s.idx.events.queue[0]
		s.idx.events.queue = slices.Delete(s.idx.events.queue, 0, 1)
		s.idx.events.mu.Unlock()
		if w.everything {
			s.reanalyzeOpen()
		}
		for _, p := range w.paths {
			if s.hasExited() {
				break
			}
			s.indexFile(p)
		}
	}
}

// noteDuringWalk remembers the files an event names while a walk runs: that walk may
// record a read of theirs older than the event's.
func (s *Server) noteDuringWalk(paths []string) {
	s.idx.events.mu.Lock()
	defer s.idx.events.mu.Unlock()
	if !s.idx.events.walking {
		return
	}
	if s.idx.events.during == nil {
		s.idx.events.during = map[string]bool{}
	}
	for _, p := range paths {
		s.idx.events.during[p] = true
	}
}

// beginWalkEvents is called before a walk's first read.
func (s *Server) beginWalkEvents() {
	s.idx.events.mu.Lock()
	s.idx.events.walking = true
	s.idx.events.mu.Unlock()
}

// endWalkEvents is called once a walk has recorded everything (or stopped): the files
// events named meanwhile are queued to be judged again, by a read that begins after
// both the walk's and the event's.
func (s *Server) endWalkEvents() {
	s.idx.events.mu.Lock()
	paths := make([]string, 0, len(s.idx.events.during))
	for p := range s.idx.events.during {
		paths = append(paths, p)
	}
	s.idx.events.walking, s.idx.events.during = false, nil
	s.idx.events.mu.Unlock()
	if len(paths) > 0 {
		slices.Sort(paths)
		s.queueFileWork(fileWork{paths: paths})
	}
}
