package explain

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// maxHoverRoutes is how many of a handler's routes its hover lists.
const maxHoverRoutes = 5

// HandlerRoutes renders, for the hover on a request handler, the routes that run it
// (method and full path, where they are registered, the middleware before it and
// what wraps it) and whether its errors reach the error middleware with the
// package's Express version: the request/response cycle (R1.3) and error handling
// (R1.4) on the user's own code. base is the directory paths are shown relative to.
func HandlerRoutes(routes []resolve.FullRoute, async bool, express pkginfo.Version, base string, f Format) string {
	if len(routes) == 0 {
		return ""
	}
	var b strings.Builder
	heading(&b, f, "Routes this function handles")
	for i, r := range routes {
		if i == maxHoverRoutes {
			fmt.Fprintf(&b, "- and %d more (`nodecoach routes` lists them all)\n", len(routes)-i)
			break
		}
		fmt.Fprintf(&b, "- %s, registered at %s", code(f, r.Method+" "+r.FullPath), relative(base, r.File, r.At.UTF16.Start.Line))
		if len(r.Middleware) > 0 {
			names := make([]string, len(r.Middleware))
			for j, m := range r.Middleware {
				names[j] = m.Text
			}
			fmt.Fprintf(&b, " after %s", strings.Join(names, ", "))
		}
		if r.Handler.Wrapper != "" {
			fmt.Fprintf(&b, ", wrapped by %s", r.Handler.Wrapper)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n" + errorPath(routes, async, express))
	return strings.TrimSpace(b.String())
}

// errorPath says where this handler's errors go: Express 4 catches what a handler
// throws synchronously, but not an async handler's rejection, unless a wrapper at
// every registration, Express 5 or the controller framework hands it to next(err).
func errorPath(routes []resolve.FullRoute, async bool, express pkginfo.Version) string {
	bare := 0
	managed := ""
	for _, r := range routes {
		if r.Handler.Managed != "" {
			managed = r.Handler.Managed
		}
		if r.Handler.Wrapper == "" && r.Handler.Managed == "" {
			bare++
		}
	}
	switch {
	case !async:
		return "Errors it throws reach the error middleware: Express catches a synchronous throw and calls next(err)."
	case managed != "":
		return "Its errors reach the error middleware: " + managed + " awaits it and forwards a rejection."
	case resolve.ExpressForwardsRejections(express):
		return "Its errors reach the error middleware: Express " + express.String() + " forwards a rejected promise to next(err)."
	case bare == 0:
		return "Its errors reach the error middleware: every registration wraps it."
	case !express.Known:
		return "On Express 4, a rejection of this async handler would not reach the error middleware " + where(bare) + " (the Express version is unknown)."
	}
	return "On Express " + express.String() + " a rejection of this async handler does not reach the error middleware " + where(bare) + ": the request hangs. Catch and call next(err), or wrap it."
}

// where names the registrations with no wrapper.
func where(bare int) string {
	if bare == 1 {
		return "where it is registered with no wrapper"
	}
	return fmt.Sprintf("at the %d registrations with no wrapper", bare)
}

// relative is file:line (1-based) relative to base when file is below it.
func relative(base, file string, line uint32) string {
	if rel, err := filepath.Rel(base, file); err == nil && !strings.HasPrefix(rel, "..") {
		file = rel
	}
	return fmt.Sprintf("%s:%d", filepath.ToSlash(file), line+1)
}
