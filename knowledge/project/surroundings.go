package project

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// dirRecord is a directory's surroundings digest (its configuration and package
// facts) with the files it was found from: the configuration files looked for up the
// tree and the package.json files looked for up to the nearest one (Witnesses), and
// the package whose digest it took (Package, by its manifest, with that digest): the
// package's own record vouches for its files. While all of them hold, and the run's
// own settings (--config, --rule, the editor's) are those of the record, a warm run
// answers the directory from it instead of searching up the tree for each directory.
type dirRecord struct {
	Digest    digest
	Witnesses []witness
	Package   string
	PkgDigest digest
	// ids are the witnesses' places in the table of the file the record was read
	// from (nil for a record of this run), which stand for Witnesses until the file is
	// written again (see witnessesOf).
	ids []uint32
}

// witnessChecks remembers, for one run, whether each witness held: the directories of
// a tree share their ancestors' files, which are then looked at once. Witnesses read
// from the file are known by their place in its table (a slice, not a map of
// structs, which was a third of the checks' time); others by themselves.
type witnessChecks struct {
	table []witness
	state []atomic.Int32 // per table place: 0 not asked yet, 1 held, 2 did not
	held  sync.Map       // witness → bool, for those not in the table
	// records: *packageRecord → bool, whether all its witnesses held (every directory
	// of a package asks it; a record replaced this run is another pointer).
	records sync.Map
	// listings: the directories the walk read this run, by absolute path, with their
	// entries' names sorted. Most witnesses are files absent from a directory up the
	// tree (.nodecoach.json, package.json, node_modules), which the listing answers
	// without an Lstat; a listing is as recent as the Lstat the walk took of each file.
	listings sync.Map
	// now: what each path is now, looked at once a run (see currents).
	now currents
}

// holds is w.holds, with an absent file's absence from a directory the walk read
// taken from its listing.
func (w *witnessChecks) holds(roots *safefs.Roots, x witness) bool {
	if x.Absent {
		if v, ok := w.listings.Load(filepath.Dir(x.Path)); ok {
			_, found := slices.BinarySearch(v.([]string), filepath.Base(x.Path))
			return !found
		}
	}
	return x.holdsAt(w.now.of(roots, x.Path))
}

// recordHolds reports whether all of a package record's witnesses hold, asked once a
// run per record.
func (w *witnessChecks) recordHolds(roots *safefs.Roots, rec *packageRecord) bool {
	if v, ok := w.records.Load(rec); ok {
		return v.(bool)
	}
	held := w.allHold(roots, rec.Witnesses)
	w.records.Store(rec, held)
	return held
}

// load gives the checks the file's witness table.
func (w *witnessChecks) load(table []witness) {
	w.table, w.state = table, make([]atomic.Int32, len(table))
}

func (w *witnessChecks) allHold(roots *safefs.Roots, ws []witness) bool {
	for _, x := range ws {
		v, ok := w.held.Load(x)
		if !ok {
			v, _ = w.held.LoadOrStore(x, w.holds(roots, x))
		}
		if !v.(bool) {
			return false
		}
	}
	return len(ws) > 0
}

// allHoldAt is allHold for the witnesses at places ids of the table.
func (w *witnessChecks) allHoldAt(roots *safefs.Roots, ids []uint32) bool {
	for _, id := range ids {
		st := &w.state[id]
		switch st.Load() {
		case 1:
			continue
		case 2:
			return false
		}
		if !w.holds(roots, w.table[id]) {
			st.Store(2)
			return false
		}
		st.Store(1)
	}
	return len(ids) > 0
}

// runSettings is the digest of the settings the run itself gives, on top of or in
// place of the files found.
func (d *Driver) runSettings() digest {
	h := sha256.New()
	explicit, _ := json.Marshal(d.Explicit)
	h.Write(explicit)
	if d.Override != nil {
		override, _ := json.Marshal(d.Override())
		h.Write(override)
	}
	return sum(h)
}

