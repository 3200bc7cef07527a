package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// routeRow is one route as `routes --format json` prints it (lines 1-based).
type routeRow struct {
	Method string `json:"method"`
	// Path is the full path, mount prefixes joined; Written is the path as the
	// registration writes it.
	Path        string   `json:"path"`
	Written     string   `json:"written"`
	File        string   `json:"file"`
	Line        int      `json:"line"`
	Handler     string   `json:"handler"`
	HandlerFile string   `json:"handlerFile,omitempty"`
	HandlerLine int      `json:"handlerLine,omitempty"`
	Middleware  []string `json:"middleware"`
	Wrappers    []string `json:"wrappers"`
	Async       bool     `json:"async"`
	// ErrorSafe: a rejection of the handler reaches the error middleware (a wrapper,
	// Express 5, or express-async-errors).
	ErrorSafe bool `json:"errorSafe"`
	// Managed is the package of the controller framework that runs the handler (a
	// decorated action: inversify-express-utils, routing-controllers, tsoa,
	// @nestjs/common), which awaits it and passes its errors on; absent for Express's
	// own registrations.
	Managed string `json:"managed,omitempty"`
}

// collectRoutes is a rule that reports nothing: given alone to the analysis, it makes
// every file parsed and resolved (no rule's prefilter skips it), which the route table
// needs even in a controller that mentions no API.
var collectRoutes = &analysis.Rule{
	Name:  "routes",
	Doc:   "Makes the analysis resolve every file for the route table; reports nothing.",
	Run:   func(*analysis.Pass, *sitter.Node) {},
	Local: true,
}

// routesCmd prints the route map of the Express apps under the paths: every
// registration with its full path (mount prefixes joined across the files of each
// package), handler, middleware and wrappers, and whether its errors reach the error
// middleware.
func routesCmd(args []string, stdout, stderr io.Writer) int {
	format, paths, a, log, ok := reportCommand("routes", args, stderr, []*analysis.Rule{collectRoutes})
	if !ok {
		return 2
	}
	files, walkErr := listFiles(paths, log)
	workspace := resolve.NewWorkspaceModules(a.Packages)
	tables, pkgs, errs := a.routeTables(files, log, workspace)
	tables, pkgs = a.withWorkspaceFacts(tables, pkgs, log, workspace)
	failed := walkErr != nil
	if walkErr != nil {
		log.Printf("nodecoach: %v\n", walkErr)
	}
	for i, err := range errs {
		if err != nil {
			log.Printf("nodecoach: %s: %v\n", files[i], err)
			failed = true
		}
	}
	rows := routeRows(tables, pkgs)
	var err error
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rows)
	} else {
		err = printRoutesText(stdout, rows)
	}
	if err != nil || failed {
		return 2
	}
	return 0
}

// routeTables are the route tables of files, with the package of each.
func (a *analyzer) routeTables(files []string, log *console, workspace *resolve.WorkspaceModules) ([]resolve.FileRoutes, []*pkginfo.Package, []error) {
	tables := make([]resolve.FileRoutes, len(files))
	pkgs := make([]*pkginfo.Package, len(files))
	errs := make([]error, len(files))
	eachFile(files, log, func(i int, path string) {
		abs, _ := filepath.Abs(path)
		pkg := a.Packages.For(abs)
		_, errs[i] = a.analyze(path, nil, func(f *analysis.File, res analysis.Result) {
			pkgs[i] = pkg
			tables[i] = res.Resolver.RouteTableIn(f.Tree.RootNode(), path, dependsOn(pkg), workspace)
		})
	})
	return tables, pkgs, errs
}

func dependsOn(pkg *pkginfo.Package) func(string) bool {
	return func(name string) bool { return pkg != nil && pkg.HasDependency(name) }
}

