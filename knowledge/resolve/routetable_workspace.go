package resolve

import "strings"

// moduleKey is ModuleKey for the table's file, with the workspace's packages read as
// sources (RouteTableIn).
func (t *tableBuilder) moduleKey(spec string) (string, bool) {
	if t.workspace != nil && !strings.HasPrefix(spec, ".") && t.dependsOn != nil && t.dependsOn(packageOf(spec)) {
		if file, ok := t.workspace.Source(t.file, spec); ok {
			return pathKey(file), true
		}
	}
	return ModuleKey(t.file, spec, t.dependsOn)
}

// onlyFacts is the table of a file read for another package's route map: its facts
// (functions, re-exports, route objects, lists and factories, keyed objects, path
// constants and functions), without its registrations and the apps and routers they
// are made on, which belong to its own package's map: a mount of another package's
// router stays the use it was (a row of its own, not that package's routes).
func (f FileRoutes) onlyFacts() FileRoutes {
	f.Routes, f.Mounts, f.Passes, f.FieldRefs = nil, nil, nil, nil
	f.Exports, f.Returns, f.Params, f.Apps, f.Fields, f.OptionReceivers = nil, nil, nil, nil, nil, nil
	f.Managed, f.Servers, f.Classes = nil, nil, ClassRoutes{}
	f.ImportedParts, f.OptionParts, f.OptionCalls, f.KeysParts = nil, nil, nil, nil
	return f
}
