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

// The verdicts and the entries of a cache file are each one byte string (see
// appendVerdict, appendEntry), not a gob message per file: decoding 20,000 entries by
// reflection, each string, digest and list its own allocation, was most of loading a
// large tree's cache. Their strings are slices of the file's bytes, read once.

// writeSection writes section, its length first, straight to w between two gob
// messages (gob writes each message whole, as it is encoded).
func writeSection(w io.Writer, section []byte) error {
	if _, err := w.Write(binary.AppendUvarint(nil, uint64(len(section)))); err != nil {
		return err
	}
	_, err := w.Write(section)
	return err
}

// readSection reads what writeSection wrote from in, which reads payload: the
// section is a slice of payload, capped at its end. A bytes.Reader is an
// io.ByteReader, which gob reads as it is, message by message, so the section is
// found where the message before it ends.
func readSection(in *bytes.Reader, payload []byte) ([]byte, error) {
	size, err := binary.ReadUvarint(in)
	if err != nil || size > uint64(in.Len()) {
		return nil, errSection
	}
	at := len(payload) - in.Len()
	if _, err := in.Seek(int64(size), io.SeekCurrent); err != nil {
		return nil, err
	}
	return payload[at : at+int(size) : at+int(size)], nil
}

var errSection = errors.New("a malformed section")

// newWireReader reads section, which the cache keeps whole and never writes to: its
// strings are strings over its bytes.
func newWireReader(section []byte) *wireReader {
	return &wireReader{b: section, s: unsafe.String(unsafe.SliceData(section), len(section))}
}

// appendVerdicts appends the walk's verdicts: their number, then each file's path,
// stamp and verdict.
func appendVerdicts(buf []byte, verdicts map[string]walkVerdict) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(verdicts)))
	for abs, v := range verdicts {
		buf = appendBool(appendStamp(appendText(buf, abs), v.Stamp), v.Minified)
	}
	return buf
}

