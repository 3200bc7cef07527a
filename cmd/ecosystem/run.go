package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// runNodecoach runs bin with args in dir and returns its standard output. A failed run
// is an error naming the command and carrying what it said on stderr, unless usable
// says that its exit status, with that output, still gave the measurement.
func runNodecoach(bin, dir string, args []string, usable func(code int, out []byte) bool) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !(usable != nil && errors.As(err, &exit) && usable(exit.ExitCode(), out)) {
		return nil, fmt.Errorf("%s %s: %v: %s", bin, args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// decodeRows reads the JSON array a nodecoach command printed (whose names the command
// in the error) and converts each row to what the labels match on.
func decodeRows[R, T any](out []byte, whose string, convert func(R) T) ([]T, error) {
	var raw []R
	if err := json.Unmarshal(out, &raw); err != nil {
		return nil, fmt.Errorf("reading %s JSON: %v", whose, err)
	}
	rows := make([]T, 0, len(raw))
	for _, r := range raw {
		rows = append(rows, convert(r))
	}
	return rows, nil
}

// rootRelative is a path nodecoach printed for a run in the checked root, as labels
// write it: slash-separated, without a leading "./".
func rootRelative(path string) string { return strings.TrimPrefix(filepath.ToSlash(path), "./") }
