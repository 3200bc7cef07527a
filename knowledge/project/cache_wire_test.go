package project

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// TestEntriesRoundTrip: entries come back from the cache file's entries section as they
// went in (every field, facts with an own path left out and put back, findings,
// nil and non-nil byte strings), and the run's own facts are not changed by writing.
func TestEntriesRoundTrip(t *testing.T) {
	in := map[string]*cacheEntry{
		"/app/src/a.js": {Inputs: digest{1}, Content: digest{2}, Others: digest{3},
			Stamp:  stamp{Size: 10, ModTime: -5, ChangeTime: 1 << 40, Inode: 1 << 63, Taken: 7},
			PkgDir: "/app", Again: true, Checked: true, Judged: true, Look: []byte("look"),
			Facts: []analysis.Fact{
				{Name: "request-path-edge /app/src/a.js#handler", Where: analysis.Location{Path: "/app/src/a.js", Line: 3, EndLine: 4, Col8: 2, EndCol8: 300, Col16: 2, EndCol16: 150}},
				{Name: "exported-handler", Where: analysis.Location{Path: "/app/src/other.js", Line: 1 << 20}},
				{Name: "", Where: analysis.Location{Path: "/app/lib/b.js", Col8: -1}},
			},
			Findings: []analysis.Finding{{Rule: "r", Start: 1, End: 2, Message: "m", Related: []analysis.Related{{Message: "x"}}}}},
		"/app/src/b.js": {Checked: false, FactsGated: true},
		"":              {Stamp: stamp{Inode: 1}},
	}
	payload := encodeForTest(t, in)
	out := decodeForTest(t, payload)
	if !reflect.DeepEqual(out, in) {
		t.Errorf("entries read back\n%+v\nwant\n%+v", out, in)
	}
	if in["/app/src/a.js"].Facts[0].Where.Path != "/app/src/a.js" {
		t.Error("writing the file changed the run's own facts")
	}
	// An append to a byte string read from the file never writes over the file's bytes.
	before := bytes.Clone(payload)
	_ = append(out["/app/src/a.js"].Look, 9, 9, 9)
	if !bytes.Equal(payload, before) {
		t.Error("an append to an entry's look wrote over the section")
	}
}

// TestEntriesMalformed: a cut, lengthened or miscounted entries section is refused,
// never read as other entries.
func TestEntriesMalformed(t *testing.T) {
	e := &cacheEntry{PkgDir: "/app", Facts: []analysis.Fact{{Name: "f", Where: analysis.Location{Path: "/app/a.js", Line: 1}}}}
	good := appendEntry(nil, "/app/a.js", e)
	if got, err := readEntries(good, 1); err != nil || !reflect.DeepEqual(got["/app/a.js"], e) {
		t.Fatalf("a sound section: %v, %+v", err, got)
	}
	for name, tc := range map[string]struct {
		section []byte
		count   int
	}{
		"cut":        {good[:len(good)-1], 1},
		"lengthened": {append(bytes.Clone(good), 0), 1},
		"too many":   {good, 2},
		"negative":   {good, -1},
		"empty":      {nil, 1},
	} {
		if got, err := readEntries(tc.section, tc.count); err == nil {
			t.Errorf("%s: read as %d entries", name, len(got))
		}
	}
}