// readVerdicts reads what appendVerdicts wrote; anything else is an error.
func readVerdicts(section []byte) (map[string]walkVerdict, error) {
	r := newWireReader(section)
	count := r.count()
	if r.bad {
		return nil, errSection
	}
	out := make(map[string]walkVerdict, count)
	for range count {
		abs := r.text()
		v := walkVerdict{Stamp: r.stamp(), Minified: r.flag()}
		if r.bad {
			return nil, errSection
		}
		out[abs] = v
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return out, nil
}

// appendStamp appends st, its numbers as varints.
func appendStamp(buf []byte, st stamp) []byte {
	for _, n := range [...]int64{st.Size, st.ModTime, st.ChangeTime, st.Taken} {
		buf = binary.AppendVarint(buf, n)
	}
	return binary.AppendUvarint(buf, st.Inode)
}

func (r *wireReader) stamp() stamp {
	return stamp{Size: r.varint(), ModTime: r.varint(), ChangeTime: r.varint(), Taken: r.varint(), Inode: r.uvarint()}
}

// encodeEntries writes the entries: their number (through enc), appendEntry's
// section (see writeSection), then the findings by file, of the entries that have
// any (through enc).
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
	if err := writeSection(w, section); err != nil {
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
	section, err := readSection(in, payload)
	if err != nil {
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
	entryJudged
	entryFactsGated
)

// appendEntry appends the entry e of abs, all but its findings (which the file keeps
// in a gob section of their own: few entries have any).
func appendEntry(buf []byte, abs string, e *cacheEntry) []byte {
	buf = appendText(buf, abs)
	buf = append(append(append(buf, e.Inputs[:]...), e.Content[:]...), e.Others[:]...)
	buf = appendStamp(buf, e.Stamp)
	buf = appendText(buf, e.PkgDir)
	var flags byte
	for _, f := range [...]struct {
		set bool
		bit byte
	}{{e.Again, entryAgain}, {e.Checked, entryChecked}, {e.Judged, entryJudged}, {e.FactsGated, entryFactsGated}} {
		if f.set {
			flags |= f.bit
		}
	}
	buf = append(buf, flags)
	buf = appendFacts(buf, e.Facts, abs)
	return appendText(buf, string(e.Look))
}

// readEntries reads count entries that appendEntry wrote into section (see
// newWireReader): the keys, package directories and facts' names are strings over
// its bytes, the looks slices of it, and the entries one array. Anything
// but count whole entries is an error.
func readEntries(section []byte, count int) (map[string]*cacheEntry, error) {
	if count < 0 || count > len(section) {
		return nil, errSection
	}
	r := newWireReader(section)
	all := make([]cacheEntry, count)
	out := make(map[string]*cacheEntry, count)
	for i := range all {
		e := &all[i]
		abs := r.text()
		e.Inputs, e.Content, e.Others = r.digest(), r.digest(), r.digest()
		e.Stamp = r.stamp()
		e.PkgDir = r.text()
		flags := r.byte()
		e.Again, e.Checked = flags&entryAgain != 0, flags&entryChecked != 0
		e.Judged, e.FactsGated = flags&entryJudged != 0, flags&entryFactsGated != 0
		e.Facts = r.facts(abs)
		e.Look = r.bytes()
		if r.bad {
			return nil, errSection
		}
		out[abs] = e
	}
	if err := r.done(); err != nil {
		return nil, err
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

// fail marks the section malformed and skips to its end, so every read after gives
// zeros.
func (r *wireReader) fail() {
	r.bad, r.at = true, len(r.b)
}

// number takes n, a number size bytes long (as binary.Uvarint and Varint tell it),
// or zero when size says it is malformed.
func number[N uint64 | int64](r *wireReader, n N, size int) N {
	if size <= 0 {
		r.fail()
		return 0
	}
	r.at += size
	return n
}

func (r *wireReader) uvarint() uint64 {
	n, size := binary.Uvarint(r.b[r.at:])
	return number(r, n, size)
}

func (r *wireReader) varint() int64 {
	n, size := binary.Varint(r.b[r.at:])
	return number(r, n, size)
}

// count reads how many items follow; each takes a byte at least, so a count above
// the bytes left is malformed (and never sizes an allocation).
func (r *wireReader) count() uint64 {
	n := r.uvarint()
	if n > uint64(r.left()) {
		r.fail()
		return 0
	}
	return n
}

// done is errSection unless the section was read whole and well.
func (r *wireReader) done() error {
	if r.bad || r.left() != 0 {
		return errSection
	}
	return nil
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
	n := int(r.count()) // 0 when malformed, the reader then at its end
	r.at += n
	return r.at - n, r.at
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
		r.fail()
		return d
	}
	r.at += copy(d[:], r.b[r.at:])
	return d
}

// appendWitness appends w: its path, whether it was absent, and its stamp.
func appendWitness(buf []byte, w witness) []byte {
	return appendStamp(appendBool(appendText(buf, w.Path), w.Absent), w.Stamp)
}

func (r *wireReader) witness() witness {
	return witness{Path: r.text(), Absent: r.flag(), Stamp: r.stamp()}
}

// appendWitnesses appends ws: their number, then each one (see appendWitness).
func appendWitnesses(buf []byte, ws []witness) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(ws)))
	for _, w := range ws {
		buf = appendWitness(buf, w)
	}
	return buf
}

// witnesses reads what appendWitnesses wrote (nil for none).
func (r *wireReader) witnesses() []witness {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]witness, n)
	for i := range out {
		out[i] = r.witness()
	}
	return out
}

// appendBool appends b as one byte, 1 or 0.
func appendBool(buf []byte, b bool) []byte {
	if b {
		return append(buf, 1)
	}
	return append(buf, 0)
}

// flag reads what appendBool wrote; any other byte is malformed.
func (r *wireReader) flag() bool {
	switch r.byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.bad = true
	return false
}

// appendRecords appends the package records: their number, then each manifest's
// path, its package's digest and the record's witnesses.
func appendRecords(buf []byte, records map[string]*packageRecord) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(records)))
	for manifest, rec := range records {
		buf = appendWitnesses(append(appendText(buf, manifest), rec.Digest[:]...), rec.Witnesses)
	}
	return buf
}

// readRecords reads what appendRecords wrote; anything else is an error.
func readRecords(section []byte) (map[string]*packageRecord, error) {
	r := newWireReader(section)
	count := r.count()
	if r.bad {
		return nil, errSection
	}
	out := make(map[string]*packageRecord, count)
	for range count {
		manifest := r.text()
		rec := &packageRecord{Digest: r.digest(), Witnesses: r.witnesses()}
		if r.bad {
			return nil, errSection
		}
		out[manifest] = rec
	}
	if err := r.done(); err != nil {
		return nil, err
	}
	return out, nil
}
