package project

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"strings"
)

// goBuildID is the Go build ID of the executable at path, read from its ELF note
// (the toolchain writes it there, and rewrites its last part with the hash of the
// linked file's content, so two executables with one ID have the same bytes); ""
// when the file is not ELF or has no such note. Only the section headers and the
// note are read.
func goBuildID(path string) string {
	f, err := elf.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	note, err := sec.Data()
	if err != nil {
		return ""
	}
	return buildIDOfNote(note, f.ByteOrder)
}

// buildIDOfNote reads an ELF note (name size, description size, type, the name "Go"
// padded to 4 bytes, then the description) whose description is the build ID.
func buildIDOfNote(note []byte, order binary.ByteOrder) string {
	const header = 12
	if len(note) < header {
		return ""
	}
	nameSize := int(order.Uint32(note[0:]))
	descSize := int(order.Uint32(note[4:]))
	nameEnd := header + nameSize
	descStart := header + (nameSize+3)&^3
	if nameSize != 4 || descSize <= 0 || len(note) < descStart+descSize ||
		!bytes.Equal(note[header:nameEnd], []byte("Go\x00\x00")) {
		return ""
	}
	id := string(note[descStart : descStart+descSize])
	if strings.Count(id, "/") == 0 {
		return "" // not the action/content form the toolchain writes
	}
	return id
}
