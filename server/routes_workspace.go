package server

import (
	"context"
	"path/filepath"

	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// workspaceModules finds the sources of other packages of a workspace for the route
// tables (resolve.WorkspaceModules), only within the server's workspace folders: a
// workspace declared above them is not read. It is made once, and reads package.json
// files and workspace declarations through the server's package store; what it learnt
// is dropped, as far as a change can alter it, by the watched-file events
// (workspaceFileChanged).
func (s *Server) workspaceModules() *resolve.WorkspaceModules {
	s.wsOnce.Do(func() {
		s.wsModules = resolve.NewWorkspaceModulesWithin(s.pkgs, s.idx.roots.Contains)
	})
	return s.wsModules
}

// workspaceFileChanged makes the workspace finder read again what a change of path
// can alter (resolve.WorkspaceModules.Changed): a package.json or workspace
// declaration, its workspace's packages; a source file created or deleted, the files
// its workspace's specifiers name. The files whose tables held an answer the change
// may alter are analysed again: an open one now (its snapshot's table is its
// version's), a closed one returned to be queued as the event's own files are.
func (s *Server) workspaceFileChanged(path string) (closed []string) {
	for _, importer := range s.workspaceModules().Changed(path) {
		d := s.doc(string(uri.File(importer)))
		if d == nil {
			closed = append(closed, importer)
			continue
		}
		d.mu.Lock()
		d.force = true
		d.mu.Unlock()
		s.schedule(d)
	}
	return closed
}

// withWorkspaceFacts adds to each package's tables the facts of the other workspace
// packages' files they read (resolve.WorkspaceFacts), from the tables kept for closed
// files, tabling one on demand, and from open documents at their current version: an
// edit of a spec in another package shows in this package's outline and symbols at
// the next request. A table this request already holds (byPkg's, or one read for an
// earlier package) is not decoded again.
func (s *Server) withWorkspaceFacts(ctx context.Context, byPkg map[string][]resolve.FileRoutes) {
	known := map[string]resolve.FileRoutes{}
	for _, files := range byPkg {
		for _, t := range files {
			known[filepath.Clean(t.File)] = t
		}
	}
	src := resolve.FactSource{
		Tables: func(files []string) []resolve.FileRoutes {
			out := make([]resolve.FileRoutes, len(files))
			onAllCores(ctx, len(files), func(k int) {
				if t, ok := known[filepath.Clean(files[k])]; ok {
					out[k] = t
				} else if d := s.doc(string(uri.File(files[k]))); d != nil {
					if e, ok := s.openRoutes(ctx, d); ok {
						out[k] = e.table
					}
				} else if t, ok := s.closedTable(ctx, files[k]); ok {
					out[k] = t
				}
			})
			for k, t := range out {
				if t.File != "" {
					known[filepath.Clean(files[k])] = t
				}
			}
			return out
		},
		PackageDir: func(file string) string {
			if p := s.pkgs.For(file); p != nil {
				return p.Dir
			}
			return ""
		},
		// A file whose table the request can have, not a stat of each candidate
		// ending per request: one on disk but not indexed gives no table.
		Exists: func(from, file string) bool {
			return s.idx.roots.Contains(file) && s.hasTable(file) && s.workspaceModules().InWorkspaceOf(from, file)
		},
	}
	for dir, files := range byPkg {
		byPkg[dir] = append(files, resolve.WorkspaceFacts(files, dir, src)...)
	}
}

// closedTable is the table of a closed file: the one kept, else built now when the
// index left it untabled. A request cancelled before the file was parsed leaves it
// untabled for the next one, as tableUntabled does. A file that is neither may be
// another request's to table (tableUntabled takes its files out of untabled first):
// its table is asked for once that request's tabling ends.
func (s *Server) closedTable(ctx context.Context, file string) (resolve.FileRoutes, bool) {
	file = filepath.Clean(file)
	if !s.closedHasTable(file) {
		s.waitForTabling()
	}
	s.idx.mu.Lock()
	dir, untabled := s.idx.untabled[file]
	delete(s.idx.untabled, file)
	s.idx.mu.Unlock()
	if untabled && !s.tableClosedFile(ctx, file) {
		s.idx.mu.Lock()
		s.markUntabled(file, dir)
		s.idx.mu.Unlock()
		return resolve.FileRoutes{}, false
	}
	s.routes.mu.Lock()
	kept, ok := s.routes.files[file]
	s.routes.mu.Unlock()
	if !ok {
		return resolve.FileRoutes{}, false
	}
	return s.decodeKept(file, kept)
}

// waitForTabling returns once no request is building tables (see tableUntabled).
func (s *Server) waitForTabling() {
	s.idx.tabling.Lock()
	s.idx.tabling.Unlock()
}

// hasTable: an open document, or a closed file kept or left untabled by the index,
// gives file's table; so does one another request is tabling, once it is done.
func (s *Server) hasTable(file string) bool {
	file = filepath.Clean(file)
	if s.doc(string(uri.File(file))) != nil {
		return true
	}
	if s.closedHasTable(file) {
		return true
	}
	s.waitForTabling()
	return s.closedHasTable(file)
}

// closedHasTable reports whether the closed file is kept or untabled now.
func (s *Server) closedHasTable(file string) bool {
	s.idx.mu.Lock()
	_, untabled := s.idx.untabled[file]
	s.idx.mu.Unlock()
	if untabled {
		return true
	}
	s.routes.mu.Lock()
	defer s.routes.mu.Unlock()
	_, kept := s.routes.files[file]
	return kept
}
