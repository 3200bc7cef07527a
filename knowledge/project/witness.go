package project

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// packageRecord is a package's digest (packageDigest) with the files it was computed
// from: its package.json, the lockfiles and the installed dependencies' package.json
// looked for, present or not. While every witness holds, the digest is the same, and
// a warm run only stats the files instead of reading and parsing them.
type packageRecord struct {
	Digest    digest
	Witnesses []witness
}

// witness is what one file said when a package's digest was computed: its stamp, or
// that it was absent. Absent node_modules directories stand for everything below them,
// so a package with no dependency installed costs one Lstat per directory up the tree,
// not one per dependency and directory.
type witness struct {
	Path   string
	Absent bool
	Stamp  stamp
}

// holdsAt reports whether w still says the same, cur being what its path is now (see
// currents): an absent path is still absent; a present one has the same stamp, taken
// well after its last modification (see trusts).
func (w witness) holdsAt(cur current) bool {
	if w.Absent {
		return errors.Is(cur.err, fs.ErrNotExist)
	}
	return cur.err == nil && w.Stamp.vouchesFor(cur.stamp)
}

// current is what a path is now: its stamp, or why it has none.
type current struct {
	stamp stamp
	err   error
}

// currentOf looks at path: the file's own Lstat first, since a regular file with the
// stamp recorded is the file recorded (a link put in its place, or in a directory's,
// has an inode of its own); only a link is resolved through the roots, which checks
// every name of the path.
func currentOf(roots *safefs.Roots, path string) current {
	info, err := os.Lstat(path)
	if err == nil && info.Mode()&fs.ModeSymlink != 0 {
		info, err = roots.Stat(path)
	}
	if err != nil {
		return current{err: err}
	}
	return current{stamp: stampOf(info, time.Now())}
}

// currents keeps, for one run, what each path a witness names is now. The witnesses
// of one file differ by when they were taken (the records of a tree's directories
// were stamped at different moments), so as values they are many: a warm run of a
// large tree looked at the package.json above it once for each directory. One look
// per path a run is what the walk gives the sources too.
type currents struct {
	m sync.Map // path → current
}

func (c *currents) of(roots *safefs.Roots, path string) current {
	if v, ok := c.m.Load(path); ok {
		return v.(current)
	}
	v, _ := c.m.LoadOrStore(path, currentOf(roots, path))
	return v.(current)
}

// witnessesOf stamps the files paths a digest was computed from, after it was: a file
// modified in between has a modification time within the racy window of its stamp,
// which then vouches for nothing (see trusts). Nil when one of them exists but may
// not be read (a link out of the roots, a FIFO): pkginfo warns about such a file on
// every run, so its package is never answered from the record.
func witnessesOf(roots *safefs.Roots, paths []string) []witness {
	t := newWitnessTaker(roots)
	for _, path := range paths {
		t.take(path)
	}
	return t.witnesses()
}

// witnessTaker stamps files one at a time, each once, as a computation names them.
type witnessTaker struct {
	roots  *safefs.Roots
	now    time.Time // taken before any stamp, so no stamp vouches for more than it saw
	out    []witness
	done   map[string]bool
	noneIn map[string]bool // node_modules directories found absent
	absent map[string]bool // files found absent
	failed bool
}

func newWitnessTaker(roots *safefs.Roots) *witnessTaker {
	return &witnessTaker{roots: roots, now: time.Now(), done: map[string]bool{}, noneIn: map[string]bool{}, absent: map[string]bool{}}
}

// looks tells the taker of a lookup's files: each stamped as the lookup names it, and
// each it finds checked against its stamp (see found).
func (t *witnessTaker) looks() *pkginfo.Looks {
	return &pkginfo.Looks{Named: t.take, Found: t.found}
}

// found is told that a lookup found path, after take stamped it: a stamp that said it
// (or its node_modules directory) was absent vouches for nothing. The file came after
// the stamp, and if it went again before the next run the stamp would hold for a
// digest that saw it; so the witnesses are refused, and the next run computes again.
func (t *witnessTaker) found(path string) {
	if t.absent[path] {
		t.failed = true
	} else if modules, ok := modulesDir(path); ok && t.noneIn[modules] {
		t.failed = true
	}
}

// take stamps path, or records it absent; an absent node_modules directory stands for
// every path below it.
func (t *witnessTaker) take(path string) {
	if t.failed || t.done[path] {
		return
	}
	t.done[path] = true
	if modules, ok := modulesDir(path); ok {
		if t.noneIn[modules] {
			return
		}
		if _, err := os.Lstat(modules); errors.Is(err, fs.ErrNotExist) {
			t.noneIn[modules] = true
			t.out = append(t.out, witness{Path: modules, Absent: true})
			return
		}
	}
	w, ok := witnessNow(t.roots, path, t.now)
	if !ok {
		t.failed = true
		return
	}
	t.out = append(t.out, w)
	if w.Absent {
		t.absent[path] = true
	}
}

// witnessNow is what path is, as a witness taken at now (when the looks it vouches
// for had not begun): its stamp, or that it is absent. ok is false when it exists but
// may not be read (a link out of the roots, a FIFO), and cannot be a witness.
func witnessNow(roots *safefs.Roots, path string, now time.Time) (w witness, ok bool) {
	info, err := roots.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return witness{Path: path, Absent: true}, true
	case err != nil:
		return witness{}, false
	}
	return witness{Path: path, Stamp: stampOf(info, now)}, true
}

// witnesses are the stamps taken, nil when a file could not be stamped.
func (t *witnessTaker) witnesses() []witness {
	if t.failed {
		return nil
	}
	return t.out
}

// modulesDir is the node_modules directory an installed dependency's package.json is
// looked for in (pkginfo's installed lookup: DIR/node_modules/NAME/package.json).
func modulesDir(path string) (string, bool) {
	const sep = string(filepath.Separator)
	i := strings.LastIndex(path, sep+"node_modules"+sep)
	if i < 0 {
		return "", false
	}
	return path[:i+len(sep+"node_modules")], true
}

// stampedPackageDigest is pkg's digest, from its record while the record's witnesses
// hold, else computed and recorded.
func (c *Cache) stampedPackageDigest(roots *safefs.Roots, pkg *pkginfo.Package) digest {
	c.mu.Lock()
	rec := c.records[pkg.Manifest]
	c.recordsSeen[pkg.Manifest] = true
	c.mu.Unlock()
	if rec != nil && c.checks.recordHolds(roots, rec) {
		return rec.Digest
	}
	// Each file is stamped as the computation names it, before pkginfo looks at it
	// (the manifest before it is read). In a run the package remembers its versions,
	// and this digest asks them first: every file's inputs include it, so it is
	// computed before any file of the package is judged, and the rules' answers are
	// the ones stamped here. A change after the stamp, a file removed or
	// added included, makes the witness fail on the next run, so the digest need not be
	// computed again to see whether the files moved meanwhile (which was half of what a
	// cold run paid for the packages' digests, every lookup a walk of stats up the tree).
	taker := newWitnessTaker(roots)
	taker.take(pkg.Manifest)
	d := packageDigest(roots, pkg, taker.looks())
	fresh := &packageRecord{Digest: d, Witnesses: taker.witnesses()}
	c.mu.Lock()
	if fresh.Witnesses != nil {
		c.records[pkg.Manifest] = fresh
	} else {
		delete(c.records, pkg.Manifest)
	}
	c.dirty = true
	c.mu.Unlock()
	return d
}
