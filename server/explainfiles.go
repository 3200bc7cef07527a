package server

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
)

// explainFiles are the explanation documents a session opens in the editor. They live
// in a directory of the session's own, made by os.MkdirTemp: a name nobody can guess
// in advance, created by this process, readable by its user alone (0700). A shared,
// predictable directory would let another user plant a link there in advance and have
// an explanation written over a file of theirs choosing. Files are created with
// O_EXCL through an os.Root: an exclusive create never opens an existing name, a link
// included, and the root refuses any path that leads out of the directory. (An
// explanation shown before under the same name is removed first.) The directory goes
// when the session ends.
type explainFiles struct {
	mu  sync.Mutex
	dir string // "" until the first explanation
}

// maxExplainName bounds a file name made from a title (several joined titles at most).
const maxExplainName = 100

// write stores markdown as the file named after title and returns its path.
func (e *explainFiles) write(title, markdown string) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir == "" {
		dir, err := os.MkdirTemp("", "nodecoach-explain-")
		if err != nil {
			return "", err
		}
		e.dir = dir
	}
	root, err := os.OpenRoot(e.dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	name := explainFileName(title)
	if err := root.Remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(markdown)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return filepath.Join(e.dir, name), nil
}

// removeAll deletes the session's directory and what it holds.
func (e *explainFiles) removeAll() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.dir == "" {
		return nil
	}
	dir := e.dir
	e.dir = ""
	return os.RemoveAll(dir)
}

// explainFileName is title as a file name: letters, digits and dashes, then ".md".
func explainFileName(title string) string {
	name := []rune(strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' {
			return r
		}
		return '-'
	}, title))
	if len(name) > maxExplainName {
		name = name[:maxExplainName]
	}
	return string(name) + ".md"
}
