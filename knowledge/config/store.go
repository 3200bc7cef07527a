package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// FileName is the configuration file nodecoach looks for.
const FileName = ".nodecoach.json"

// Store finds the configuration that governs a file and caches it, re-reading a file
// when its size or modification time changes. A broken file is reported once through
// the problem callback (until it changes) and the defaults are used. Files are read
// through safefs, within the roots given to Confine.
type Store struct {
	// Note, when set, is told once per content what a configuration file still
	// accepts but should change (a deprecated key).
	Note func(path, note string)

	known   Known
	problem func(path string, err error)
	roots   *safefs.Roots

	mu     sync.Mutex
	cached map[string]cachedFile // by config file path
}

type cachedFile struct {
	size    int64
	mtime   time.Time
	refused string  // why the file was not read, when it was not
	cfg     *Config // nil when the file has no nodecoach settings or is broken
	hasConf bool
}

// NewStore returns a store that validates against the known rules and their options.
func NewStore(known Known, problem func(path string, err error)) *Store {
	if problem == nil {
		problem = func(string, error) {}
	}
	return &Store{known: known, problem: problem, cached: map[string]cachedFile{}}
}

// Confine makes the store read only within roots (see safefs.Roots) and stop its
// upward search at the root that holds a file. Call it before the store is used.
func (s *Store) Confine(roots *safefs.Roots) {
	s.roots = roots
}

// For returns the configuration for a file: the nearest .nodecoach.json walking up
// from its directory, or the "nodecoach" key of a package.json on the way, whichever
// comes first; nil when there is none. The search stops at the root that holds the
// file (safefs.Roots.Top): a file in a directory above the project, such as /tmp,
// never applies to it.
func (s *Store) For(file string) *Config {
	c, _, _ := s.Lookup(file)
	return c
}

// Lookup is For, also naming every file the search looked at, in order, present or
// not: while none of them changes, the answer is the same, so a cache may keep it with
// their stamps. clean is false when the file that answered was broken, refused or
// carries notes: a later run must read it again to report that.
func (s *Store) Lookup(file string) (cfg *Config, consulted []string, clean bool) {
	return s.LookupAbove(file, nil)
}

// LookupAbove is Lookup, asking above, when not nil, for the answer of the directory
// above the file's when the file's own holds no configuration: above gets a path in
// that directory and answers as Lookup would for it. A run over a tree that keeps each
// directory's answer then looks at each directory's files once, instead of once for
// every directory below it.
func (s *Store) LookupAbove(file string, above func(file string) (*Config, []string, bool)) (cfg *Config, consulted []string, clean bool) {
	top := s.roots.Top(file)
	for dir := filepath.Dir(file); ; {
		for _, name := range [...]string{FileName, "package.json"} {
			path := filepath.Join(dir, name)
			consulted = append(consulted, path)
			if c, ok := s.read(path, name != FileName); ok {
				return c, consulted, s.clean(path)
			}
		}
		parent := filepath.Dir(dir)
		if dir == top || parent == dir {
			return nil, consulted, true
		}
		if above != nil {
			// The upward search from parent stops where this one would: the same
			// root holds both, or the same .git directory is above both.
			cfg, more, clean := above(filepath.Join(parent, FileName))
			return cfg, append(consulted, more...), clean
		}
		dir = parent
	}
}

// clean reports whether the configuration read from path was whole and said nothing
// more (no problem, no note).
func (s *Store) clean(path string) bool {
	s.mu.Lock()
	c, ok := s.cached[path]
	s.mu.Unlock()
	return ok && c.refused == "" && c.cfg != nil && len(c.cfg.Notes) == 0
}

// Load reads an explicit configuration file (the CLI's --config). The user named it,
// so a link is followed, but it must be a regular file within the size cap.
func (s *Store) Load(path string) (*Config, error) {
	data, err := safefs.ReadNamed(path, safefs.ConfigLimit)
	if err != nil {
		return nil, err
	}
	c, err := Parse(data, s.known)
	if err == nil {
		s.notes(path, c)
	}
	return c, err
}

