//go:build unix

package safefs

import (
	"io"
	"io/fs"
	"syscall"
)

// readInPlainDir is ReadFile for a file of a plain directory (see openInPlainDir), on
// a bare descriptor: the same open (O_NOFOLLOW, O_NONBLOCK) and the same check of what
// was opened, without an os.File, whose making tried to register every regular file
// with the runtime's poller (a failing epoll_ctl a file) and set a finalizer for it. ok
// is false when this cannot answer, as openInPlainDir's.
func (r *Roots) readInPlainDir(path string, limit int64, spare []byte) (data []byte, ok bool, err error) {
	fd, size, ok, err := r.openPlainDescriptor(path)
	if !ok || err != nil {
		return nil, ok, err
	}
	defer syscall.Close(fd)
	data, err = readCappedSize(descriptor(fd), size, limit, spare)
	return data, true, err
}

// headInPlainDir is ReadHead on a bare descriptor (see readInPlainDir).
func (r *Roots) headInPlainDir(path string, buf []byte) (n int, ok bool, err error) {
	fd, _, ok, err := r.openPlainDescriptor(path)
	if !ok || err != nil {
		return 0, ok, err
	}
	defer syscall.Close(fd)
	n, err = readOnce(descriptor(fd), buf)
	return n, true, err
}

// openPlainDescriptor opens path, a file of a plain directory, as openInPlainDir does,
// and gives its descriptor, to be closed by the caller, and its size. ok is false when
// this cannot answer; a file opened that is not regular is closed and refused.
func (r *Roots) openPlainDescriptor(path string) (fd int, size int64, ok bool, err error) {
	abs, plain := r.inPlainDir(path)
	if !plain {
		return -1, 0, false, nil
	}
	fd, err = retryEINTR(func() (int, error) {
		return syscall.Open(abs, syscall.O_RDONLY|syscall.O_CLOEXEC|openFlags, 0)
	})
	if err != nil {
		return -1, 0, false, nil
	}
	var st syscall.Stat_t
	if _, err := retryEINTR(func() (int, error) { return 0, syscall.Fstat(fd, &st) }); err != nil {
		syscall.Close(fd)
		return -1, 0, true, err
	}
	if mode := modeType(uint32(st.Mode)); !mode.IsRegular() {
		syscall.Close(fd)
		return -1, 0, true, irregular(mode)
	}
	return fd, st.Size, true, nil
}

// descriptor reads a bare descriptor.
type descriptor int

func (d descriptor) Read(p []byte) (int, error) {
	n, err := retryEINTR(func() (int, error) { return syscall.Read(int(d), p) })
	switch {
	case err != nil:
		return 0, err
	case n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return n, nil
}

// retryEINTR calls f again while it is interrupted by a signal, as the os package does.
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != syscall.EINTR {
			return n, err
		}
	}
}

// modeType is the type bits of a stat mode as a FileMode (0 for a regular file).
func modeType(mode uint32) fs.FileMode {
	switch mode & syscall.S_IFMT {
	case syscall.S_IFREG:
		return 0
	case syscall.S_IFDIR:
		return fs.ModeDir
	case syscall.S_IFLNK:
		return fs.ModeSymlink
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}
