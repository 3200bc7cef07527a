package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.lsp.dev/uri"
	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// driver is the workspace driver the index shares with `nodecoach check`: the same
// discovery, exclusions, configuration, package facts and fact pass. An open
// document's text stands for its file, so that closed files are judged against what
// the user sees.
func (s *Server) driver() *project.Driver {
	s.idx.driverOnce.Do(func() {
		s.idx.drv = &project.Driver{
			Packages: s.pkgs,
			Configs:  s.configs,
			Override: func() *config.Config {
				s.mu.Lock()
				defer s.mu.Unlock()
				return s.settings
			},
			Rules:       indexRules(s.rules),
			Roots:       s.idx.roots,
			MaxFileSize: func() int64 { return int64(s.maxFileSize()) },
			Overlay:     s.openText,
			Log:         func(msg string) { s.log.Info(msg) },
		}
	})
	return s.idx.drv
}

// indexRules are the rules the index runs on closed files: those that report.
// topics.Collect only gathers what an open document's code lens shows, and, asking for
// no module, it made the prefilter parse every file, where check parses a third.
func indexRules(all []*analysis.Rule) []*analysis.Rule {
	return slices.DeleteFunc(slices.Clone(all), func(r *analysis.Rule) bool { return r == topics.Collect })
}

// openText is the text of the open document of a path, if there is one.
func (s *Server) openText(abs string) ([]byte, bool) {
	d := s.doc(string(uri.File(abs)))
	if d == nil {
		return nil, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, false
	}
	return bytes.Clone(d.text), true
}

// typing tells the index that a document's analysis is waiting or running: the index
// then leaves it a core.
func (s *Server) typing() bool {
	for _, d := range s.openDocuments() {
		d.mu.Lock()
		busy := d.pending || d.running
		d.mu.Unlock()
		if busy {
			return true
		}
	}
	return false
}

// rescheduleOpen analyses every open document again although its text did not
// change: the index found new facts, or the settings changed.
func (s *Server) rescheduleOpen() {
	for _, d := range s.openDocuments() {
		d.mu.Lock()
		d.force = true
		d.mu.Unlock()
		s.schedule(d)
	}
}

// openIndexCache opens the persistent cache of this workspace: in the user's cache
// directory, one per set of workspace folders, unless nodecoach.cache is false. Nil
// (no cache) when it is off or there is no cache directory.
func (s *Server) openIndexCache() *project.Cache {
	if s.idx.cacheOff.Load() {
		return nil
	}
	userDir, err := os.UserCacheDir()
	if err != nil {
		s.log.Info("no user cache directory; indexing without a cache", zap.Error(err))
		return nil
	}
	base := filepath.Join(userDir, "nodecoach")
	h := sha256.Sum256([]byte(strings.Join(s.folders, "\x00")))
	dir := filepath.Join(base, hex.EncodeToString(h[:8]))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.log.Info("the cache directory cannot be made; indexing without a cache", zap.Error(err))
		return nil
	}
	return project.OpenCache(filepath.Join(dir, project.DefaultCacheName), s.opts.Version, func(msg string) { s.log.Info(msg) })
}
