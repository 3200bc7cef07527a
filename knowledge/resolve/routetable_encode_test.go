package resolve

import (
	"reflect"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A table kept encoded is, decoded, the table that was built: every registration,
// mount, export and class route of the benchmarks' large file and of a class-based
// router, and a file with no route has no bytes at all.
func TestEncodedRouteTableDecodesToTheTableBuilt(t *testing.T) {
	_, large := analysistest.LargeFile(t)
	classes := "const express = require('express');\nclass Base {\n  constructor() { this.router = express.Router(); this.routes(); }\n" +
		"  get(path, fn) { this.router.get(path, fn); }\n}\nclass Users extends Base {\n  routes() { this.get('/users', list); }\n}\n" +
		"function list(req, res) { res.send([]); }\nmodule.exports = { Users, list, prefix: process.env.PREFIX || '/api' };\n"
	for _, tc := range []struct{ file, src string }{{"app.js", string(large)}, {"users.js", classes}} {
		built := tableOf(t, syntax.JavaScript, tc.file, tc.src)
		if built.Empty() {
			t.Fatalf("%s: the table built is empty", tc.file)
		}
		b, err := EncodeRoutes(built)
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: %d bytes, %v", tc.file, len(b), err)
		}
		got, err := DecodeRoutes(tc.file, b)
		if err != nil {
			t.Fatal(err)
		}
		if !sameValue(reflect.ValueOf(got), reflect.ValueOf(built)) {
			t.Errorf("%s: decoded table differs from the one built:\n got %+v\nwant %+v", tc.file, got, built)
		}
	}
	empty := tableOf(t, syntax.JavaScript, "util.js", "const limit = 10;\nconsole.log(limit);\n")
	if !empty.Empty() {
		t.Fatalf("a file without routes or exports has a table: %+v", empty)
	}
	if b, err := EncodeRoutes(empty); b != nil || err != nil {
		t.Errorf("the empty table is %d bytes (%v), want none", len(b), err)
	}
	if got, err := DecodeRoutes("util.js", nil); err != nil || !sameValue(reflect.ValueOf(got), reflect.ValueOf(empty)) {
		t.Errorf("no bytes decode to %+v (%v), want the empty table %+v", got, err, empty)
	}
}

// sameValue is reflect.DeepEqual but for a nil map or slice, which is the same as an
// empty one to every reader of a table (gob leaves both out).
func sameValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Map:
		if a.Len() != b.Len() {
			return false
		}
		for _, k := range a.MapKeys() {
			if v := b.MapIndex(k); !v.IsValid() || !sameValue(a.MapIndex(k), v) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return sameValue(a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if !sameValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return a.Equal(b)
}
