package resolve

import (
	"sort"
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// Paths named by a function's options. A module exports `function Collection({ app,
// colName }) { app.get('/' + colName, h) }`, and another file of the package calls it
// with an object literal, `new Collection({ app, colName: 'entries' })` (or without
// `new`): the registration answers at one path per string literal the package's calls
// write for that property, `/entries`, `/food`. The builder records, per exported
// function, the parts of its routes' paths that are a property its first parameter
// destructures (OptionParts), and, per call of a function another module of the
// package exports with an object literal first, the properties it writes
// (OptionCalls); the join puts each literal where the part is. When some call gives
// the property no literal (a variable, a spread, or nothing), the path as written
// stays beside the literal ones, as the call's value cannot be read. The app the
// registrations are made on travels the same way: a destructured property that is a
// receiver of the function (OptionReceivers) is joined below the app or router the
// call's shorthand property hands it (`{ app }`: an Express app of the calling file, or
// a parameter the join follows up to its own callers; a Pass with Prop).

// OptionPart is a path part of this file's routes ("{colName}") that is the property
// Prop of the first parameter of the function exported as Export.
type OptionPart struct {
	Export, Part, Prop string
}

// OptionCall is a call of the function another module (Key) exports as Name, with an
// object literal first: Props maps each property it writes to its string literal, or
// to unreadOption when the value is no literal.
type OptionCall struct {
	Key, Name string
	Props     map[string]string
}

// unreadOption marks a property whose value is no string literal.
const unreadOption = "{"

// recordOptionParts records the path parts of fn's routes that are a property its
// first parameter destructures; fn is exported as name.
func (t *tableBuilder) recordOptionParts(name string, fn *sitter.Node) {
	ps := syntax.Params(fn)
	if len(ps) == 0 {
		return
	}
	pat := syntax.Unwrap(ps[0])
	if k := syntax.Kind(pat); k == syntax.RequiredParameter || k == syntax.OptionalParameter {
		pat = syntax.Field(pat, syntax.FieldPattern) // TypeScript: `{ colName }: Options`
	}
	if syntax.Kind(pat) == syntax.AssignmentPattern {
		pat = syntax.Field(pat, syntax.FieldLeft) // `{ colName } = {}`
	}
	if syntax.Kind(pat) != syntax.ObjectPattern {
		return
	}
	src := t.r.src
	for i := uint(0); i < pat.NamedChildCount(); i++ {
		c := pat.NamedChild(i)
		if syntax.Kind(c) == syntax.ObjectAssignmentPattern {
			c = syntax.Field(c, syntax.FieldLeft) // `{ colName = 'x' }`
		}
		var prop, local string
		switch syntax.Kind(c) {
		case syntax.ShorthandPropertyIdentifierPattern:
			prop, local = syntax.Text(c, src), syntax.Text(c, src)
		case syntax.PairPattern:
			key, ok := propertyKey(syntax.Field(c, syntax.FieldKey), src)
			v := syntax.Field(c, syntax.FieldValue)
			if !ok || syntax.Kind(v) != syntax.Identifier {
				continue
			}
			prop, local = key, syntax.Text(v, src)
		default:
			continue
		}
		if _, registered := t.receivers[local]; registered && t.r.Lookup(local, c.StartByte()).Kind == Local {
			if t.out.OptionReceivers == nil {
				t.out.OptionReceivers = map[string]string{}
			}
			t.out.OptionReceivers[name+"."+prop] = local // `app.get(…)` on `{ app }`
		}
		part := "{" + local + "}"
		// holds: a registration of fn (a route, or a route method or use given a
		// router, which the table keeps as a mount) whose path shows the part.
		holds := func(at uint, paths ...string) bool {
			return at >= fn.StartByte() && at < fn.EndByte() && pathsHold(paths, part) &&
				t.r.Lookup(local, at).Kind == Local // not another binding of the name
		}
		found := false
		for _, r := range t.out.Routes {
			found = found || holds(r.At.Start, r.Paths...)
		}
		for _, m := range t.out.Mounts {
			found = found || holds(m.At.Start, m.Prefix, m.Path)
		}
		if found {
			t.out.OptionParts = append(t.out.OptionParts, OptionPart{Export: name, Part: part, Prop: prop})
		}
	}
}

func pathsHold(paths []string, part string) bool {
	for _, p := range paths {
		if strings.Contains(p, part) {
			return true
		}
	}
	return false
}

// optionCalls records the calls of the package's imported functions that hand them
// an object literal first.
func (t *tableBuilder) optionCalls() {
	src := t.r.src
	for _, kind := range []string{syntax.CallExpression, syntax.NewExpression} {
		for _, call := range t.r.collected[kind] {
			callee := syntax.Unwrap(syntax.Callee(call))
			args := syntax.Field(call, syntax.FieldArguments)
			if syntax.Kind(callee) != syntax.Identifier || args == nil {
				continue
			}
			obj := syntax.Unwrap(argAt(args, 0))
			if syntax.Kind(obj) != syntax.Object {
				continue
			}
			v := t.r.Lookup(syntax.Text(callee, src), call.StartByte())
			if !v.fromImport() || strings.Contains(v.Path, ".") {
				continue
			}
			key, ok := t.moduleKey(v.Module)
			if !ok {
				continue
			}
			props := map[string]string{}
			for i := uint(0); i < obj.NamedChildCount(); i++ {
				p := obj.NamedChild(i)
				switch syntax.Kind(p) {
				case syntax.Pair:
					k, ok := propertyKey(syntax.Field(p, syntax.FieldKey), src)
					if !ok {
						continue
					}
					if s, ok := syntax.StringValue(syntax.Field(p, syntax.FieldValue), src); ok && !strings.Contains(s, unreadOption) {
						props[k] = s
					} else {
						props[k] = unreadOption
					}
				case syntax.ShorthandPropertyIdentifier:
					props[syntax.Text(p, src)] = unreadOption
				}
			}
			if len(props) > 0 {
				t.out.OptionCalls = append(t.out.OptionCalls, OptionCall{Key: key, Name: exportName(v), Props: props})
			}
			t.optionPasses(obj, key, exportName(v))
		}
	}
}

// partOf is an option part of one file of a join.
type partOf struct {
	file int
	part string
}

// optionPasses records the apps and routers of this file that an options object
// hands to another module's export: a shorthand property (`{ app }`) that is an
// Express app or router, or a parameter (which the join follows up to its callers).
func (t *tableBuilder) optionPasses(obj *sitter.Node, key, name string) {
	r := t.r
	for i := uint(0); i < obj.NamedChildCount(); i++ {
		p := obj.NamedChild(i)
		if syntax.Kind(p) != syntax.ShorthandPropertyIdentifier {
			continue
		}
		prop := syntax.Text(p, r.src)
		recv := prop
		if _, b := r.binding(prop, p.StartByte()); b != nil && b.kind == bindParam && b.fn != nil {
			recv += paramMark(b.fn)
		} else if v := r.Lookup(prop, p.StartByte()); v.Kind == Instance && v.Module == "express" && (v.Type == "router" || v.Type == "app") && v.Path == "" {
			t.out.Apps[recv] = true
		} else {
			continue
		}
		t.out.Passes = append(t.out.Passes, Pass{Receiver: recv, Key: key, Name: name, Prop: prop})
	}
}

// withOptionPaths returns the tables with each option part of a route's paths put as
// the literals the package's calls give it (one path per literal); the tables given
// are not changed.
func withOptionPaths(files []FileRoutes, byKey map[string][]int) []FileRoutes {
	values := map[partOf]map[string]bool{}
	unread := map[partOf]bool{}
	for _, f := range files {
		for _, c := range f.OptionCalls {
			exportedBy(files, byKey, c.Key, c.Name, func(j int, name string) bool {
				found := false
				for _, p := range files[j].OptionParts {
					if p.Export != name {
						continue
					}
					found = true
					at := partOf{j, p.Part}
					v, ok := c.Props[p.Prop]
					if !ok || v == unreadOption {
						unread[at] = true
						continue
					}
					if values[at] == nil {
						values[at] = map[string]bool{}
					}
					values[at][v] = true
				}
				return found
			})
		}
	}
	for i, f := range files {
		for _, p := range f.KeysParts { // routetable_importedkeys.go
			exportedBy(files, byKey, p.Key, p.Name, func(j int, name string) bool {
				keys, ok := files[j].ObjectKeys[name]
				if ok && j != i {
					at := partOf{i, p.Part}
					if values[at] == nil {
						values[at] = map[string]bool{}
					}
					for _, k := range keys {
						values[at][k] = true
					}
				}
				return ok
			})
		}
	}
	if len(values) == 0 {
		return files
	}
	out := append([]FileRoutes(nil), files...)
	for i := range out {
		var parts []partOf
		for at := range values {
			if at.file == i {
				parts = append(parts, at)
			}
		}
		if len(parts) == 0 {
			continue
		}
		sort.Slice(parts, func(a, b int) bool { return parts[a].part < parts[b].part })
		g := out[i]
		g.Routes = append([]Route(nil), g.Routes...)
		for k := range g.Routes {
			paths := g.Routes[k].Paths
			for _, at := range parts {
				paths = expandOptionPart(paths, at.part, values[at], unread[at])
			}
			g.Routes[k].Paths = paths
		}
		g.Mounts = expandOptionMounts(g.Mounts, parts, values, unread)
		out[i] = g
	}
	return out
}

// expandOptionMounts gives each mount whose path or prefix holds an option part one
// copy per value (and keeps it as written when some call's value is unread).
func expandOptionMounts(mounts []Mount, parts []partOf, values map[partOf]map[string]bool, unread map[partOf]bool) []Mount {
	out := make([]Mount, 0, len(mounts))
	for _, m := range mounts {
		ms := []Mount{m}
		for _, at := range parts {
			var next []Mount
			for _, m := range ms {
				prefixes := expandOptionPart([]string{m.Prefix}, at.part, values[at], unread[at])
				paths := expandOptionPart([]string{m.Path}, at.part, values[at], unread[at])
				n := max(len(prefixes), len(paths))
				for k := 0; k < n; k++ {
					c := m
					c.Prefix, c.Path = prefixes[min(k, len(prefixes)-1)], paths[min(k, len(paths)-1)]
					next = append(next, c)
				}
			}
			ms = next
		}
		out = append(out, ms...)
	}
	return out
}

// expandOptionPart puts each value where part is in paths, in order; keep keeps the
// path as written beside them.
func expandOptionPart(paths []string, part string, values map[string]bool, keep bool) []string {
	sorted := make([]string, 0, len(values))
	for v := range values {
		sorted = append(sorted, v)
	}
	sort.Strings(sorted)
	var out []string
	for _, p := range paths {
		if !strings.Contains(p, part) {
			out = append(out, p)
			continue
		}
		for _, v := range sorted {
			out = append(out, strings.ReplaceAll(p, part, v))
		}
		if keep {
			out = append(out, p)
		}
	}
	return out
}
