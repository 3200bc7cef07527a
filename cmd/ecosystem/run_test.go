package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeNodecoach writes an executable that prints out, says complaint on stderr and
// exits with code, standing in for a nodecoach run.
func fakeNodecoach(t *testing.T, out, complaint string, code int) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nodecoach")
	script := "#!/bin/sh\nprintf '%s' '" + out + "'\nprintf '%s' '" + complaint + "' >&2\nexit " + strconv.Itoa(code) + "\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestRunNodecoachTakesOnlyUsableExits(t *testing.T) {
	findingsExit := func(code int, _ []byte) bool { return code == 1 }
	if out, err := runNodecoach(fakeNodecoach(t, "[]", "", 1), t.TempDir(), []string{"check"}, findingsExit); err != nil || string(out) != "[]" {
		t.Errorf("exit 1 with findings: %q, %v", out, err)
	}
	_, err := runNodecoach(fakeNodecoach(t, "", "bad flag", 2), t.TempDir(), []string{"check"}, findingsExit)
	if err == nil || !strings.Contains(err.Error(), " check: ") || !strings.Contains(err.Error(), "bad flag") {
		t.Errorf("exit 2 was taken, or its error does not name the command and its stderr: %v", err)
	}
	if _, err := runNodecoach(fakeNodecoach(t, "[]", "", 1), "", []string{"rules"}, nil); err == nil {
		t.Error("a failed run without a usable exit was taken")
	}
}
