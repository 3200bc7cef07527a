package workspace

import (
	"io/fs"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// lstatIn is os.Lstat(path) for the entry name of dir, the directory read open: asked
// relative to it, the system looks up one name instead of every directory of the path
// again, which was most of what a warm cached run's Lstat of each file cost. The answer
// says what Lstat says, with a *syscall.Stat_t as its Sys (the inode and change time
// the cache's stamps read).
func lstatIn(dir openDir, name, path string) (fs.FileInfo, error) {
	if dir < 0 {
		return os.Lstat(path)
	}
	// dir stays open until its listing ends.
	var st unix.Stat_t
	err := unix.Fstatat(int(dir), name, &st, unix.AT_SYMLINK_NOFOLLOW)
	for err == unix.EINTR { // as os.Lstat: a signal is no answer
		err = unix.Fstatat(int(dir), name, &st, unix.AT_SYMLINK_NOFOLLOW)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "lstat", Path: path, Err: err}
	}
	return &statInfo{name: name, sys: syscall.Stat_t{
		Dev: st.Dev, Ino: st.Ino, Nlink: st.Nlink, Mode: st.Mode, Uid: st.Uid, Gid: st.Gid, Rdev: st.Rdev,
		Size: st.Size, Blksize: st.Blksize, Blocks: st.Blocks,
		Mtim: syscall.NsecToTimespec(st.Mtim.Nano()), Ctim: syscall.NsecToTimespec(st.Ctim.Nano()),
		Atim: syscall.NsecToTimespec(st.Atim.Nano()),
	}}, nil
}

// statInfo is the fs.FileInfo of a stat_t, as os makes it.
type statInfo struct {
	name string
	sys  syscall.Stat_t
}

func (s *statInfo) Name() string       { return s.name }
func (s *statInfo) Size() int64        { return s.sys.Size }
func (s *statInfo) ModTime() time.Time { return time.Unix(s.sys.Mtim.Unix()) }
func (s *statInfo) IsDir() bool        { return s.Mode().IsDir() }
func (s *statInfo) Sys() any           { return &s.sys }

// Mode converts the system's mode bits as os does.
func (s *statInfo) Mode() fs.FileMode {
	mode := fs.FileMode(s.sys.Mode & 0o777)
	switch s.sys.Mode & syscall.S_IFMT {
	case syscall.S_IFBLK:
		mode |= fs.ModeDevice
	case syscall.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFDIR:
		mode |= fs.ModeDir
	case syscall.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case syscall.S_IFLNK:
		mode |= fs.ModeSymlink
	case syscall.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if s.sys.Mode&syscall.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if s.sys.Mode&syscall.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if s.sys.Mode&syscall.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