// notes tells Note what a configuration still accepts but should change.
func (s *Store) notes(path string, c *Config) {
	if s.Note == nil || c == nil {
		return
	}
	for _, n := range c.Notes {
		s.Note(path, n)
	}
}

// read returns the configuration a file holds and whether it holds one (a broken
// configuration still counts: the search stops there, with the defaults). The file is
// read without the lock held, so one slow file never stalls other lookups.
func (s *Store) read(path string, inPackageJSON bool) (*Config, bool) {
	limit := int64(safefs.ConfigLimit)
	if inPackageJSON {
		limit = safefs.ManifestLimit
	}
	info, err := s.roots.Stat(path)
	if err == nil {
		s.mu.Lock()
		c, ok := s.cached[path]
		s.mu.Unlock()
		if ok && c.refused == "" && c.size == info.Size() && c.mtime.Equal(info.ModTime()) {
			return c.cfg, c.hasConf
		}
		var data []byte
		if data, info, err = s.roots.ReadFile(path, limit); err == nil {
			return s.parse(path, data, info, inPackageJSON)
		}
	}
	if errors.Is(err, fs.ErrNotExist) || inPackageJSON {
		// Absent; or a package.json that cannot be read, which the package
		// knowledge reports.
		return nil, false
	}
	// A configuration file that is there but cannot or must not be read (a link out of
	// the project, a FIFO, one over the cap) counts as a broken one: reported once
	// (until the reason changes), and the defaults apply.
	s.mu.Lock()
	c, ok := s.cached[path]
	s.cached[path] = cachedFile{refused: err.Error(), hasConf: true}
	s.mu.Unlock()
	if !ok || c.refused != err.Error() {
		s.problem(path, err)
	}
	return nil, true
}

// parse turns a file's content into its cached configuration, reporting a broken one.
func (s *Store) parse(path string, data []byte, info fs.FileInfo, inPackageJSON bool) (*Config, bool) {
	entry := cachedFile{size: info.Size(), mtime: info.ModTime()}
	var err error
	if inPackageJSON {
		var present bool
		data, present, err = nodecoachKey(data)
		if !present {
			// No settings there, or a package.json that does not parse at all, which
			// the package knowledge reports.
			s.store(path, entry)
			return nil, false
		}
	}
	entry.hasConf = true
	if err == nil {
		entry.cfg, err = Parse(data, s.known)
	}
	s.mu.Lock()
	prev, seen := s.cached[path]
	s.cached[path] = entry
	s.mu.Unlock()
	// Two lookups may read the same new content at once: only the first reports it.
	if !(seen && prev.refused == "" && prev.size == entry.size && prev.mtime.Equal(entry.mtime)) {
		if err != nil {
			s.problem(path, err)
		} else {
			s.notes(path, entry.cfg)
		}
	}
	return entry.cfg, entry.hasConf
}

func (s *Store) store(path string, entry cachedFile) {
	s.mu.Lock()
	s.cached[path] = entry
	s.mu.Unlock()
}

// nodecoachKey extracts the "nodecoach" object of a package.json; present is false when
// the key is absent or the file is not a JSON object.
func nodecoachKey(pkg []byte) (data []byte, present bool, err error) {
	if !bytes.Contains(pkg, []byte(`"nodecoach"`)) && bytes.IndexByte(pkg, '\\') < 0 {
		// The key is spelled out, or written with an escape: without either, it is
		// absent, and the manifest of a large tree's every package need not be decoded.
		return nil, false, nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(pkg, &m) != nil {
		return nil, false, nil
	}
	raw, ok := m["nodecoach"]
	raw = bytes.TrimSpace(raw)
	if !ok || bytes.Equal(raw, []byte("null")) {
		return nil, false, nil
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, true, fmt.Errorf(`"nodecoach" in package.json must be an object`)
	}
	return raw, true, nil
}
