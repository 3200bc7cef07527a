package server

import (
	"context"
	"strings"
	"sync"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// routeIndex keeps the route tables of the workspace's files that are not open, as
// a package's first route request builds them, encoded (resolve.EncodeRoutes): a
// request decodes its package's. Open documents give theirs from their snapshot.
type routeIndex struct {
	mu    sync.Mutex
	files map[string]closedTable // by path; a file whose table is empty has none
}

// closedTable is the encoded route table of a closed file, with its package.
type closedTable struct {
	pkgDir string
	routes []byte
}

// routeEntry is a route table in use: an open document's, or a closed file's decoded
// for one request.
type routeEntry struct {
	pkgDir string
	table  resolve.FileRoutes
}

// keepRoutes stores the encoded route table of a closed file; none when it is empty.
func (s *Server) keepRoutes(path, pkgDir string, routes []byte) {
	s.routes.mu.Lock()
	defer s.routes.mu.Unlock()
	if len(routes) == 0 {
		delete(s.routes.files, path)
		return
	}
	if s.routes.files == nil {
		s.routes.files = map[string]closedTable{}
	}
	s.routes.files[path] = closedTable{pkgDir: pkgDir, routes: routes}
}

// forgetRoutes drops a file that is gone or no longer analysed.
func (s *Server) forgetRoutes(path string) {
	s.routes.mu.Lock()
	defer s.routes.mu.Unlock()
	delete(s.routes.files, path)
}

// openRoutes is the route table of an open document at its current version.
func (s *Server) openRoutes(ctx context.Context, d *document) (routeEntry, bool) {
	p := s.packageFor(d)
	sn, ok := s.current(ctx, d.uri)
	if !ok {
		return routeEntry{}, false
	}
	defer sn.release()
	sn.routesOnce.Do(func() {
		res := sn.result.Resolver
		if res == nil || res.TooDeep() {
			return
		}
		dependsOn := func(string) bool { return false }
		dir := ""
		if p != nil {
			dependsOn, dir = p.HasDependency, p.Dir
		}
		if res.IsWindow() {
			// An edit was analysed one statement at a time; routes span the file.
			res = resolve.Build(sn.file.Tree.RootNode(), sn.file.Src, nil, resolve.Options{Wrappers: s.optionsFor(d).Wrappers, Express: expressPackage(p)})
		}
		sn.routes = routeEntry{pkgDir: dir, table: res.RouteTableIn(sn.file.Tree.RootNode(), d.path, dependsOn, s.workspaceModules())}
		sn.routesOK = true
	})
	return sn.routes, sn.routesOK
}

func expressPackage(p *pkginfo.Package) bool { return p != nil && p.HasDependency("express") }

// packageRoutes are the route tables of the workspace by package directory: the
// index's closed files, decoded for this request, and the open documents (only pkgDir's
// package when it is set).
func (s *Server) packageRoutes(ctx context.Context, pkgDir string) map[string][]resolve.FileRoutes {
	s.tableUntabled(ctx, pkgDir)
	byPath := s.decodeClosed(ctx, pkgDir)
	for _, d := range s.openDocuments() {
		if p := s.packageFor(d); pkgDir != "" && (p == nil || p.Dir != pkgDir) {
			continue
		}
		if e, ok := s.openRoutes(ctx, d); ok {
			byPath[d.path] = e
		}
	}
	out := map[string][]resolve.FileRoutes{}
	for _, e := range byPath {
		out[e.pkgDir] = append(out[e.pkgDir], e.table)
	}
	s.withWorkspaceFacts(ctx, out)
	return out
}

// DocumentSymbol lists the file's routes, `GET /api/users/:id`, at each registration:
// the outline of an Express file is its route map, mount prefixes of the package's
// other files included.
func (s *Server) DocumentSymbol(ctx context.Context, params *protocol.DocumentSymbolParams) (protocol.DocumentSymbolResult, error) {
	d := s.doc(string(params.TextDocument.URI))
	if d == nil {
		return protocol.DocumentSymbolSlice{}, nil
	}
	dir := ""
	if p := s.packageFor(d); p != nil {
		dir = p.Dir
	}
	symbols := protocol.DocumentSymbolSlice{}
	if dir == "" {
		// No package: the file's own routes, joined within the file.
		if e, ok := s.openRoutes(ctx, d); ok {
			for _, r := range resolve.JoinRoutes([]resolve.FileRoutes{e.table}) {
				symbols = append(symbols, s.documentSymbol(r))
			}
		}
		return symbols, nil
	}
	for _, r := range resolve.JoinRoutes(s.packageRoutes(ctx, dir)[dir]) {
		if r.File == d.path {
			symbols = append(symbols, s.documentSymbol(r))
		}
	}
	return symbols, nil
}

func (s *Server) documentSymbol(r resolve.FullRoute) protocol.DocumentSymbol {
	detail := routeDetail(r)
	rng := s.lspRange(r.At)
	return protocol.DocumentSymbol{Name: routeName(r), Detail: &detail, Kind: routeKind(r), Range: rng, SelectionRange: rng}
}

// Symbols answers workspace/symbol with the routes whose method and full path
// contain the query (case-insensitive), across the indexed workspace.
func (s *Server) Symbols(ctx context.Context, params *protocol.WorkspaceSymbolParams) (protocol.WorkspaceSymbolResult, error) {
	query := strings.ToLower(strings.TrimSpace(params.Query))
	out := protocol.SymbolInformationSlice{}
	for _, files := range s.packageRoutes(ctx, "") {
		for _, r := range resolve.JoinRoutes(files) {
			name := routeName(r)
			if !strings.Contains(strings.ToLower(name), query) {
				continue
			}
			container := routeDetail(r)
			info := protocol.SymbolInformation{Location: protocol.Location{URI: uri.File(r.File), Range: s.lspRange(r.At)}}
			info.Name, info.Kind, info.ContainerName = name, routeKind(r), &container
			out = append(out, info)
		}
	}
	return out, nil
}

func routeName(r resolve.FullRoute) string { return r.Method + " " + r.FullPath }

// routeKind: a route is a method of the app; a use is middleware, a function.
func routeKind(r resolve.FullRoute) protocol.SymbolKind {
	if r.Method == "USE" {
		return protocol.SymbolKindFunction
	}
	return protocol.SymbolKindMethod
}

// routeDetail names the handler, its wrappers and whether it is async.
func routeDetail(r resolve.FullRoute) string {
	parts := []string{r.Handler.Text}
	if r.Handler.Wrapper != "" {
		parts = append(parts, "wrapped by "+r.Handler.Wrapper)
	}
	if r.Handler.Async {
		parts = append(parts, "async")
	}
	if r.Handler.Managed != "" {
		parts = append(parts, "managed by "+r.Handler.Managed)
	}
	return strings.Join(parts, ", ")
}

func (s *Server) lspRange(p resolve.Place) protocol.Range {
	rng := p.UTF16
	if s.encoding == source.UTF8 {
		rng = p.UTF8
	}
	return protocol.Range{
		Start: protocol.Position{Line: rng.Start.Line, Character: rng.Start.Character},
		End:   protocol.Position{Line: rng.End.Line, Character: rng.End.Character},
	}
}
