package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// FileName is the configuration file nodecoach looks for.
const FileName = ".nodecoach.json"

// Store finds the configuration that governs a file and caches it, re-reading a file
// when its size or modification time changes. A broken file is reported once through
// the problem callback (until it changes) and the defaults are used.
type Store struct {
	known   []string
	problem func(path string, err error)

	mu     sync.Mutex
	cached map[string]cachedFile // by config file path
}

type cachedFile struct {
	size    int64
	mtime   time.Time
	cfg     *Config // nil when the file has no nodecoach settings or is broken
	hasConf bool
}

// NewStore returns a store that validates against knownRules.
func NewStore(knownRules []string, problem func(path string, err error)) *Store {
	if problem == nil {
		problem = func(string, error) {}
	}
	return &Store{known: knownRules, problem: problem, cached: map[string]cachedFile{}}
}

// For returns the configuration for a file: the nearest .nodecoach.json walking up
// from its directory, or the "nodecoach" key of a package.json on the way, whichever
// comes first; nil when there is none.
func (s *Store) For(file string) *Config {
	for dir := filepath.Dir(file); ; {
		if c, ok := s.read(filepath.Join(dir, FileName), false); ok {
			return c
		}
		if c, ok := s.read(filepath.Join(dir, "package.json"), true); ok {
			return c
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// Load reads an explicit configuration file (the CLI's --config).
func (s *Store) Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(data, s.known)
}

// read returns the configuration a file holds and whether it holds one (a broken
// configuration still counts: the search stops there, with the defaults).
func (s *Store) read(path string, inPackageJSON bool) (*Config, bool) {
	info, err := os.Stat(path)
	if err != nil || info.IsDir() {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cached[path]; ok && c.size == info.Size() && c.mtime.Equal(info.ModTime()) {
		return c.cfg, c.hasConf
	}
	entry := cachedFile{size: info.Size(), mtime: info.ModTime()}
	data, err := os.ReadFile(path)
	if err == nil && inPackageJSON {
		var present bool
		data, present, err = nodecoachKey(data)
		if !present {
			// No settings there, or a package.json that does not parse at all, which
			// the package knowledge reports.
			s.cached[path] = entry
			return nil, false
		}
	}
	entry.hasConf = true
	cfg, err := parseOrErr(data, err, s.known)
	if err != nil {
		s.problem(path, err)
	}
	entry.cfg = cfg
	s.cached[path] = entry
	return entry.cfg, entry.hasConf
}

func parseOrErr(data []byte, err error, known []string) (*Config, error) {
	if err != nil {
		return nil, err
	}
	return Parse(data, known)
}

// nodecoachKey extracts the "nodecoach" object of a package.json; present is false when
// the key is absent or the file is not a JSON object.
func nodecoachKey(pkg []byte) (data []byte, present bool, err error) {
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
