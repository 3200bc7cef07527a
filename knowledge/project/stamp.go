package project

import (
	"io/fs"
	"time"
)

// stamp is what the system says of a file without reading it: the cache's metadata
// strategy (git's index, ESLint's --cache-strategy metadata) trusts a file whose stamp
// is unchanged to have unchanged content. Size and modification time change with every
// write; the inode changes when an editor saves by rename; the change time (where the
// system gives it) changes on every write and on every os.Chtimes, so a tool that puts
// back an old modification time after writing is still noticed. The zero stamp is
// never trusted.
type stamp struct {
	Size, ModTime, ChangeTime int64 // times in nanoseconds since 1970
	Inode                     uint64
	// Taken is when the stamp was taken, for the racy check of trusts.
	Taken int64
}

// racyWindow: a file modified this close to the moment its stamp was taken may be
// written again within the same timestamp (file systems keep between a nanosecond and
// two seconds), so such a stamp does not vouch for the content.
const racyWindow = 2 * time.Second

// stamp is the stamp of abs when the driver would read it from disk; zero when the
// editor has its text (the overlay is hashed each time) or it cannot be read. listed,
// when not zero, is the one the walk took, which lists only regular files reached
// without a link: it stands for another Lstat.
func (d *Driver) stamp(abs string, listed stamp) stamp {
	if d.Overlay != nil {
		if _, ok := d.Overlay(abs); ok {
			return stamp{}
		}
	}
	if listed != (stamp{}) {
		return listed
	}
	info, err := d.Roots.Stat(abs)
	if err != nil {
		return stamp{}
	}
	return stampOf(info, time.Now())
}

func stampOf(info fs.FileInfo, now time.Time) stamp {
	s := stamp{Size: info.Size(), ModTime: info.ModTime().UnixNano(), Taken: now.UnixNano()}
	s.Inode, s.ChangeTime = systemStamp(info)
	return s
}

// trusts reports whether e's content may be taken as the file's without reading it:
// the file's stamp st is the one stored, and the stored one was taken well after the
// file was last modified (git's racy-clean rule). A stamp taken too soon after a write
// makes the next run read the file once; it is then restamped, and trusted after.
func (c *Cache) trusts(e *cacheEntry, st stamp) bool { return e.Stamp.vouchesFor(st) }

// vouchesFor reports whether what old was taken of may be taken as unchanged, st being
// the file's stamp now: the same stamp, and old taken well after the file's last
// modification (the racy-clean rule above).
func (old stamp) vouchesFor(st stamp) bool {
	if old == (stamp{}) || st == (stamp{}) {
		return false
	}
	return old.sameFile(st) && old.ModTime < old.Taken-int64(racyWindow)
}

// sameFile reports whether two stamps say the same of a file, whenever taken.
func (old stamp) sameFile(st stamp) bool {
	return old.Size == st.Size && old.ModTime == st.ModTime && old.ChangeTime == st.ChangeTime && old.Inode == st.Inode
}