func encodeForTest(t *testing.T, entries map[string]*cacheEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if err := encodeEntries(enc, &buf, entries); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode("after"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeForTest(t *testing.T, payload []byte) map[string]*cacheEntry {
	t.Helper()
	in := bytes.NewReader(payload)
	dec := gob.NewDecoder(in)
	out, err := decodeEntries(dec, in, payload)
	if err != nil {
		t.Fatal(err)
	}
	var after string
	if err := dec.Decode(&after); err != nil || after != "after" {
		t.Fatalf("the message after the entries: %q, %v", after, err)
	}
	return out
}

// TestVerdictsRoundTrip: the walk's verdicts come back as they went in, the message
// after their section is read where it starts, and a cut, lengthened or miscounted
// section is refused.
func TestVerdictsRoundTrip(t *testing.T) {
	in := map[string]walkVerdict{
		"/app/dist/bundle.js": {Stamp: stamp{Size: 1 << 30, ModTime: 5, ChangeTime: -1, Inode: 9, Taken: 10}, Minified: true},
		"/app/src/a.js":       {Stamp: stamp{Size: 3}},
	}
	var buf bytes.Buffer
	if err := writeSection(&buf, appendVerdicts(nil, in)); err != nil {
		t.Fatal(err)
	}
	if err := gob.NewEncoder(&buf).Encode("after"); err != nil {
		t.Fatal(err)
	}
	payload := buf.Bytes()
	r := bytes.NewReader(payload)
	section, err := readSection(r, payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := readVerdicts(section)
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Fatalf("verdicts read back %+v, %v; want %+v", out, err, in)
	}
	var after string
	if err := gob.NewDecoder(r).Decode(&after); err != nil || after != "after" {
		t.Fatalf("the message after the section: %q, %v", after, err)
	}
	good := appendVerdicts(nil, map[string]walkVerdict{"/a.js": {Minified: true}})
	for name, section := range map[string][]byte{
		"cut":            good[:len(good)-1],
		"lengthened":     append(bytes.Clone(good), 0),
		"too many":       append([]byte{2}, good[1:]...),
		"a verdict of 2": append(bytes.Clone(good[:len(good)-1]), 2),
	} {
		if got, err := readVerdicts(section); err == nil {
			t.Errorf("%s: read as %d verdicts", name, len(got))
		}
	}
	if _, err := readSection(bytes.NewReader([]byte{5, 1, 2}), []byte{5, 1, 2}); err == nil {
		t.Error("a section longer than what follows was read")
	}
}

// TestRecordsRoundTrip: package and directory records come back as they went in
// (witnesses present and absent, shared witnesses as one place in the table), and a
// place out of the table, a cut or a lengthened section is refused.
func TestRecordsRoundTrip(t *testing.T) {
	pkgJSON := witness{Path: "/app/package.json", Stamp: stamp{Size: 40, ModTime: 1, Inode: 2, Taken: 3}}
	modules := witness{Path: "/app/node_modules", Absent: true}
	records := map[string]*packageRecord{
		"/app/package.json": {Digest: digest{7}, Witnesses: []witness{pkgJSON, modules}},
		"/lib/package.json": {Digest: digest{8}},
	}
	out, err := readRecords(appendRecords(nil, records))
	if err != nil || !reflect.DeepEqual(out, records) {
		t.Fatalf("package records read back %+v, %v", out, err)
	}

	c := &Cache{dirRecordsRun: digest{9}, dirRecords: map[string]*dirRecord{
		"/app/src": {Digest: digest{1}, Package: "/app/package.json", PkgDigest: digest{7}, Witnesses: []witness{pkgJSON, modules}},
		"/app/lib": {Digest: digest{2}, Package: "/app/package.json", PkgDigest: digest{7}, Witnesses: []witness{modules}},
		"/app":     {Digest: digest{3}},
	}}
	section := c.appendDirRecords(nil)
	run, table, dirs, err := readDirRecords(section)
	if err != nil || run != c.dirRecordsRun || len(table) != 2 {
		t.Fatalf("directory records: run %x, table %+v, %v", run, table, err)
	}
	read := &Cache{dirRecords: dirs}
	read.checks.load(table)
	for dir, want := range c.dirRecords {
		got := dirs[dir]
		if got == nil || got.Digest != want.Digest || got.Package != want.Package || got.PkgDigest != want.PkgDigest ||
			len(got.ids) != len(want.Witnesses) || !slices.Equal(read.witnessesOf(got), c.witnessesOf(want)) {
			t.Errorf("%s read back as %+v, want %+v", dir, got, want)
		}
	}
	// Written again from what was read, the records say the same.
	read.dirRecordsRun = run
	if _, table2, dirs2, err := readDirRecords(read.appendDirRecords(nil)); err != nil || len(table2) != 2 || len(dirs2) != 3 {
		t.Errorf("records written again from the file's: %d witnesses, %d records, %v", len(table2), len(dirs2), err)
	} else {
		again := &Cache{dirRecords: dirs2}
		again.checks.load(table2)
		for dir, want := range c.dirRecords {
			if !slices.Equal(again.witnessesOf(dirs2[dir]), c.witnessesOf(want)) {
				t.Errorf("%s written again: witnesses %+v", dir, again.witnessesOf(dirs2[dir]))
			}
		}
	}

	one := &Cache{dirRecords: map[string]*dirRecord{"/d": {Witnesses: []witness{modules}}}}
	good := one.appendDirRecords(nil)
	outOfTable := bytes.Clone(good)
	outOfTable[len(outOfTable)-1] = 1 // the record's one place, in a table of one
	tableMiscounted := bytes.Clone(good)
	tableMiscounted[digestSize] = 100 // a table of more witnesses than bytes follow
	for name, section := range map[string][]byte{
		"out of the table": outOfTable,
		"miscounted table": tableMiscounted,
		"cut":              good[:len(good)-1],
		"lengthened":       append(bytes.Clone(good), 0),
	} {
		if _, _, _, err := readDirRecords(section); err == nil {
			t.Errorf("directory records %s: read", name)
		}
	}
	goodRecords := appendRecords(nil, records)
	for name, section := range map[string][]byte{
		"cut":        goodRecords[:len(goodRecords)-1],
		"lengthened": append(bytes.Clone(goodRecords), 0),
		"too many":   append([]byte{3}, goodRecords[1:]...),
		"miscounted": append([]byte{100}, goodRecords[1:]...),
	} {
		if _, err := readRecords(section); err == nil {
			t.Errorf("package records %s: read", name)
		}
	}
}

// TestReadCheckedSumsEveryPiece: the file is summed a piece at a time as it is read; a
// byte changed in any piece (the first, one in the middle, the last before the sum)
// fails the sum, and the sound file gives its whole payload.
func TestReadCheckedSumsEveryPiece(t *testing.T) {
	var build digest
	build[0] = 1
	payload := make([]byte, 2*readPiece+1000)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	sound := append(append([]byte(CacheMagic), build[:]...), payload...)
	sound = binary.BigEndian.AppendUint32(sound, crc32.Checksum(sound, fileSum))
	path := filepath.Join(t.TempDir(), "cache")
	read := func(content []byte) ([]byte, string) {
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		var said string
		c := &Cache{path: path, build: build, log: func(msg string) { said += msg }}
		return c.readChecked(), said
	}
	if got, said := read(sound); !bytes.Equal(got, payload) || said != "" {
		t.Fatalf("the sound file: %d bytes of payload, said %q", len(got), said)
	}
	for _, at := range []int{len(CacheMagic) + digestSize, readPiece + 5, len(sound) - fileSumSize - 1, len(sound) - 1} {
		changed := bytes.Clone(sound)
		changed[at] ^= 0x10
		if got, said := read(changed); got != nil || !strings.Contains(said, "checksum") {
			t.Errorf("a byte changed at %d: %d bytes of payload, said %q", at, len(got), said)
		}
	}
}