// stampedSurroundings is the surroundings digest of dir (abs is a file in it), from
// its record while the record holds, else computed and recorded.
func (c *Cache) stampedSurroundings(d *Driver, dir, abs string) digest {
	c.runOnce.Do(func() { c.run = d.runSettings() })
	c.mu.Lock()
	rec := c.dirRecords[dir]
	c.dirsSeen[dir] = true
	c.mu.Unlock()
	if rec != nil && c.dirRecordsRun == c.run && c.holds(d.Roots, rec) {
		return rec.Digest
	}
	first, consulted, pkg, clean := c.computeSurroundings(d, abs)
	fresh := &dirRecord{Digest: first}
	if clean {
		fresh.Witnesses = c.soundWitnesses(d, abs, first, consulted)
		if pkg != nil {
			fresh.Package, fresh.PkgDigest = pkg.Manifest, c.packageDigest(d, pkg)
		}
	}
	c.mu.Lock()
	if c.dirRecordsRun != c.run {
		// Records of other settings are not kept: the file holds one run's.
		c.dirRecords, c.dirRecordsRun = map[string]*dirRecord{}, c.run
	}
	if fresh.Witnesses != nil {
		c.dirRecords[dir] = fresh
	} else {
		delete(c.dirRecords, dir)
	}
	c.dirty = true
	c.mu.Unlock()
	return first
}

// soundWitnesses are the witnesses of the files consulted, from which the run's
// lookups gave the directory of abs the surroundings digest first, when the digest
// may be recorded with them; nil when it may not. The stamps are taken after the
// lookups, and the digest is computed again after the stamps, from the stores rather
// than the run's lookups: a file removed or added between the lookups and the stamps
// makes the two differ (or look at other files), and nothing is recorded; a file
// modified in between is too recent for its stamp to vouch for it. In a run, each file
// is stamped and each directory asked again once (see verification); a directory
// whose files were not all stamped before that second look is checked on its own.
func (c *Cache) soundWitnesses(d *Driver, abs string, first digest, consulted []string) []witness {
	if v := c.verificationOf(d); v != nil {
		ws, ats := v.witnesses(d.Roots, consulted)
		if ws == nil || !c.sameAgain(v.drv, abs, first, consulted) {
			return nil
		}
		if v.lookedAfter(ws, ats) {
			return ws
		}
	}
	ws := witnessesOf(d.Roots, consulted)
	if ws == nil || !c.sameAgain(d.fresh(), abs, first, consulted) {
		return nil
	}
	return ws
}

// sameAgain reports whether again, asked now, gives abs the surroundings digest first
// from the same files consulted.
func (c *Cache) sameAgain(again *Driver, abs string, first digest, consulted []string) bool {
	d, looked, _, _ := c.computeSurroundings(again, abs)
	return d == first && slices.Equal(looked, consulted)
}

// holds reports whether rec still says what the files say: its own witnesses, and its
// package's record with the digest it took.
func (c *Cache) holds(roots *safefs.Roots, rec *dirRecord) bool {
	if rec.ids != nil {
		if !c.checks.allHoldAt(roots, rec.ids) {
			return false
		}
	} else if !c.checks.allHold(roots, rec.Witnesses) {
		return false
	}
	if rec.Package == "" {
		return true
	}
	c.mu.Lock()
	pkg := c.records[rec.Package]
	c.recordsSeen[rec.Package] = true
	c.mu.Unlock()
	return pkg != nil && pkg.Digest == rec.PkgDigest && c.checks.recordHolds(roots, pkg)
}

// computeSurroundings looks a file's configuration and package up, giving their
// digest, the files looked at, the package, and whether the answer may be recorded:
// not when a
// file on the way said something a later run must say again (a broken configuration
// or package.json), nor when the package's digest has no record of its own.
func (c *Cache) computeSurroundings(d *Driver, abs string) (digest, []string, *pkginfo.Package, bool) {
	h := sha256.New()
	cfg, consulted, clean := d.settingsFrom(abs)
	settings, _ := json.Marshal(cfg)
	h.Write(settings)
	pkg := d.packageOf(abs)
	pd := c.packageDigest(d, pkg)
	h.Write(pd[:])
	consulted = append(consulted, manifestsLookedFor(filepath.Dir(abs), pkg)...)
	if pkg != nil {
		c.mu.Lock()
		rec := c.records[pkg.Manifest]
		c.mu.Unlock()
		if pkg.Broken || rec == nil || rec.Digest != pd {
			clean = false
		}
	}
	return sum(h), consulted, pkg, clean
}

