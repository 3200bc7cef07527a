package server

import (
	"context"
	"runtime"
	"sync"

	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// The index builds no route table: it judges the files as check does, parsing only
// those a rule may report on, and the route tables of closed files (a router's
// registrations, a controller's exported handlers, a file handed the app) are built
// here, when a request first needs their package's routes: a hover on a handler, the
// outline's mount prefixes, a workspace symbol search. Nothing reads them before such
// a request, and kept for every parsed file from the index on, they were the largest
// part of its live heap (16 of 28 MB on the corpus copied 8 times), and their building
// a good part of the CPU it spent beyond check's. The price is paid once per package,
// by its first such request: a parse of its files (the tables are kept after it).

// noteUntabled records whether the closed file at path was checked in a package, so
// that its route table is built when its package's routes are first asked for; its
// table of before, if any, is dropped (the file was judged again: it may have changed).
func (s *Server) noteUntabled(path, pkgDir string, checked bool) {
	s.forgetRoutes(path)
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if !checked {
		delete(s.idx.untabled, path)
		return
	}
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
	var todo []string
	s.idx.mu.Lock()
	for path, dir := range s.idx.untabled {
		if pkgDir == "" || dir == pkgDir {
			todo = append(todo, path)
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
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range next {
				s.tableClosedFile(ctx, path)
			}
		}()
	}
	for _, path := range todo {
		next <- path
	}
	close(next)
	wg.Wait()
}

// tableClosedFile parses the closed file at path and keeps its route table, built as
// the analysis builds its resolver: the same reads (within the workspace), the same
// configuration and package.
func (s *Server) tableClosedFile(ctx context.Context, path string) {
	if s.doc(string(uri.File(path))) != nil {
		return // an open document gives its table from its snapshot
	}
	drv := s.driver()
	p := s.pkgs.For(path)
	src, err := drv.ReadFile(path)
	if err != nil || p == nil {
		return // gone since the index; its next walk forgets it
	}
	tree, err := syntax.Parse(ctx, syntax.ForPath(path), src, nil)
	if err != nil {
		return
	}
	defer syntax.Close(tree)
	opts := analysis.OptionsFrom(drv.Settings(path))
	res := resolve.Build(tree.RootNode(), src, nil, resolve.Options{Wrappers: opts.Wrappers, Express: expressPackage(p)})
	if res.TooDeep() {
		return
	}
	table := res.RouteTable(tree.RootNode(), path, p.HasDependency)
	s.routes.mu.Lock()
	defer s.routes.mu.Unlock()
	if s.routes.files == nil {
		s.routes.files = map[string]routeEntry{}
	}
	s.routes.files[path] = routeEntry{pkgDir: p.Dir, table: table}
}