// routeRows joins the tables of each package (files of one package.json) and turns
// the routes into rows, in file and source order.
func routeRows(tables []resolve.FileRoutes, pkgs []*pkginfo.Package) []routeRow {
	byPkg := map[string][]resolve.FileRoutes{}
	pkgOf := map[string]*pkginfo.Package{}
	for i, t := range tables {
		if t.File == "" {
			continue // not analysed
		}
		dir := ""
		if pkgs[i] != nil {
			dir = pkgs[i].Dir
		}
		byPkg[dir] = append(byPkg[dir], t)
		pkgOf[dir] = pkgs[i]
	}
	rows := []routeRow{}
	for dir, files := range byPkg {
		safeEverywhere := errorsReachMiddleware(pkgOf[dir])
		for _, r := range resolve.JoinRoutes(files) {
			rows = append(rows, rowOf(r, safeEverywhere))
		}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].File != rows[b].File {
			return rows[a].File < rows[b].File
		}
		return rows[a].Line < rows[b].Line
	})
	return rows
}

// errorsReachMiddleware: in this package every handler's rejection reaches the error
// middleware, wrapped or not (Express 5 forwards them; express-async-errors patches
// Express 4 to).
func errorsReachMiddleware(pkg *pkginfo.Package) bool {
	if pkg == nil {
		return false
	}
	return resolve.ExpressForwardsRejections(pkg.Version("express")) || pkg.HasDependency("express-async-errors")
}

func rowOf(r resolve.FullRoute, safeEverywhere bool) routeRow {
	row := routeRow{
		Method: r.Method, Path: r.FullPath, Written: r.Path, File: r.File, Line: int(r.At.UTF16.Start.Line) + 1,
		Handler: r.Handler.Text, Middleware: []string{}, Wrappers: []string{},
		Async: r.Handler.Async, Managed: r.Handler.Managed,
	}
	if r.HandlerFile != "" {
		row.HandlerFile, row.HandlerLine = r.HandlerFile, int(r.Handler.At.UTF16.Start.Line)+1
	}
	for _, m := range r.Middleware {
		row.Middleware = append(row.Middleware, m.Text)
		if m.Wrapper != "" {
			row.Wrappers = append(row.Wrappers, m.Wrapper)
		}
	}
	if r.Handler.Wrapper != "" {
		row.Wrappers = append(row.Wrappers, r.Handler.Wrapper)
	}
	row.ErrorSafe = r.Handler.Wrapper != "" || safeEverywhere || r.Handler.Managed != ""
	return row
}

// pathCell is a path in the text table's column: one word, so that the columns after
// it stay in place. A path with spaces (a string route such as '/a b') is quoted;
// computed parts are shown without their spaces already (resolve.UnknownPathPart).
func pathCell(path string) string {
	if strings.ContainsFunc(path, unicode.IsSpace) {
		return terminalText(strconv.Quote(path))
	}
	return terminalText(path)
}

// printRoutesText prints one route a line, aligned:
// `GET     /reports/:id  src/routes/reports.js:24  handler inline (src/routes/reports.js:24) async, not error-safe`.
func printRoutesText(w io.Writer, rows []routeRow) error {
	bw := bufio.NewWriter(w)
	if len(rows) == 0 {
		fmt.Fprintln(bw, "no Express routes found")
		return bw.Flush()
	}
	width := 0
	for _, r := range rows {
		width = max(width, len(pathCell(r.Path)))
	}
	for _, r := range rows {
		var notes []string
		handler := r.Handler
		if r.HandlerFile != "" {
			handler += fmt.Sprintf(" (%s:%d)", r.HandlerFile, r.HandlerLine)
		}
		if len(r.Middleware) > 0 {
			notes = append(notes, "after "+strings.Join(r.Middleware, ", "))
		}
		if len(r.Wrappers) > 0 {
			notes = append(notes, "wrapped by "+strings.Join(r.Wrappers, ", "))
		}
		if r.Async {
			notes = append(notes, "async")
		}
		if r.Managed != "" {
			notes = append(notes, "managed by "+r.Managed)
		}
		if r.Method != "USE" {
			if r.ErrorSafe {
				notes = append(notes, "error-safe")
			} else if r.Async {
				notes = append(notes, "not wrapped: only its own try/catch guards it")
			}
		}
		fmt.Fprintf(bw, "%-7s %-*s  %s:%d  %s", r.Method, width, pathCell(r.Path), terminalText(r.File), r.Line, terminalText(handler))
		if len(notes) > 0 {
			fmt.Fprintf(bw, "  [%s]", terminalText(strings.Join(notes, "; ")))
		}
		fmt.Fprintln(bw)
	}
	fmt.Fprintf(bw, "\n%s\n", plural(len(rows), "route"))
	return bw.Flush()
}