// manifestsLookedFor are the package.json files pkginfo's nearest-package search looks
// for from dir: each directory's up to pkg's (all the way up when there is none).
func manifestsLookedFor(dir string, pkg *pkginfo.Package) []string {
	var out []string
	for d := dir; ; {
		m := filepath.Join(d, "package.json")
		out = append(out, m)
		parent := filepath.Dir(d)
		if (pkg != nil && m == pkg.Manifest) || parent == d {
			return out
		}
		d = parent
	}
}

// appendDirRecords appends the run's settings digest, the witness table, then the
// records, each with its witnesses as places in the table, since the directories of a
// tree share their ancestors' files (without it, the records doubled the size of a
// large tree's cache).
func (c *Cache) appendDirRecords(buf []byte) []byte {
	var (
		table []witness
		index = map[witness]uint32{}
		ids   = make(map[string][]uint32, len(c.dirRecords))
	)
	for dir, rec := range c.dirRecords {
		witnesses := c.witnessesOf(rec)
		places := make([]uint32, len(witnesses))
		for i, x := range witnesses {
			n, ok := index[x]
			if !ok {
				n = uint32(len(table))
				index[x] = n
				table = append(table, x)
			}
			places[i] = n
		}
		ids[dir] = places
	}
	buf = append(buf, c.dirRecordsRun[:]...)
	buf = appendWitnesses(buf, table)
	buf = binary.AppendUvarint(buf, uint64(len(c.dirRecords)))
	for dir, rec := range c.dirRecords {
		buf = append(appendText(buf, dir), rec.Digest[:]...)
		buf = append(appendText(buf, rec.Package), rec.PkgDigest[:]...)
		buf = binary.AppendUvarint(buf, uint64(len(ids[dir])))
		for _, n := range ids[dir] {
			buf = binary.AppendUvarint(buf, uint64(n))
		}
	}
	return buf
}

// witnessesOf is rec's witnesses, from the file's table when it was read from it.
func (c *Cache) witnessesOf(rec *dirRecord) []witness {
	if rec.ids == nil {
		return rec.Witnesses
	}
	out := make([]witness, len(rec.ids))
	for i, id := range rec.ids {
		out[i] = c.checks.table[id]
	}
	return out
}

// readDirRecords reads what appendDirRecords wrote (see newWireReader); a place out
// of the table is an error, as any other corruption. A record's witnesses are left as
// their places (ids): a warm run checks them by place, and most runs never write the
// records again (making them witnesses was a third of reading the records).
func readDirRecords(section []byte) (digest, []witness, map[string]*dirRecord, error) {
	r := newWireReader(section)
	run, table := r.digest(), r.witnesses()
	count := r.count()
	if r.bad {
		return run, nil, nil, errSection
	}
	dirs := make(map[string]*dirRecord, count)
	for range count {
		dir := r.text()
		rec := &dirRecord{Digest: r.digest(), Package: r.text(), PkgDigest: r.digest()}
		n := r.count()
		if r.bad {
			return run, nil, nil, errSection
		}
		rec.ids = make([]uint32, n)
		for i := range rec.ids {
			place := r.uvarint()
			if place >= uint64(len(table)) {
				return run, nil, nil, fmt.Errorf("witness %d of a table of %d", place, len(table))
			}
			rec.ids[i] = uint32(place)
		}
		if r.bad {
			return run, nil, nil, errSection
		}
		dirs[dir] = rec
	}
	if err := r.done(); err != nil {
		return run, nil, nil, err
	}
	return run, table, dirs, nil
}
