package server

import (
	"context"
	"sync"

	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/cores"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The index builds no route table: each checked file's is built when a request first
// needs its package's routes (a hover on a handler, the outline's mount prefixes, a
// workspace symbol search), on all cores, and kept encoded. Built while indexing, for
// the files the index parses, the tables were a sixth of a cold index's CPU and its
// largest kept bytes, and spared a request little: the index parses only the files a
// rule can report in (a twentieth of a large tree, as check does), so a package's
// first request parsed nearly all of its files anyway, after a warm start too.

// noteTable records that a closed file was judged again: its table of before, if any,
// is dropped (it may have changed), and a file checked in a package is to be tabled
// when its package's routes are first asked for.
func (s *Server) noteTable(path, pkgDir string, checked bool) {
	s.forgetRoutes(path)
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if checked {
		s.markUntabled(path, pkgDir)
	} else {
		delete(s.idx.untabled, path)
	}
}

// markUntabled notes the closed file at path, of the package at pkgDir, as to be
// tabled when its package's routes are first asked for. s.idx.mu is held.
func (s *Server) markUntabled(path, pkgDir string) {
	if s.idx.untabled == nil {
		s.idx.untabled = map[string]string{}
	}
	s.idx.untabled[path] = pkgDir
}

// tableUntabled builds the route tables of the untabled files of the package at
// pkgDir ("": of every package), on all cores, before the request reads them.
func (s *Server) tableUntabled(ctx context.Context, pkgDir string) {
	s.idx.tabling.Lock()
	defer s.idx.tabling.Unlock()
	var todo, dirs []string
	s.idx.mu.Lock()
	for path, dir := range s.idx.untabled {
		if pkgDir == "" || dir == pkgDir {
			todo, dirs = append(todo, path), append(dirs, dir)
			delete(s.idx.untabled, path)
		}
	}
	s.idx.mu.Unlock()
	if len(todo) == 0 {
		return
	}
	// A run over many files, as the index is: each directory is checked for links
	// once (see runIndex).
	defer s.idx.roots.Remember()()
	done := make([]bool, len(todo))
	onAllCores(ctx, len(todo), func(i int) { done[i] = s.tableClosedFile(ctx, todo[i]) })
	// A cancelled request (a client cancels a symbol search as the user types on)
	// leaves the files it did not table for the next request, not for the next walk.
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	for i, ok := range done {
		if !ok {
			s.markUntabled(todo[i], dirs[i])
		}
	}
}

// onAllCores calls do(i) for each i below n on as many goroutines as there are cores,
// and returns when they are done; once ctx ends, no further i is handed out.
func onAllCores(ctx context.Context, n int, do func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(cores.Workers(), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
}

// tableClosedFile parses the closed file at path and keeps its route table, built as
// the analysis builds its resolver: the same reads (within the workspace), the same
// configuration and package. It reports false only when ctx ended before the file
// was parsed: the file is still to be tabled.
func (s *Server) tableClosedFile(ctx context.Context, path string) bool {
	if ctx.Err() != nil {
		return false
	}
	if s.doc(string(uri.File(path))) != nil {
		return true // an open document gives its table from its snapshot
	}
	drv := s.driver()
	p := s.pkgs.For(path)
	src, err := drv.ReadFile(path)
	if err != nil || p == nil {
		return true // gone since the index; its next walk forgets it
	}
	tree, err := syntax.Parse(ctx, syntax.ForPath(path), src, nil)
	if err != nil {
		return ctx.Err() == nil
	}
	defer syntax.Close(tree)
	opts := analysis.OptionsFrom(drv.Settings(path))
	res := resolve.Build(tree.RootNode(), src, nil, resolve.Options{Wrappers: opts.Wrappers, Express: expressPackage(p)})
	if res.TooDeep() {
		return true
	}
	routes, err := resolve.EncodeRoutes(res.RouteTableIn(tree.RootNode(), path, p.HasDependency, s.workspaceModules()))
	if err != nil {
		s.log.Info("route table not kept", zap.String("file", path), zap.Error(err))
		return true
	}
	s.keepRoutes(path, p.Dir, routes)
	return true
}

// decodeClosed are the route tables of the closed files of the package at pkgDir ("":
// of every package), decoded from what is kept, on all cores (decodeKept).
func (s *Server) decodeClosed(ctx context.Context, pkgDir string) map[string]routeEntry {
	type kept struct {
		path  string
		table closedTable
	}
	var todo []kept
	s.routes.mu.Lock()
	for path, t := range s.routes.files {
		if pkgDir == "" || t.pkgDir == pkgDir {
			todo = append(todo, kept{path, t})
		}
	}
	s.routes.mu.Unlock()
	tables := make([]resolve.FileRoutes, len(todo))
	decoded := make([]bool, len(todo))
	onAllCores(ctx, len(todo), func(i int) {
		tables[i], decoded[i] = s.decodeKept(todo[i].path, todo[i].table)
	})
	out := make(map[string]routeEntry, len(todo))
	for i, k := range todo {
		if decoded[i] {
			out[k.path] = routeEntry{pkgDir: k.table.pkgDir, table: tables[i]}
		}
	}
	return out
}

// decodeKept is the kept table of the closed file at path, decoded. One that does not
// decode is dropped, and the file left to be tabled again at the next request.
func (s *Server) decodeKept(path string, kept closedTable) (resolve.FileRoutes, bool) {
	t, err := resolve.DecodeRoutes(path, kept.routes)
	if err != nil {
		s.log.Info("route table not decoded; built again at the next request", zap.String("file", path), zap.Error(err))
		s.noteTable(path, kept.pkgDir, true)
		return resolve.FileRoutes{}, false
	}
	return t, true
}
