package main

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// routeLabelHeader is the first line of every route label file
// (testdata/ecosystem/routes/<name>.tsv).
const routeLabelHeader = "method\tpath\tfile\tline\treason"

// routeKey is where a route is registered: the method and the file:line of the
// registration call, which is what the route table and a reader agree on before the path.
type routeKey struct {
	Method string `json:"method"`
	File   string `json:"file"`
	Line   int    `json:"line"`
}

func (k routeKey) String() string { return fmt.Sprintf("%s %s:%d", k.Method, k.File, k.Line) }

// compare orders route keys by file, line and method, the order route label files keep.
func (k routeKey) compare(o routeKey) int {
	return cmp.Or(cmp.Compare(k.File, o.File), cmp.Compare(k.Line, o.Line), cmp.Compare(k.Method, o.Method))
}

// routeLabel is one route read by hand: the full path the running app answers at, with
// its default configuration, and the chain of mounts that gives it.
type routeLabel struct {
	routeKey
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// listedRoute is one row of `nodecoach routes --format json`, reduced to what labels match on.
type listedRoute struct {
	routeKey
	Path string
}

// readRouteLabels reads a route label file; a missing file is an app without route labels
// (one that registers no Express routes, or not yet read). A malformed line is an error
// naming it: a lost label would silently change the score.
func readRouteLabels(file string) ([]routeLabel, error) {
	return readTSV(file, routeLabelHeader, parseRouteLabel)
}

func parseRouteLabel(line string) (routeLabel, error) {
	fields := strings.Split(line, "\t")
	if len(fields) != 5 {
		return routeLabel{}, fmt.Errorf("%d tab-separated fields, want 5 (%s)", len(fields), routeLabelHeader)
	}
	method := fields[0]
	if method == "" || strings.ToUpper(method) != method {
		return routeLabel{}, fmt.Errorf("method %q is not an upper-case method, ALL or USE", method)
	}
	// A path starts with / except Express 4's catch-all "*", written as such, and a
	// prefix the environment alone gives, written {?}.
	if !strings.HasPrefix(strings.TrimPrefix(fields[1], unsetPart), "/") && fields[1] != "*" && fields[1] != unsetPart {
		return routeLabel{}, fmt.Errorf("path %q does not start with / (nor is the catch-all * or %s)", fields[1], unsetPart)
	}
	if fields[2] == "" || !filepath.IsLocal(filepath.FromSlash(fields[2])) {
		return routeLabel{}, fmt.Errorf("file %q is not a path inside the app root", fields[2])
	}
	n, err := strconv.Atoi(fields[3])
	if err != nil || n < 1 {
		return routeLabel{}, fmt.Errorf("line %q is not a 1-based line number", fields[3])
	}
	if fields[4] == "" {
		return routeLabel{}, errors.New("empty reason: say which mounts give the path")
	}
	return routeLabel{routeKey: routeKey{Method: method, File: fields[2], Line: n}, Path: fields[1], Reason: fields[4]}, nil
}

// runRoutes runs `nodecoach routes --format json .` in dir, so that files come out
// relative to the checked root, as route labels write them.
func runRoutes(bin, dir string) ([]listedRoute, error) {
	// Exit status 2 with a table means some file could not be read; the table of the
	// others is still the measurement, as it is what a user sees.
	out, err := runNodecoach(bin, dir, []string{"routes", "--format", "json", "."}, func(_ int, out []byte) bool { return len(out) > 0 })
	if err != nil {
		return nil, err
	}
	return parseRoutes(out)
}

// printedRoute is one route as `nodecoach routes --format json` prints it.
type printedRoute struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	File   string `json:"file"`
	Line   int    `json:"line"`
}

func parseRoutes(out []byte) ([]listedRoute, error) {
	return decodeRows(out, "routes'", func(r printedRoute) listedRoute {
		return listedRoute{routeKey: routeKey{Method: r.Method, File: rootRelative(r.File), Line: r.Line}, Path: r.Path}
	})
}

// samePath compares two full paths as Express routes them by default: a trailing slash
// does not matter (non-strict routing), mounting '/' or joining '/api' with '/users'
// by hand may double a slash that Express does not see, and a leading "*" is "/*".
// Case is compared as written.
func samePath(a, b string) bool { return canonicalPath(a) == canonicalPath(b) }

