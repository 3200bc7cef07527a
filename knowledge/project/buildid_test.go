package project

import (
	"encoding/binary"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
)

// The build ID read from the ELF note is the one the toolchain reports, so a cache
// keyed by it changes exactly when the executable does.
func TestGoBuildIDIsTheToolchains(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the build ID is read from an ELF note; elsewhere the executable is hashed")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	want := strings.TrimSpace(string(out))
	if got := goBuildID(exe); got != want {
		t.Fatalf("goBuildID = %q, go tool buildid = %q", got, want)
	}
}

// A file that is not ELF, or a note that is not Go's, gives no ID: the build is then
// identified by its bytes.
func TestGoBuildIDOfOtherFiles(t *testing.T) {
	path := t.TempDir() + "/not-elf"
	os.WriteFile(path, []byte("#!/bin/sh\necho hi\n"), 0o755)
	if id := goBuildID(path); id != "" {
		t.Fatalf("a shell script has build ID %q", id)
	}
	note := make([]byte, 12, 32)
	binary.LittleEndian.PutUint32(note[0:], 4)
	binary.LittleEndian.PutUint32(note[4:], 8)
	note = append(note, "GNU\x00abcd/efg"...)
	if id := buildIDOfNote(note, binary.LittleEndian); id != "" {
		t.Fatalf("a GNU note gave build ID %q", id)
	}
	note = append(note[:12], "Go\x00\x00abcd/efg"...)
	if id := buildIDOfNote(note, binary.LittleEndian); id != "abcd/efg" {
		t.Fatalf("Go's note gave %q", id)
	}
	if id := buildIDOfNote(note[:14], binary.LittleEndian); id != "" {
		t.Fatalf("a torn note gave %q", id)
	}
}
