package project

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"unsafe"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// The entries section of a cache file is one byte string (see appendEntry), not a
// gob message per entry: decoding 20,000 entries by reflection, each string, digest
// and list its own allocation, was most of loading a large tree's cache and most of
// a warm run's fresh heap. Its strings are slices of the file's bytes, read once.

// encodeEntries writes the entries section: their number (through enc), the length
// of appendEntry's section and the section (straight to w, between two gob
// messages), then the findings by file, of the entries that have any (through enc).
func encodeEntries(enc *gob.Encoder, w io.Writer, entries map[string]*cacheEntry) error {
	if err := enc.Encode(len(entries)); err != nil {
		return err
	}
	var section []byte
	findings := map[string][]analysis.Finding{}
	for abs, e := range entries {
		section = appendEntry(section, abs, e)
		if len(e.Findings) > 0 {
			findings[abs] = e.Findings
		}
	}
	if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(section)))); err != nil {
		return err
	}
	if _, err := w.Write(section); err != nil {
		return err
	}
	return enc.Encode(findings)
}

// decodeEntries reads what encodeEntries wrote: dec reads from in, which reads
// payload, where the section is taken from in place.
func decodeEntries(dec *gob.Decoder, in *bytes.Reader, payload []byte) (map[string]*cacheEntry, error) {
	var count int
	if err := dec.Decode(&count); err != nil {
		return nil, err
	}
	size, err := binary.ReadUvarint(in)
	if err != nil || size > uint64(in.Len()) {
		return nil, errEntries
	}
	at := len(payload) - in.Len()
	section := payload[at : at+int(size) : at+int(size)]
	if _, err := in.Seek(int64(size), io.SeekCurrent); err != nil {
		return nil, err
	}
	entries, err := readEntries(section, count)
	if err != nil {
		return nil, err
	}
	var findings map[string][]analysis.Finding
	if err := dec.Decode(&findings); err != nil {
		return nil, err
	}
	for abs, f := range findings {
		e := entries[abs]
		if e == nil {
			return nil, fmt.Errorf("findings of %q, which has no entry", abs)
		}
		e.Findings = f
	}
	return entries, nil
}

// appendText appends s, its length first.
func appendText(buf []byte, s string) []byte {
	return append(binary.AppendUvarint(buf, uint64(len(s))), s...)
}

// entryFlags are an entry's booleans, one bit each.
const (
	entryAgain = 1 << iota
	entryChecked
	entryTabled
	entryJudged
	entryFactsGated
)

// appendEntry appends the entry e of abs, all but its findings (which the file keeps
// in a gob section of their own: few entries have any).
func appendEntry(buf []byte, abs string, e *cacheEntry) []byte {
	buf = appendText(buf, abs)
	buf = append(append(append(buf, e.Inputs[:]...), e.Content[:]...), e.Others[:]...)
	s := e.Stamp
	for _, n := range [...]int64{s.Size, s.ModTime, s.ChangeTime, s.Taken} {
		buf = binary.AppendVarint(buf, n)
	}
	buf = binary.AppendUvarint(buf, s.Inode)
	buf = appendText(buf, e.PkgDir)
	var flags byte
	for _, f := range [...]struct {
		set bool
		bit byte
	}{{e.Again, entryAgain}, {e.Checked, entryChecked}, {e.Tabled, entryTabled}, {e.Judged, entryJudged}, {e.FactsGated, entryFactsGated}} {
		if f.set {
			flags |= f.bit
		}
	}
	buf = append(buf, flags)
	buf = appendFacts(buf, e.Facts, abs)
	buf = appendText(buf, string(e.Routes))
	return appendText(buf, string(e.Look))
}

var errEntries = errors.New("a malformed entries section")

// readEntries reads count entries that appendEntry wrote into section, which the
// cache keeps whole and never writes to: the keys, package directories and facts'
// names are strings over its bytes, its routes and looks slices of it, and the
// entries one array. Anything but count whole entries is an error.
func readEntries(section []byte, count int) (map[string]*cacheEntry, error) {
	if count < 0 || count > len(section) {
		return nil, errEntries
	}
	r := &wireReader{b: section, s: unsafe.String(unsafe.SliceData(section), len(section))}
	all := make([]cacheEntry, count)
	out := make(map[string]*cacheEntry, count)
	for i := range all {
		e := &all[i]
		abs := r.text()
		e.Inputs, e.Content, e.Others = r.digest(), r.digest(), r.digest()
		e.Stamp = stamp{Size: r.varint(), ModTime: r.varint(), ChangeTime: r.varint(), Taken: r.varint(), Inode: r.uvarint()}
		e.PkgDir = r.text()
		flags := r.byte()
		e.Again, e.Checked, e.Tabled = flags&entryAgain != 0, flags&entryChecked != 0, flags&entryTabled != 0
		e.Judged, e.FactsGated = flags&entryJudged != 0, flags&entryFactsGated != 0
		e.Facts = r.facts(abs)
		e.Routes, e.Look = r.bytes(), r.bytes()
		if r.bad {
			return nil, errEntries
		}
		out[abs] = e
	}
	if r.left() != 0 {
		return nil, errEntries
	}
	return out, nil
}

// wireReader reads a section: b its bytes, s the same as a string. A read past the
// end, or a malformed number, sets bad and gives zeros from then on.
type wireReader struct {
	b   []byte
	s   string
	at  int
	bad bool
}

func (r *wireReader) left() int { return len(r.b) - r.at }

func (r *wireReader) uvarint() uint64 {
	n, size := binary.Uvarint(r.b[r.at:])
	if size <= 0 {
		r.bad, r.at = true, len(r.b)
		return 0
	}
	r.at += size
	return n
}

func (r *wireReader) varint() int64 {
	n, size := binary.Varint(r.b[r.at:])
	if size <= 0 {
		r.bad, r.at = true, len(r.b)
		return 0
	}
	r.at += size
	return n
}

func (r *wireReader) byte() byte {
	if r.left() < 1 {
		r.bad = true
		return 0
	}
	r.at++
	return r.b[r.at-1]
}

// span is the place of the next length-prefixed string.
func (r *wireReader) span() (from, to int) {
	n := r.uvarint()
	if n > uint64(r.left()) {
		r.bad, r.at = true, len(r.b)
		return r.at, r.at
	}
	r.at += int(n)
	return r.at - int(n), r.at
}

func (r *wireReader) text() string {
	from, to := r.span()
	return r.s[from:to]
}

// bytes is the next string as bytes, nil when empty (as gob gave an empty slice);
// capped at its end, so an append to it never writes over the section.
func (r *wireReader) bytes() []byte {
	from, to := r.span()
	if from == to {
		return nil
	}
	return r.b[from:to:to]
}

func (r *wireReader) digest() digest {
	var d digest
	if r.left() < digestSize {
		r.bad, r.at = true, len(r.b)
		return d
	}
	r.at += copy(d[:], r.b[r.at:])
	return d
}
