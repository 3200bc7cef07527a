package safefs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Stat returns what path is when it may be read: a regular file reached without
// leaving its root. It opens nothing, so a cache can compare stamps cheaply.
func (r *Roots) Stat(path string) (fs.FileInfo, error) {
	_, info, err := r.resolve(path)
	return info, err
}

// Open opens path for reading when it may be read. The file is checked again on the
// open descriptor, so one swapped for a FIFO, a device or a link in between is refused.
func (r *Roots) Open(path string) (*os.File, fs.FileInfo, error) {
	if f, info, ok, err := r.openInPlainDir(path); ok {
		return f, info, err
	}
	for attempt := 0; ; attempt++ {
		target, info, err := r.resolve(path)
		if err != nil {
			return nil, nil, err
		}
		f, opened, err := openRegular(target, info)
		// An editor saving by rename replaces the file between the checks and the
		// open: check the new one.
		if errors.Is(err, errReplaced) && attempt < 3 {
			continue
		}
		return f, opened, err
	}
}

// errReplaced: the file opened is not the one checked.
var errReplaced = refuse("replaced while it was being opened")

// ReadFile reads path when it may be read and holds at most limit bytes. The info is
// the open file's, so it describes the bytes returned.
func (r *Roots) ReadFile(path string, limit int64) ([]byte, fs.FileInfo, error) {
	return r.readFileInto(path, limit, nil)
}

// readFileInto is ReadFile into spare's storage when the file fits it (see
// readCappedSize).
func (r *Roots) readFileInto(path string, limit int64, spare []byte) ([]byte, fs.FileInfo, error) {
	f, info, err := r.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := readCappedSize(f, info.Size(), limit, spare)
	return data, info, err
}

// ReadContent is ReadFile for a caller that needs the bytes alone: a run reads every
// file of a tree so, on a bare descriptor where it can (see readInPlainDir).
func (r *Roots) ReadContent(path string, limit int64) ([]byte, error) {
	return r.ReadContentInto(path, limit, nil)
}

// ReadContentInto is ReadContent into spare's storage when the file fits its capacity,
// else into a buffer of its own: for a caller that reuses its buffers.
func (r *Roots) ReadContentInto(path string, limit int64, spare []byte) ([]byte, error) {
	if data, ok, err := r.readInPlainDir(path, limit, spare); ok {
		return data, err
	}
	data, _, err := r.readFileInto(path, limit, spare)
	return data, err
}

// ReadHead reads the start of path, when it may be read, into buf: one read, of at most
// len(buf) bytes (a walk's look at a large file's first lines).
func (r *Roots) ReadHead(path string, buf []byte) (int, error) {
	if n, ok, err := r.headInPlainDir(path, buf); ok {
		return n, err
	}
	f, _, err := r.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return readOnce(f, buf)
}

// readOnce is one read of f into buf; an empty file's end is no error.
func readOnce(f io.Reader, buf []byte) (int, error) {
	n, err := f.Read(buf)
	if err == io.EOF {
		err = nil
	}
	return n, err
}

// ReadNamed reads a file the user named (the CLI's --config): its links are followed
// wherever they lead, but it must still be a regular file of at most limit bytes.
func ReadNamed(path string, limit int64) ([]byte, error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	info, err := os.Lstat(target)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, irregular(info.Mode())
	}
	f, info, err := openRegular(target, info)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, _, err := readCapped(f, info, limit)
	return data, err
}

// resolve returns the file that reading path would read, and its Lstat info, or why
// it must not be read.
func (r *Roots) resolve(path string) (string, fs.FileInfo, error) {
	abs, err := r.Abs(path)
	if err != nil {
		return "", nil, err
	}
	rt, inRoot := r.innermost(abs)
	linked := false
	var info fs.FileInfo
	// Most lookups (a package.json in each directory up the tree) find nothing: one
	// Lstat answers them before the names below the root are looked at.
	info, err = os.Lstat(abs)
	if err == nil && inRoot {
		info, linked, err = lstatBelow(rt.lexical, abs, info, r.memo())
	}
	if err != nil {
		return "", nil, err
	}
	if !linked {
		if !info.Mode().IsRegular() {
			return "", nil, irregular(info.Mode())
		}
		return abs, info, nil
	}
	target, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", nil, refuse("a link that cannot be resolved (%v)", err)
	}
	if !Within(target, rt.resolved) {
		return "", nil, refuse("a link to %s, outside %s", target, rt.lexical)
	}
	if info, err = os.Lstat(target); err != nil {
		return "", nil, err
	}
	if !info.Mode().IsRegular() {
		return "", nil, irregular(info.Mode())
	}
	return target, info, nil
}

