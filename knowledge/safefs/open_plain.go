package safefs

import (
	"io/fs"
	"os"
	"path/filepath"
)

// openInPlainDir is Open for a file whose directory this run already found to hold no
// link below its root (see Memo and Remember), without the Lstat of the file that
// Open's checks begin with: the open itself refuses a link as the file's last name
// (O_NOFOLLOW), and the descriptor's Stat says whether what was opened is a regular
// file, so a link, a FIFO or a device put in the file's place after the walk listed it
// is still refused, and the bytes read are the opened file's, whenever it was
// replaced. A FIFO or a device is opened without blocking (O_NONBLOCK) and never read.
// ok is false when this cannot answer (no run, a directory not checked yet, the open
// failed for any reason, a link among them): then Open checks every name as before,
// and its error is the one reported.
func (r *Roots) openInPlainDir(path string) (f *os.File, info fs.FileInfo, ok bool, err error) {
	abs, plain := r.inPlainDir(path)
	if !plain {
		return nil, nil, false, nil
	}
	f, err = os.OpenFile(abs, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, false, nil
	}
	if info, err = f.Stat(); err == nil && !info.Mode().IsRegular() {
		err = irregular(info.Mode())
	}
	if err != nil {
		f.Close()
		return nil, nil, true, err
	}
	return f, info, true, nil
}

// inPlainDir is the absolute path of path when its directory is one this run already
// found to hold no link below its root (see openInPlainDir), and whether it is.
func (r *Roots) inPlainDir(path string) (abs string, plain bool) {
	if openFlags == 0 || r == nil {
		return "", false // without O_NOFOLLOW the Lstat is the only check
	}
	memo := r.memo()
	if memo == nil {
		return "", false
	}
	abs, err := r.Abs(path)
	if err != nil {
		return "", false
	}
	rt, inRoot := r.innermost(abs)
	dir := filepath.Dir(abs)
	if !inRoot || abs == rt.lexical {
		return "", false
	}
	if _, plain := memo.Load(dir); !plain && dir != rt.lexical {
		return "", false
	}
	return abs, true
}
