package resolve

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"sync"
)

// A route table kept for a file that is not open is kept encoded: as live values, the
// tables of a large tree's parsed files were most of the server's heap (a map of one
// to eight entries takes a group of eight, a Target is about 160 bytes). The encoding
// is gob's, without gob's description of the types: that description, sent before a
// stream's first value, is 2.7 KB, more than most tables. Every encoder and decoder of
// a process is primed with the same description (see primer), so each table's bytes
// are one value message, readable by any of them, and by the next process of the same
// build (the server's cache), whose type numbers are the same: gob numbers types in
// the order it first meets them, and primer meets them at this package's
// initialisation, in an order a build fixes.

// primer is the type description every encoder sends first, and every decoder reads
// before a table's bytes.
var primer = func() []byte {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(FileRoutes{}); err != nil {
		panic(err)
	}
	return buf.Bytes()
}()

// tableEncoder is a gob encoder whose type description went into its primer: what it
// writes to buf after that is a table's value alone.
type tableEncoder struct {
	buf bytes.Buffer
	enc *gob.Encoder
}

// tableDecoder is a gob decoder that has read the primer; src is reset to each
// table's bytes (gob reads a bytes.Reader directly, without a buffer of its own).
type tableDecoder struct {
	src *bytes.Reader
	dec *gob.Decoder
}

var (
	encoders = sync.Pool{New: func() any {
		e := &tableEncoder{}
		e.enc = gob.NewEncoder(&e.buf)
		if err := e.enc.Encode(FileRoutes{}); err != nil {
			panic(err)
		}
		return e
	}}
	decoders = sync.Pool{New: func() any {
		d := &tableDecoder{src: bytes.NewReader(primer)}
		d.dec = gob.NewDecoder(d.src)
		if err := d.dec.Decode(&FileRoutes{}); err != nil {
			panic(err)
		}
		return d
	}}
)

// EncodeRoutes is the compact form of a file's route table that is kept while the file
// is not open; nil when the table is empty (Empty), which is then not kept at all.
func EncodeRoutes(t FileRoutes) ([]byte, error) {
	if t.Empty() {
		return nil, nil
	}
	t.File = "" // the holder keys the table by its file: DecodeRoutes sets it back
	e := encoders.Get().(*tableEncoder)
	e.buf.Reset()
	if err := e.enc.Encode(t); err != nil {
		return nil, err // the encoder may be half-way through a message: dropped
	}
	out := bytes.Clone(e.buf.Bytes())
	encoders.Put(e)
	return out, nil
}

// DecodeRoutes gives back the table EncodeRoutes encoded; nil bytes are the empty
// table of file. Its maps are made as RouteTable makes them (makeMaps), so that a
// decoded table is the table that was built, gob leaving an empty map out.
func DecodeRoutes(file string, b []byte) (FileRoutes, error) {
	var t FileRoutes
	if len(b) > 0 {
		d := decoders.Get().(*tableDecoder)
		d.src.Reset(b)
		if err := d.dec.Decode(&t); err != nil {
			return FileRoutes{File: file}, err // a decoder that failed is not reused
		}
		decoders.Put(d)
	}
	t.File = file
	t.makeMaps()
	return t, nil
}

// makeMaps makes the maps a table's builder writes into and its readers index, those
// that are still nil: RouteTable starts from them, and DecodeRoutes makes again
// those gob left out.
func (t *FileRoutes) makeMaps() {
	for _, m := range []*map[string]string{&t.Exports, &t.Returns, &t.Fields, &t.PathDefaults, &t.PathFunctions} {
		if *m == nil {
			*m = map[string]string{}
		}
	}
	if t.Functions == nil {
		t.Functions = map[string]Target{}
	}
	if t.ReExports == nil {
		t.ReExports = map[string]ReExport{}
	}
	if t.Params == nil {
		t.Params = map[string][]string{}
	}
	if t.Apps == nil {
		t.Apps = map[string]bool{}
	}
	if t.KeyedObjects == nil {
		t.KeyedObjects = map[string]KeyedObject{}
	}
	if t.RouteLists == nil {
		t.RouteLists = map[string]RouteList{}
	}
	if t.RouteFactories == nil {
		t.RouteFactories = map[string]RouteFactory{}
	}
}

// Empty tells a table that holds nothing a join reads: every field but the file's
// name has no element (a field added later counts without a change here).
func (t FileRoutes) Empty() bool {
	return emptyValue(reflect.ValueOf(t), "File")
}

// emptyValue: every map and slice within v (a struct) has no element, every other
// field (but skip) is its zero value.
func emptyValue(v reflect.Value, skip string) bool {
	for i := range v.NumField() {
		if v.Type().Field(i).Name == skip {
			continue
		}
		f := v.Field(i)
		switch f.Kind() {
		case reflect.Map, reflect.Slice:
			if f.Len() > 0 {
				return false
			}
		case reflect.Struct:
			if !emptyValue(f, "") {
				return false
			}
		default:
			if !f.IsZero() {
				return false
			}
		}
	}
	return true
}
