package rules

import (
	"encoding/binary"
	"errors"
)

// A cache keeps what the gate read of each file (RequestPathFile), so that a later run
// decides whose facts are read from the unchanged files' stored looks and the changed
// files' fresh ones, without reading the unchanged files again.

const (
	lookRecords = 1 << iota
	lookReads
	lookComputed
	lookPrototype
	lookRecordsRejects
	lookReadsRejects
	lookJudged
)

// EncodeRequestPathFile is f as bytes: a byte of flags, then the number of its hashed
// module keys and each key (keyHash, the same in every process). It is never empty.
func EncodeRequestPathFile(f RequestPathFile) []byte {
	var flags byte
	for _, b := range [...]struct {
		on  bool
		bit byte
	}{{f.Records, lookRecords}, {f.Reads, lookReads}, {f.computed, lookComputed}, {f.prototype, lookPrototype},
		{f.RecordsRejects, lookRecordsRejects}, {f.ReadsRejects, lookReadsRejects}, {f.Judged, lookJudged}} {
		if b.on {
			flags |= b.bit
		}
	}
	buf := binary.AppendUvarint([]byte{flags}, uint64(len(f.keys)))
	for _, k := range f.keys {
		buf = binary.LittleEndian.AppendUint64(buf, k)
	}
	return buf
}

var errRequestPathFile = errors.New("a malformed look of the request path's gate")

// DecodeRequestPathFile reads what EncodeRequestPathFile wrote of the file at abs.
func DecodeRequestPathFile(abs string, data []byte) (RequestPathFile, error) {
	if len(data) == 0 {
		return RequestPathFile{}, errRequestPathFile
	}
	flags := data[0]
	n, size := binary.Uvarint(data[1:])
	if size <= 0 || n != uint64(len(data)-1-size)/8 || (len(data)-1-size)%8 != 0 {
		return RequestPathFile{}, errRequestPathFile
	}
	f := RequestPathFile{path: abs, Records: flags&lookRecords != 0, Reads: flags&lookReads != 0,
		computed: flags&lookComputed != 0, prototype: flags&lookPrototype != 0,
		RecordsRejects: flags&lookRecordsRejects != 0, ReadsRejects: flags&lookReadsRejects != 0, Judged: flags&lookJudged != 0}
	f.own = ownKeyHashes(f)
	if n > 0 {
		f.keys = make([]uint64, n)
		for i, at := 0, 1+size; i < int(n); i, at = i+1, at+8 {
			f.keys[i] = binary.LittleEndian.Uint64(data[at:])
		}
	}
	return f, nil
}
