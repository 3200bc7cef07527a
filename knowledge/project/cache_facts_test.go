package project

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestFactListRoundTrip: a file's facts come back from the cache file as they went in
// (names, paths, an own path left out, every position), inside an entry as the file
// keeps it; a cut or lengthened list is refused, never read as other facts.
func TestFactListRoundTrip(t *testing.T) {
	in := &cacheEntry{Checked: true, Facts: factList{
		{Name: "request-path-edge /app/src/a.js#handler", Where: analysis.Location{Path: "/app/src/a.js", Line: 3, EndLine: 4, Col8: 2, EndCol8: 300, Col16: 2, EndCol16: 150}},
		{Name: "exported-handler", Where: analysis.Location{Path: "/app/src/other.js", Line: 1 << 20}},
		{Name: "", Where: analysis.Location{Path: "/app/lib/b.js", Col8: -1}},
	}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(ownFactsOut("/app/src/a.js", in)); err != nil {
		t.Fatal(err)
	}
	var out cacheEntry
	if err := gob.NewDecoder(&buf).Decode(&out); err != nil {
		t.Fatal(err)
	}
	if got := ownFactsIn("/app/src/a.js", &out); !reflect.DeepEqual(got.Facts, in.Facts) {
		t.Errorf("facts read back\n%+v\nwant\n%+v", got.Facts, in.Facts)
	}
	if in.Facts[0].Where.Path != "/app/src/a.js" {
		t.Error("writing the file changed the run's own facts")
	}

	good, _ := in.Facts.GobEncode()
	for name, data := range map[string][]byte{
		"cut":        good[:len(good)-1],
		"lengthened": append(append([]byte{}, good...), 0),
		"too many":   append([]byte{0xff, 0x7f}, good[1:]...),
	} {
		var l factList
		if err := l.GobDecode(data); err == nil {
			t.Errorf("%s: read as %d facts", name, len(l))
		}
	}
}
