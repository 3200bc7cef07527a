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

// The index parses only the files a rule may report on, as check does; the others'
// route tables (a controller's exported handlers, a file handed the app) are built
// here, when a request first needs their package's routes: a hover on a handler, the
// outline's mount prefixes, a workspace symbol search.

// noteUnparsed records whether the closed file at path was checked without being
// parsed, so that it still has no route table.
func (s *Server) noteUnparsed(path, pkgDir string, unparsed bool) {
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if !unparsed {
		delete(s.idx.unparsed, path)
		return
	}
	if s.idx.unparsed == nil {
		s.idx.unparsed = map[string]string{}
	}
	s.idx.unparsed[path] = pkgDir
}

// tableUnparsed builds the route tables of the unparsed files of the package at
// pkgDir ("": of every package), on all cores, before the request reads them.
func (s *Server) tableUnparsed(ctx context.Context, pkgDir string) {
	s.idx.tabling.Lock()
	defer s.idx.tabling.Unlock()
	var todo []string
	s.idx.mu.Lock()
	for path, dir := range s.idx.unparsed {
		if pkgDir == "" || dir == pkgDir {
			todo = append(todo, path)
			delete(s.idx.unparsed, path)
		}
	}
	s.idx.mu.Unlock()
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

// tableClosedFile parses the closed file at path and keeps its route table, as the
// index would have had it parsed the file: the same reads (within the workspace), the
// same configuration and package.
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
