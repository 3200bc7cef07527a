package project

import (
	"crypto/sha256"
	"encoding/json"
	"path/filepath"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// dirRecord is a directory's surroundings digest (its configuration and package
// facts) with the files it was found from: the configuration files looked for up the
// tree, the package.json files looked for up to the nearest one, and that package's
// own witnesses. While every witness holds and the run's own settings (Run: --config,
// --rule, the editor's) are the same, a warm run answers the directory from it
// instead of searching up the tree for each directory.
type dirRecord struct {
	Run       digest
	Digest    digest
	Witnesses []witness
}

// witnessChecks remembers, for one run, whether each witness held: the directories of
// a tree share their ancestors' files, which are then looked at once.
type witnessChecks struct{ held sync.Map } // witness → bool

func (w *witnessChecks) allHold(roots *safefs.Roots, ws []witness) bool {
	for _, x := range ws {
		v, ok := w.held.Load(x)
		if !ok {
			v, _ = w.held.LoadOrStore(x, x.holds(roots))
		}
		if !v.(bool) {
			return false
		}
	}
	return len(ws) > 0
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
	if rec != nil && rec.Run == c.run && c.checks.allHold(d.Roots, rec.Witnesses) {
		return rec.Digest
	}
	first, consulted, pkgWitnesses, clean := c.computeSurroundings(d, abs)
	fresh := &dirRecord{Run: c.run, Digest: first}
	if clean {
		if fresh.Witnesses = witnessesOf(d.Roots, consulted); fresh.Witnesses != nil {
			fresh.Witnesses = append(fresh.Witnesses, pkgWitnesses...)
		}
	}
	// Computed again after the witnesses were taken: a file removed or added between
	// the lookups and the stamps makes the two differ, and nothing is recorded (a file
	// modified in between is too recent for its stamp to vouch for it).
	if fresh.Witnesses != nil {
		if again, _, _, _ := c.computeSurroundings(d, abs); again != first {
			fresh.Witnesses = nil
		}
	}
	c.mu.Lock()
	if fresh.Witnesses != nil {
		c.dirRecords[dir] = fresh
	} else {
		delete(c.dirRecords, dir)
	}
	c.dirty = true
	c.mu.Unlock()
	return first
}

// computeSurroundings looks a file's configuration and package up, giving their
// digest, the files looked at, the witnesses of the package's digest, and whether
// the answer may be recorded: not when a
// file on the way said something a later run must say again (a broken configuration
// or package.json), nor when the package's digest has no record of its own.
func (c *Cache) computeSurroundings(d *Driver, abs string) (digest, []string, []witness, bool) {
	h := sha256.New()
	cfg, consulted, clean := d.settingsFrom(abs)
	settings, _ := json.Marshal(cfg)
	h.Write(settings)
	pkg := d.Packages.For(abs)
	pd := c.packageDigest(d, pkg)
	h.Write(pd[:])
	consulted = append(consulted, manifestsLookedFor(filepath.Dir(abs), pkg)...)
	var pkgWitnesses []witness
	if pkg != nil {
		c.mu.Lock()
		rec := c.records[pkg.Manifest]
		c.mu.Unlock()
		if pkg.Broken || rec == nil || rec.Digest != pd {
			clean = false
		} else {
			pkgWitnesses = rec.Witnesses
		}
	}
	return sum(h), consulted, pkgWitnesses, clean
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