// lstatBelow looks at each name of abs below root, without following links, and
// returns the last one's info (leaf, already taken), or linked when one of them is a
// link (then the caller resolves the whole path). The directories found plain are
// remembered in checked when it is not nil, so the files of one directory cost one
// Lstat each instead of one per name of their path.
func lstatBelow(root, abs string, leaf fs.FileInfo, checked *sync.Map) (fs.FileInfo, bool, error) {
	rel, err := filepath.Rel(root, abs)
	if err != nil {
		return nil, false, err
	}
	if rel == "." {
		return leaf, false, nil
	}
	// Start below the deepest directory already known to hold no link.
	start := root
	if checked != nil {
		for dir := filepath.Dir(abs); dir != root && Within(dir, root); dir = filepath.Dir(dir) {
			if _, ok := checked.Load(dir); ok {
				start = dir
				break
			}
		}
		if rel, err = filepath.Rel(start, abs); err != nil {
			return nil, false, err
		}
	}
	names := strings.Split(rel, string(os.PathSeparator))
	p := start
	for i, name := range names {
		p = filepath.Join(p, name)
		if i == len(names)-1 {
			if leaf.Mode()&fs.ModeSymlink != 0 {
				return nil, true, nil
			}
			return leaf, false, nil
		}
		info, err := os.Lstat(p)
		if err != nil {
			return nil, false, err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return nil, true, nil
		}
		if checked != nil && info.IsDir() {
			checked.Store(p, struct{}{})
		}
	}
	return leaf, false, nil
}

// openRegular opens target, which was checked to be the regular file checked, and
// makes sure on the descriptor that it still is.
func openRegular(target string, checked fs.FileInfo) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(target, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
	case !info.Mode().IsRegular():
		err = irregular(info.Mode())
	case !os.SameFile(info, checked):
		err = errReplaced
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

// readCapped reads at most limit bytes of f, refusing a larger file (or one that grows
// past the limit while it is read) without reading the rest.
func readCapped(f io.Reader, info fs.FileInfo, limit int64) ([]byte, fs.FileInfo, error) {
	data, err := readCappedSize(f, info.Size(), limit, nil)
	return data, info, err
}

// readCappedSize is readCapped of a file whose descriptor gave size, into spare's
// storage when it holds the size and a byte more.
func readCappedSize(f io.Reader, size, limit int64, spare []byte) ([]byte, error) {
	if size > limit {
		return nil, refuse("%s, over the %s limit", Size(size), Size(limit))
	}
	// One buffer of the size the descriptor gave and a byte more, to see the end
	// without growing it (a bytes.Buffer grew it, copying the file, for the read that
	// finds the end); a file that grew meanwhile is read on, to one byte past the limit.
	buf := spare[:0]
	if int64(cap(buf)) < size+1 {
		buf = make([]byte, 0, size+1)
	}
	for int64(len(buf)) <= limit {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit+1-int64(len(buf)))))
		}
		asked := buf[len(buf):int(min(int64(cap(buf)), limit+1))]
		n, err := f.Read(asked)
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if n < len(asked) && int64(len(buf)) == size {
			// The size the descriptor gave, in a read that stopped short of the byte
			// asked past it: a regular file's end. Asking again only to hear it was one
			// more system call for every file a run reads; a file that grows meanwhile
			// is read as it was when its size was taken.
			break
		}
	}
	if int64(len(buf)) > limit {
		return nil, refuse("grew past the %s limit while it was read", Size(limit))
	}
	return buf, nil
}
