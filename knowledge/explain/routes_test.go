package explain

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// Where a handler's errors go depends on how it runs (sync or async), what wraps each
// registration, the controller framework and the Express version.
func TestHandlerRoutesSaysWhereErrorsGo(t *testing.T) {
	route := func(wrapper, managed string) resolve.FullRoute {
		r := resolve.FullRoute{File: "/p/app.js", FullPath: "/users"}
		r.Method, r.Handler.Wrapper, r.Handler.Managed = "GET", wrapper, managed
		return r
	}
	v4 := pkginfo.Version{Major: 4, Minor: 21, Known: true}
	v5 := pkginfo.Version{Major: 5, Known: true}
	cases := []struct {
		name    string
		routes  []resolve.FullRoute
		async   bool
		express pkginfo.Version
		want    string
	}{
		{"sync", []resolve.FullRoute{route("", "")}, false, v4, "catches a synchronous throw"},
		{"async bare on 4", []resolve.FullRoute{route("", "")}, true, v4, "does not reach the error middleware where it is registered"},
		{"async bare twice", []resolve.FullRoute{route("", ""), route("", "")}, true, v4, "at the 2 registrations with no wrapper"},
		{"async wrapped", []resolve.FullRoute{route("asyncHandler", "")}, true, v4, "every registration wraps it"},
		{"async, one of two wrapped", []resolve.FullRoute{route("asyncHandler", ""), route("", "")}, true, v4, "where it is registered with no wrapper"},
		{"async on 5", []resolve.FullRoute{route("", "")}, true, v5, "forwards a rejected promise"},
		{"managed", []resolve.FullRoute{route("", "routing-controllers")}, true, v4, "routing-controllers awaits it"},
		{"unknown version", []resolve.FullRoute{route("", "")}, true, pkginfo.Version{}, "the Express version is unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := HandlerRoutes(tc.routes, tc.async, tc.express, "/p", Plain)
			if !strings.Contains(got, tc.want) || !strings.Contains(got, "GET /users, registered at app.js:1") {
				t.Errorf("got\n%s\nwant it to say %q and name the route", got, tc.want)
			}
		})
	}
	if HandlerRoutes(nil, true, v4, "/p", Plain) != "" {
		t.Error("a function no route runs gets no routes part")
	}
}
