package project

import (
	"io/fs"
	"syscall"
)

// systemStamp is the inode and change time of info.
func systemStamp(info fs.FileInfo) (uint64, int64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino), st.Ctim.Nano()
	}
	return 0, 0
}