func canonicalPath(p string) string {
	p = configuredDefaults(p)
	// Every request path starts with /, so Express 4's "*" and "/*" match the same requests.
	if strings.HasPrefix(p, "*") {
		p = "/" + p
	}
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if p == "" {
		return "/" // an empty default (`{baseUriPath:}`) alone: Express answers at /
	}
	return p
}

// configuredDefaults reads a path as the app answers it with its default
// configuration, as labels are written: a part the table shows as a configuration
// value with its literal default, `{BASE_PATH:/}` (a dotted name, a colon, the
// default), is that default. A configuration value with no default anywhere in the
// code (`{env.app.routePrefix}`, a dotted name alone) is `{?}`, as a label writes a part
// that only the operator's environment gives. Other braces stay: the table did not
// know that part.
func configuredDefaults(p string) string {
	var b strings.Builder
	for {
		open := strings.IndexByte(p, '{')
		end := strings.IndexByte(p[max(open, 0):], '}')
		if open < 0 || end < 0 {
			return b.String() + p
		}
		part := p[open+1 : open+end]
		name, def, ok := strings.Cut(part, ":")
		b.WriteString(p[:open])
		switch {
		case ok && dottedName(name) && !strings.ContainsAny(def, ":{"):
			b.WriteString(def)
		case !ok && dottedName(part):
			b.WriteString(unsetPart)
		default:
			b.WriteString(p[open : open+end+1])
		}
		p = p[open+end+1:]
	}
}

// unsetPart is how a label writes a part of a path that the app takes from its
// environment with no default in its code: no reading of the code can give it.
const unsetPart = "{?}"

// dottedName: a name or a member chain of names (BASE_PATH, process.env.BASE_PATH).
func dottedName(s string) bool {
	for _, part := range strings.Split(s, ".") {
		if part == "" {
			return false
		}
		for i, c := range part {
			if !(c == '_' || c == '$' || unicode.IsLetter(c) || i > 0 && unicode.IsDigit(c)) {
				return false
			}
		}
	}
	return true
}

// routeCounts are one app's (or the set's) route labels by outcome.
type routeCounts struct {
	Correct int `json:"correct"`
	Wrong   int `json:"wrong"`
	Missing int `json:"missing"`
}

func (c *routeCounts) add(o routeCounts) {
	c.Correct += o.Correct
	c.Wrong += o.Wrong
	c.Missing += o.Missing
}

// ratio is correct over all labels, or nil when there are none.
func (c routeCounts) ratio() *float64 { return ratio(c.Correct, c.Correct+c.Wrong+c.Missing) }

// wrongRoute is a label whose registration the table lists, but at other paths.
type wrongRoute struct {
	routeLabel
	Listed []string `json:"listed"`
}

type routeScore struct {
	routeCounts
	Wrong   []wrongRoute
	Missing []routeLabel
}

// scoreRoutes matches each label to the table's rows at its file:line. A row of the same
// method at a path equal to the label's makes it correct. Rows there of that method at
// other paths make it wrong; so do rows of only other methods, since a reader who sees
// the registration's line listed as another method sees a wrong route. No row at the
// line: missing. A registration mounted twice answers at two paths and takes two labels,
// each matched on its own.
func scoreRoutes(routes []listedRoute, labels []routeLabel) routeScore {
	type at struct {
		File string
		Line int
	}
	byLine := map[at][]listedRoute{}
	for _, r := range routes {
		k := at{r.File, r.Line}
		byLine[k] = append(byLine[k], r)
	}
	var s routeScore
	for _, l := range sortedRouteLabels(labels) {
		rows := byLine[at{l.File, l.Line}]
		if len(rows) == 0 {
			s.routeCounts.Missing++
			s.Missing = append(s.Missing, l)
			continue
		}
		var sameMethod, others []string
		found := false
		for _, r := range rows {
			if r.Method != l.Method {
				others = append(others, r.Method+" "+r.Path)
				continue
			}
			if samePath(r.Path, l.Path) {
				found = true
				break
			}
			sameMethod = append(sameMethod, r.Path)
		}
		if found {
			s.Correct++
			continue
		}
		listed := sameMethod
		if len(listed) == 0 {
			listed = others
		}
		s.routeCounts.Wrong++
		s.Wrong = append(s.Wrong, wrongRoute{routeLabel: l, Listed: uniqueSorted(listed)})
	}
	return s
}

func sortedRouteLabels(labels []routeLabel) []routeLabel {
	out := append([]routeLabel(nil), labels...)
	slices.SortStableFunc(out, func(a, b routeLabel) int { return a.compare(b.routeKey) })
	return out
}

func uniqueSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
