package rules

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// methodCall is a needle about a method: a dot, its name and maybe the start of a call.
var methodCall = regexp.MustCompile("^\\.([a-z_$][a-z0-9_$]*)(\\(|<|\\?\\.\\(|`)?$")

// TestNeedlesAndCallsStateNamesOnce: a rule names the calls it looks at once, in Calls
// or Methods, and the prefilter derives their needles from them (analysis.CallNeedles);
// a declared needle that spells a method call by hand can disagree with them, and
// needles that every call name already implies say nothing the calls do not.
func TestNeedlesAndCallsStateNamesOnce(t *testing.T) {
	for _, r := range All() {
		// A method call written by hand (`.pipe(`) misses `s.pipe<T>(d)` and
		// `s['pipe'](d)`, which the call selection sees: a needle about a method is
		// one of the sets of spellings analysis.MethodNeedles and MethodCallNeedles
		// give, whole.
		for _, n := range r.Needles.Any {
			m := methodCall.FindStringSubmatch(n)
			if m == nil {
				continue
			}
			if !declaresWhole(r.Needles.Any, n, analysis.MethodNeedles(m[1])) && !declaresWhole(r.Needles.Any, n, analysis.MethodCallNeedles(m[1])) {
				t.Errorf("%s: needle %q spells a call of %s by hand; name the method in Methods, or write its needles with analysis.MethodNeedles or MethodCallNeedles", r.Name, n, m[1])
			}
		}
		calls := analysis.CallNeedles(r)
		if len(calls) == 0 || len(r.Needles.Any) == 0 || len(r.Needles.ByDependency) > 0 {
			continue
		}
		implied := true
		for _, c := range calls {
			implied = implied && containsAny(c, r.Needles.Any)
		}
		if implied {
			t.Errorf("%s: every name of its calls %q already mentions one of its needles %q: the needles restate the calls; drop them", r.Name, calls, r.Needles.Any)
		}
	}
}

// declaresWhole reports whether spellings holds n and needles holds all of them.
func declaresWhole(needles []string, n string, spellings []string) bool {
	if !slices.Contains(spellings, n) {
		return false
	}
	for _, s := range spellings {
		if !slices.Contains(needles, s) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestPrefilterNarrowings: each narrowing of a rule's needles skips the files it is
// meant to skip and keeps those where the rule can still fire (the rule tests check
// the second half on every case; this one checks that the narrowing narrows).
func TestPrefilterNarrowings(t *testing.T) {
	const express4 = `{"dependencies":{"express":"4.21.2"}}`
	const express5 = `{"dependencies":{"express":"5.1.0"}}`
	const expressAny = `{"dependencies":{"express":"*"}}`
	handler := "const express = require('express');\nconst app = express();\napp.get('/', async (req, res) => { res.json(await load()); });\n"
	cases := []struct {
		name string
		rule *analysis.Rule
		pkg  string
		src  string
		want bool
	}{
		{"async handler, Express 4", ExpressAsyncMissingNext, express4, handler, true},
		{"async handler, Express of unknown version", ExpressAsyncMissingNext, expressAny, handler, true},
		// Express 5 forwards rejections: the rule can neither report nor record a fact
		// another rule reads.
		{"async handler, Express 5", ExpressAsyncMissingNext, express5, handler, false},
		// These rules report only in a file that imports express: a (req, res) function
		// of an Express package that does not is skipped.
		{"req without express, arity", ErrorMiddlewareArity, express4, "module.exports = (err, req, res) => res.end();\n", false},
		{"req without express, catch", HandlerCatchSwallowsError, express4, "exports.h = async (req, res) => { try { await x(); } catch (e) {} };\n", false},
		{"req with express, catch", HandlerCatchSwallowsError, express4, "const express = require('express');\nexports.h = async (req, res) => { try { await x(); } catch (e) {} };\n", true},
		// create() with options needs one of the option keys written in the file.
		{"create without options", MongooseCreateOptionsNeedsArray, "", "const mongoose = require('mongoose');\nOrder.create({ total: 1 });\n", false},
		{"create with a session", MongooseCreateOptionsNeedsArray, "", "const mongoose = require('mongoose');\nOrder.create({ total: 1 }, { session });\n", true},
		{"create with a session where Mongoose is not used", MongooseCreateOptionsNeedsArray, "", "Order.create({ total: 1 }, { session });\n", false},
		// The race needs a call of INCR: a word that contains incr is not one.
		{"a word with incr is not a call of it", RateLimitGetThenIncrRace, "", "const v = await redis.get(k); incrementCounter(v);\n", false},
		{"incrBy in quotes", RateLimitGetThenIncrRace, "", "const v = await redis.get(k); await redis['incrBy'](k, 1);\n", true},
		// A query call needs the call, not a read of req.query; a typed call is one (in a
		// package that depends on a SQL driver, where a receiver of unknown kind counts).
		{"req.query is not a query call", SQLTemplateInjection, "", "const id = req.query.id;\nconst q = 'select';\n", false},
		{"a typed query call", SQLTemplateInjection, `{"dependencies":{"pg":"8.11.0"}}`, "await db.query<Row>(`select ${id}`);\n", true},
		// Method needles come from Methods: a pipe written with a subscript is seen.
		{"pipe in a subscript", PipeWithoutErrorHandling, "", "const fs = require('fs');\nsrc['pipe'](dest);\n", true},
		// Prototype method assignments are recorded for the request path only where a
		// handler can call them: in an Express package, not in a library built on
		// prototypes, whose every keystroke would otherwise be a whole check.
		{"prototype methods in an Express package", NoSyncFSInHandler, express4, "System.prototype.scan = require('./scan');\n", true},
		{"prototype methods in a library", NoSyncFSInHandler, `{"dependencies":{"mongodb":"6.0.0"}}`, "Document.prototype.save = function () {};\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.pkg != "" {
				if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(tc.pkg), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			q := analysis.NewQuick([]byte(tc.src), pkgOf(filepath.Join(dir, "app.js")))
			got := len(analysis.Applicable(q, []*analysis.Rule{tc.rule}, analysis.Options{})) > 0
			if got != tc.want {
				t.Errorf("%s applicable = %v, want %v", tc.rule.Name, got, tc.want)
			}
		})
	}
}
