// Package resolve maps identifiers and expressions of one JS/TS file to canonical Node
// APIs: `slurp` from `const { readFileSync: slurp } = require('node:fs')` and
// `fs.readFileSync` both resolve to "fs.readFileSync". Rules and hovers speak of those
// canonical names only, so spelling, aliases and import style never matter.
package resolve

import (
	"strings"

	sitter "github.com/tree-sitter/go-tree-sitter"
)

// Kind says what an expression is known to be.
type Kind int

const (
	// None: nothing known (a global nodecoach does not model, an arbitrary call result).
	None Kind = iota
	// Local: a value declared in the file (parameter, class, let without a known
	// initializer). It shadows any module binding of the same name.
	Local
	// Function: a function defined in this file; Value.Node is the function node.
	Function
	// Module: a module's namespace or default export (`require('fs')`).
	Module
	// Member: an export of a module, possibly nested (`fs.readFileSync`).
	Member
	// Instance: a value made by a known factory (`express()`), or a member of one.
	Instance
	// RequireFn: `require` itself, or what `createRequire()` returns.
	RequireFn
)

// Value is what the resolver knows about an expression.
type Value struct {
	Kind Kind
	// Module is the normalised specifier: "fs", "fs/promises", "express"; empty for
	// globals such as queueMicrotask that belong to no module.
	Module string
	// Type names the instance kind for Instance values ("app", "router", "emitter").
	Type string
	// Path is the dotted member path below the module or instance ("readFileSync").
	Path string
	// Node is the function node of a Function value.
	Node *sitter.Node
}

// Canonical is the stable API name of v, "" when v is not an API.
func (v Value) Canonical() string {
	var parts []string
	switch v.Kind {
	case Module, Member:
		parts = []string{v.Module, v.Path}
	case Instance:
		parts = []string{v.Module, v.Type, v.Path}
	default:
		return ""
	}
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ".")
}

// IsAPI reports whether v is part of a module or a known instance.
func (v Value) IsAPI() bool {
	return v.Kind == Module || v.Kind == Member || v.Kind == Instance
}

// Is reports whether v is the canonical API name.
func (v Value) Is(canonical string) bool { return v.IsAPI() && v.Canonical() == canonical }

// promiseSubpaths are the `X.promises` members that are really separate modules:
// `require('fs').promises` is the same object as `require('fs/promises')`.
var promiseSubpaths = map[string]bool{"fs": true, "dns": true, "stream": true, "timers": true, "readline": true}

// Member returns the value of `v.name`.
func (v Value) Member(name string) Value {
	switch v.Kind {
	case Module:
		if v.Path == "" && name == "promises" && promiseSubpaths[v.Module] {
			return Value{Kind: Module, Module: v.Module + "/promises"}
		}
		return Value{Kind: Member, Module: v.Module, Path: name}
	case Member:
		return Value{Kind: Member, Module: v.Module, Path: v.Path + "." + name}
	case Instance:
		p := name
		if v.Path != "" {
			p = v.Path + "." + name
		}
		return Value{Kind: Instance, Module: v.Module, Type: v.Type, Path: p}
	}
	return Value{}
}

// NormalizeModule strips the `node:` scheme, which names the same built-in module.
func NormalizeModule(spec string) string { return strings.TrimPrefix(spec, "node:") }

// globals are the free identifiers that stand for module APIs without any import.
var globals = map[string]Value{
	"process":        {Kind: Module, Module: "process"},
	"setTimeout":     {Kind: Member, Module: "timers", Path: "setTimeout"},
	"setInterval":    {Kind: Member, Module: "timers", Path: "setInterval"},
	"setImmediate":   {Kind: Member, Module: "timers", Path: "setImmediate"},
	"clearTimeout":   {Kind: Member, Module: "timers", Path: "clearTimeout"},
	"clearInterval":  {Kind: Member, Module: "timers", Path: "clearInterval"},
	"clearImmediate": {Kind: Member, Module: "timers", Path: "clearImmediate"},
	"queueMicrotask": {Kind: Member, Path: "queueMicrotask"},
	"Buffer":         {Kind: Member, Module: "buffer", Path: "Buffer"},
	"require":        {Kind: RequireFn},
}
