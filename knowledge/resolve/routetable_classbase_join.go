package resolve

// Joining registrations through a base class's methods across the package's files
// (see routetable_classbase.go).

// ownedRoute is a row instantiated from a template: the template's file and row,
// registered on the receiver of the instance that called it.
type ownedRoute struct {
	owner routeOwner
	file  int
	route Route
}

// classJoin is what the class templates add to a join.
type classJoin struct {
	routes []ownedRoute
	// listedPerCall are the template rows (file, Routes index) that some call
	// instantiated, and instance mounts that were joined: not listed as written.
	listedPerCall map[[2]int]bool
}

// maxClassDepth bounds the walk up a class hierarchy.
const maxClassDepth = 8

type classAt struct {
	file  int
	class string
}

// joinClassRoutes instantiates the package's templates at their calls and adds the
// mounts of instances to parents.
func joinClassRoutes(files []FileRoutes, byKey map[string][]int, parents map[routeOwner][]mountEdge) classJoin {
	out := classJoin{listedPerCall: map[[2]int]bool{}}
	// resolve finds the class a reference names, from file i.
	resolve := func(i int, ref ClassRef) (classAt, bool) {
		if ref.Key == "" {
			if _, ok := files[i].Classes.Names[ref.Name]; ok {
				return classAt{i, ref.Name}, true
			}
			return classAt{}, false
		}
		var found classAt
		ok := false
		exportedBy(files, byKey, ref.Key, ref.Name, func(j int, name string) bool {
			cls, has := files[j].Classes.Names[name]
			if has && !ok {
				found, ok = classAt{j, cls}, true
			}
			return has
		})
		return found, ok
	}
	// up walks a class and the classes it extends, until visit says stop.
	up := func(c classAt, visit func(classAt) bool) {
		for d := 0; d < maxClassDepth; d++ {
			if visit(c) {
				return
			}
			ext, ok := files[c.file].Classes.Extends[c.class]
			if !ok {
				return
			}
			if c, ok = resolve(c.file, ext); !ok {
				return
			}
		}
	}
	// instanceOwner is the receiver an instance's getter returns.
	instanceOwner := func(i int, inst *InstanceRef) (routeOwner, bool) {
		c, ok := resolve(i, inst.Class)
		if !ok {
			return routeOwner{}, false
		}
		var recv string
		up(c, func(at classAt) bool {
			recv = files[at.file].Classes.Getters[at.class+"."+inst.Getter]
			return recv != ""
		})
		if recv == "" {
			return routeOwner{}, false
		}
		return routeOwner{c.file, recv}, true
	}
	for i, f := range files {
		for _, m := range f.Classes.Mounts {
			child, ok := instanceOwner(i, &m.Instance)
			if !ok {
				continue
			}
			r := f.Routes[m.Route]
			for _, p := range r.Paths {
				parents[child] = append(parents[child], mountEdge{parent: routeOwner{i, r.Receiver}, prefix: p, middleware: r.Middleware[:len(r.Middleware):len(r.Middleware)]})
			}
			out.listedPerCall[[2]int{i, m.Route}] = true
		}
		for _, call := range f.Classes.Calls {
			var base classAt
			var templates []RouteTemplate
			up(classAt{i, call.Class}, func(at classAt) bool {
				for _, tpl := range files[at.file].Classes.Templates {
					if tpl.Class == at.class && tpl.Method == call.Method {
						templates = append(templates, tpl)
					}
				}
				base = at
				return len(templates) > 0
			})
			for _, tpl := range templates {
				row := files[base.file].Routes[tpl.Route]
				owner := routeOwner{i, tpl.Receiver}
				out.listedPerCall[[2]int{base.file, tpl.Route}] = true
				if r := tpl.RouterOf.given(call.Args); r.New != nil {
					child, ok := instanceOwner(i, r.New)
					if !ok {
						continue
					}
					prefixes := row.Paths
					if p := tpl.PathOf.given(call.Args); p.Known {
						prefixes = []string{p.Lit}
					} else if p.Shown != "" {
						prefixes = []string{p.Shown}
					}
					for _, prefix := range prefixes {
						parents[child] = append(parents[child], mountEdge{parent: owner, prefix: prefix})
					}
					continue
				}
				// A part the call gives as no literal is shown as the call writes it.
				switch m := tpl.MethodOf.given(call.Args); {
				case m.Known && routeMethods["express.app"][m.Lit]:
					row.Method = httpMethod(m.Lit)
				case m.Shown != "" && !m.Known:
					row.Method = m.Shown
				}
				switch p := tpl.PathOf.given(call.Args); {
				case p.Known:
					row.Path, row.Paths = p.Lit, []string{p.Lit}
				case p.Shown != "":
					row.Path, row.Paths = p.Shown, []string{p.Shown}
				}
				out.routes = append(out.routes, ownedRoute{owner: owner, file: base.file, route: row})
			}
		}
	}
	return out
}
