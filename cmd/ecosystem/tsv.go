package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// readTSV reads a tab-separated label file whose first line must be header, parsing
// every other non-empty line with parse. A missing file gives no rows and no error (an
// app not yet labelled); a malformed line is an error naming it, never skipped: a lost
// label would silently change the score.
func readTSV[T any](path, header string, parse func(line string) (T, error)) ([]T, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			if line != header {
				return nil, fmt.Errorf("%s:1: header %q, want %q", path, line, header)
			}
			continue
		}
		if line == "" {
			continue
		}
		row, err := parse(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, n, err)
		}
		rows = append(rows, row)
	}
	return rows, sc.Err()
}
