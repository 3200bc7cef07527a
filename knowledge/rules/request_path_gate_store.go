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
	lookHeard
)

// EncodeRequestPathFile is f as bytes: a byte of flags, then the number of its hashed
// module keys and each key (keyHash, the same in every process), then, for a heard
// file, its asks the same way. It is never empty.
func EncodeRequestPathFile(f RequestPathFile) []byte {
	var flags byte
	for _, b := range [...]struct {
		on  bool
		bit byte
	}{{f.Records, lookRecords}, {f.Reads, lookReads}, {f.computed, lookComputed}, {f.prototype, lookPrototype},
		{f.RecordsRejects, lookRecordsRejects}, {f.ReadsRejects, lookReadsRejects}, {f.heard, lookHeard}} {
		if b.on {
			flags |= b.bit
		}
	}
	buf := appendHashes([]byte{flags}, f.keys)
	if f.heard {
		buf = appendHashes(buf, f.asks)
	}
	return buf
}

// appendHashes appends the number of hashes, then each.
func appendHashes(buf []byte, hashes []uint64) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(hashes)))
	for _, k := range hashes {
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
	f := RequestPathFile{path: abs, Records: flags&lookRecords != 0, Reads: flags&lookReads != 0,
		computed: flags&lookComputed != 0, prototype: flags&lookPrototype != 0,
		RecordsRejects: flags&lookRecordsRejects != 0, ReadsRejects: flags&lookReadsRejects != 0, heard: flags&lookHeard != 0}
	f.own = ownKeyHashes(f)
	rest, ok := data[1:], true
	if f.keys, rest, ok = readHashes(rest); !ok {
		return RequestPathFile{}, errRequestPathFile
	}
	if f.heard {
		if f.asks, rest, ok = readHashes(rest); !ok {
			return RequestPathFile{}, errRequestPathFile
		}
	}
	if len(rest) != 0 {
		return RequestPathFile{}, errRequestPathFile
	}
	return f, nil
}

// readHashes reads what appendHashes wrote at the start of data (nil for none), and
// what follows it; ok is false when data holds no such list.
func readHashes(data []byte) (hashes []uint64, rest []byte, ok bool) {
	n, size := binary.Uvarint(data)
	if size <= 0 || n > uint64(len(data)-size)/8 {
		return nil, nil, false
	}
	rest = data[size:]
	if n > 0 {
		hashes = make([]uint64, n)
		for i := range hashes {
			hashes[i] = binary.LittleEndian.Uint64(rest[8*i:])
		}
	}
	return hashes, rest[8*n:], true
}
