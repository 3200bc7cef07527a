package analysis

import (
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// importSpecifierCases are files that do and do not import express by a spelling the
// resolver reads, each asked through the needles an import gate declares.
var importSpecifierCases = []struct {
	name, src string
	imports   bool
}{
	{"require", "const express = require('express');", true},
	{"require with node scheme and double quotes", `const fs = require("node:express");`, true},
	{"require of a template", "const e = require(`express`);", true},
	{"require across lines", "const e = require(\n\t'express'\n);", true},
	{"require with a block comment", "const e = require(/* the app */ 'express');", true},
	{"require with a line comment", "const e = require( // the app\n  'express');", true},
	{"require in parentheses", "const e = require(('express'));", true},
	{"optional call of require", "const e = require?.('express');", true},
	{"TS type assertion", "const e = require(<any>'express');", true},
	{"import from", "import express from 'express';", true},
	{"import from across lines", "import {\n  Router,\n} from\n  'express';", true},
	{"import type", "import type { Request } from 'express';", true},
	{"export from", "export { Router } from 'express';", true},
	{"side-effect import", "import 'express';", true},
	{"dynamic import", "const e = await import('express');", true},
	{"dynamic import with a chunk comment", "const e = await import(/* webpackChunkName: \"e\" */ 'express');", true},
	{"TS import equals", "import express = require('express');", true},
	{"JSDoc type import on the comment's line", "/** @param {import('express').Request} req */\nfunction h(req) {}", true},
	{"spread of a require", "const all = [...require('express')];", true},
	{"alias of require", "const r = require;\nconst e = r('express');", true},
	{"require in parentheses as callee", "const e = (require)('express');", true},
	{"createRequire", "import { createRequire } from 'module';\nconst e = createRequire(import.meta.url)('express');", true},
	{"a Unicode space before the quote", "const e = require(\u00a0'express');", true},

	{"a call of another function", "var deprecate = require('depd')('express');", false},
	{"a member call", "const e = module.require('express');", false},
	{"an optional member call", "const e = a?.b('express');", false},
	{"a member call with an alias of require", "const r = require; a.b('express');", false},
	{"require.resolve", "const p = require.resolve('express');", false},
	{"an object value", "const x = { vendor: 'express' };", false},
	{"an array element", "const names = ['koa', 'express'];", false},
	{"an argument after another", "log('using', 'express');", false},
	{"an assignment", "let name = 'express';", false},
	{"a comparison", "if (name === 'express') {}", false},
	{"an ambient module", "declare module 'express' {}", false},
	{"the word in a comment", "// uses express\nconst x = 1;", false},
	{"an example in a line comment", "// const e = require('express');\nconst x = 1;", false},
	{"an example in a doc comment", "/**\n * Use it so:\n *\n *     const e = require('express');\n */\nconst x = 1;", false},
	{"a type import in braces in a doc comment, as JSX could open them", "/**\n * @param {import('express').Request} req\n */\nfunction h(req) {}", true},
	{"a line comment ended by a carriage return", "// c\rconst e = require('express');", true},
	{"a line comment ended by U+2028", "// c\u2028const e = require('express');", true},
	{"a line comment ended by a carriage return before from", "import e from // c\r'express';", true},
	{"a line comment ended by a carriage return inside require", "const e = require( // c\r'express');", true},
	{"a CRLF line comment before from", "import e from // c\r\n'express';", true},
	{"a CRLF line before from", "import e from\r\n  'express';", true},
	{"a comment opened inside a template", "const s = `\n/*\n` + require('express');", true},
	{"a template's substitution after /*", "const s = `\n/*\n${require('express')}`;", true},
	{"JSX text that spells a comment", "const v = <div>\n/*\n{require('express')}</div>;", true},
	{"JSX text that spells a line comment", "const v = <div>\n  // {require('express')}\n</div>;", true},
	{"JSX text that spells a line comment, then code after its element", "const v = <div>\n// x</div>; const e = require('express');", true},
	{"JSX text that spells a comment, then code after its element", "const v = <div>\n/* x</div>; const e = require('express');", true},
	{"a JSX attribute's string over lines, then code after its element", "const v = <a title=\"\n// x\" />; const e = require('express');", true},
	{"a string continued onto a // line", "const s = 'a\\\n// ' + require('express');", true},
	{"an example further into its comment than the look back", "/*\n" + strings.Repeat(" * x\n", maxLookBack/4) + " * require('express')\n */", true},
	{"a block comment closed on a // line", "/* a\n// */ require('express');", true},
	{"a comment closed before", "/* c */\nconst e = require('express');", true},
	{"// after code on its line", "const u = 'http://x'; const e = require('express');", true},
	{"a path that ends in the name", "const f = require('../express');", false},
	{"the file's first bytes", "'express';", false},
	{"a word that ends in from", "const x = wherefrom 'express';", false},
	{"a line comment that is not between", "// see http://x\nconst a = 1; x('express');", false},
}

func TestImportSpecifiersCountInImportPosition(t *testing.T) {
	needles := ImportSpecifiers("'express'", `"express"`, "`express`", "'node:express'", `"node:express"`, "`node:express`")
	for _, tc := range importSpecifierCases {
		if got := NewQuick([]byte(tc.src), nil).Mentions(needles...); got != tc.imports {
			t.Errorf("%s: %q: Mentions = %v, want %v", tc.name, tc.src, got, tc.imports)
		}
	}
}

// The same files, asked through the automaton: a needle it knows is confirmed the same
// way as one it does not.
func TestImportSpecifiersThroughTheAutomaton(t *testing.T) {
	needles := ImportSpecifiers("'express'", "`express`")
	m := compile(append([]string{"'connection'"}, needles...))
	for _, tc := range importSpecifierCases {
		if strings.Contains(tc.src, `"`) {
			continue // the automaton here knows single quotes and backquotes only
		}
		q := &Quick{texts: [][]byte{[]byte(tc.src)}, m: m, found: make([]bool, len(m.ids)), specifiers: importMarks(m)}
		m.scan(q.found, q.texts...)
		if got := q.Mentions(needles...); got != tc.imports {
			t.Errorf("%s: %q: Mentions = %v, want %v", tc.name, tc.src, got, tc.imports)
		}
	}
}

// A quoted needle that ImportSpecifiers did not mark, such as an event's name, counts
// anywhere.
func TestUnmarkedQuotedNeedlesCountAnywhere(t *testing.T) {
	q := NewQuick([]byte("const names = ['connection'];"), nil)
	if !q.Mentions("'connection'") {
		t.Fatal("an unmarked quoted needle was confirmed as an import")
	}
}

// A part of a file (see quickPart) may start anywhere: a specifier at its very start,
// or after blanks at its start, may follow `require(` outside it, so it counts; the
// rest of the file is asked too.
func TestImportSpecifierAtThePartStart(t *testing.T) {
	needles := ImportSpecifiers("'express'")
	rest := NewQuick([]byte("const x = 1;"), nil)
	for _, part := range []string{"'express')", "  \n  'express')", "  // c\n'express')"} {
		if !newQuick(nil, rest, []byte(part)).Mentions(needles...) {
			t.Errorf("a part %q: the specifier at its start did not count", part)
		}
	}
	if newQuick(nil, rest, []byte("x = { vendor: 'express' }")).Mentions(needles...) {
		t.Error("a part: a specifier after a colon counted")
	}
	// quickPart's own window: a statement right after `require(` in the text around it.
	src := []byte(strings.Repeat("x", 200) + "; require(\n" + strings.Repeat(" ", 100) + "'express')")
	at := uint(strings.Index(string(src), "'express'"))
	if !quickPart(src, resolve.Span{Start: at, End: at + 9}, rest).Mentions(needles...) {
		t.Error("quickPart: a specifier whose require( lies before its window did not count")
	}
}

// Where require may have another name, a call of anything may import; where the word
// is only called or read as a member, it may not.
func TestMayAliasRequire(t *testing.T) {
	cases := []struct {
		src   string
		alias bool
	}{
		{"const a = require('a'); require.resolve('b'); require?.('c'); require ('d');", false},
		{"const isRequired = true; const required = 1;", false},
		{"const r = require;", true},
		{"if (typeof require === 'function') {}", true},
		{"const r = require as any;", true},
		{"const r = require!;", true},
		{"const r = createRequire(import.meta.url);", true},
		{"x = require", true},
		{"// such ranges require knowledge of the length", false},
		{"const r = require satisfies Function;", true},
		{"const r = require\nfoo()", true},
		{"if (require instanceof Function) {}", false},
	}
	for _, tc := range cases {
		if got := NewQuick([]byte(tc.src), nil).mayAliasRequire(); got != tc.alias {
			t.Errorf("%q: mayAliasRequire = %v, want %v", tc.src, got, tc.alias)
		}
	}
}

// The confirmation's worst cases: a long file that names the module in many strings,
// none an import, is read back from each one: as a model's vendor fields (none in
// import position), or as usage examples in doc comments (each in import position,
// then found in its comment).
func BenchmarkImportSpecifierConfirmed(b *testing.B) {
	needles := ImportSpecifiers("'mongoose'")
	for _, tc := range []struct{ name, src string }{
		{"vendor fields", strings.Repeat("  err = { vendor: 'mongoose', code: 11000, message: 'duplicate key' };\n", 3000)},
		{"doc comment examples", strings.Repeat("/**\n * Example:\n *     const mongoose = require('mongoose');\n */\nfunction f() {}\n", 1500)},
	} {
		src := []byte(tc.src)
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if NewQuick(src, nil).Mentions(needles...) {
					b.Fatal("a string that imports nothing counted as an import")
				}
			}
		})
	}
}
