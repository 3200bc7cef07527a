package workspace

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"sync"

	"golang.org/x/sys/unix"
)

// openDir is the descriptor of a directory the walk read, left open so that its
// files are looked at relative to it (see lstatIn); -1: none.
type openDir int

// readDir is os.ReadDir (the entries sorted by name, those read before an error with
// it, errors worded alike) that leaves the directory open; -1 when it could not be
// opened. The caller closes it with closeDir. It opens and reads the directory with
// the system calls themselves: os.Open offers every descriptor to the poller, which
// refuses a directory, and sets and clears its non-blocking flag on the way (four
// fcntl and an epoll_ctl per directory, more calls than the listing itself made on
// a large tree). O_NOFOLLOW|O_DIRECTORY: a directory replaced by a link or a file
// since its parent was listed is not entered, as the walk never follows a link.
func readDir(path string) (openDir, []dirEntry, error) {
	const flags = unix.O_RDONLY | unix.O_DIRECTORY | unix.O_NOFOLLOW | unix.O_CLOEXEC
	fd, err := unix.Open(path, flags, 0)
	for err == unix.EINTR {
		fd, err = unix.Open(path, flags, 0)
	}
	if err != nil {
		return -1, nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	dir := openDir(fd)
	buf := direntBuffers.Get().(*[]byte)
	defer direntBuffers.Put(buf)
	var entries []dirEntry
	for {
		n, err := unix.Getdents(fd, *buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			sortEntries(entries)
			return dir, entries, &fs.PathError{Op: "readdirent", Path: path, Err: err}
		}
		if n <= 0 {
			break
		}
		if entries == nil { // a record is about 32 bytes: grown by appending, a listing was its size twice over in garbage
			entries = make([]dirEntry, 0, n/32+1)
		}
		if entries, err = appendDirents(entries, dir, (*buf)[:n], path); err != nil {
			sortEntries(entries)
			return dir, entries, err
		}
	}
	sortEntries(entries)
	return dir, entries, nil
}

func closeDir(dir openDir) {
	if dir >= 0 {
		unix.Close(int(dir))
	}
}

// direntBuffers are what readDir reads a directory into: 32 KB hold the names of
// most directories whole, so the second read is the one that finds the end.
var direntBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// appendDirents appends the entries of buf, records of linux_dirent64 (inode, offset,
// record length, type, name ended by a NUL), leaving out "." and "..", and those with
// no inode, as os does. An entry whose type the file system does not give is asked
// of the system (lstat), as os does; one gone meanwhile is left out.
func appendDirents(entries []dirEntry, dir openDir, buf []byte, path string) ([]dirEntry, error) {
	const nameAt = 19 // after d_ino (8), d_off (8), d_reclen (2), d_type (1)
	for len(buf) >= nameAt {
		size := int(binary.NativeEndian.Uint16(buf[16:18]))
		if size < nameAt || size > len(buf) {
			break // a record the system would not write: the rest cannot be read
		}
		record := buf[:size]
		buf = buf[size:]
		if binary.NativeEndian.Uint64(record[0:8]) == 0 {
			continue
		}
		name := record[nameAt:]
		if end := bytes.IndexByte(name, 0); end >= 0 {
			name = name[:end]
		}
		if string(name) == "." || string(name) == ".." {
			continue
		}
		e := dirEntry{name: string(name)}
		switch record[18] {
		case unix.DT_REG:
		case unix.DT_DIR:
			e.typ = fs.ModeDir
		case unix.DT_LNK:
			e.typ = fs.ModeSymlink
		case unix.DT_FIFO:
			e.typ = fs.ModeNamedPipe
		case unix.DT_SOCK:
			e.typ = fs.ModeSocket
		case unix.DT_CHR:
			e.typ = fs.ModeDevice | fs.ModeCharDevice
		case unix.DT_BLK:
			e.typ = fs.ModeDevice
		default:
			info, err := lstatIn(dir, e.name, path+"/"+e.name)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return entries, err
			}
			e.typ = info.Mode().Type()
		}
		entries = append(entries, e)
	}
	return entries, nil
}
