package server

import (
	"context"
	"path/filepath"
	"sync"

	"go.uber.org/zap"

	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/project"
	"github.com/nodecoach/nodecoach/knowledge/rules"
)

// gateLooks keep the index's request-path gate exact after the walk. The walk, as
// check does, leaves unrecorded the request-path facts of the files no file reads
// (rules.RequestPathFactsRead), but the fact index lives on: an edit or a file event
// can make a file a reader (a readFileSync added in a helper) or make a file name one,
// and then the facts the walk left out are read. So the server keeps, per package, the
// walk's look of each file that records or reads such facts, and after any change of a
// file's text decides the package again from the looks and judges again, with every
// rule, each file whose facts are now read and were not recorded, before the change's
// own findings are made. Facts recorded and no longer read stay: no file reads them.
// The same holds of the cannot-reject facts of a file that only records them: an edit
// that makes a handler's file import it has them read. The walk's looks keep what each
// handler's file was heard asking; a look taken after an edit asks for every module
// its file spells.
type gateLooks struct {
	// mu is held through a whole decision, judgements included, so that two changes
	// never judge one file twice or record an older look over a newer one.
	mu sync.Mutex
	// byPkg are the looks by package directory, then by file; nil until a walk has
	// gated (before it, every fact the server holds was recorded).
	byPkg map[string]map[string]project.GateLook
}

// keepLooks replaces the looks with a completed walk's.
func (s *Server) keepLooks(looks []project.GateLook) {
	g := &s.idx.looks
	g.mu.Lock()
	defer g.mu.Unlock()
	g.byPkg = map[string]map[string]project.GateLook{}
	for _, l := range looks {
		g.put(l)
	}
}

// put keeps l, dropping the file's look from any other package; a file that neither
// records nor reads is forgotten.
func (g *gateLooks) put(l project.GateLook) {
	for dir, files := range g.byPkg {
		if _, ok := files[l.Abs]; ok && dir != l.PkgDir {
			delete(files, l.Abs)
		}
	}
	if !l.Look.Weighs() {
		delete(g.byPkg[l.PkgDir], l.Abs)
		return
	}
	if g.byPkg[l.PkgDir] == nil {
		g.byPkg[l.PkgDir] = map[string]project.GateLook{}
	}
	g.byPkg[l.PkgDir][l.Abs] = l
}

// unrecordedIn reports whether some file of the package at pkgDir had its facts left
// unrecorded by the walk and not recorded since.
func (g *gateLooks) unrecordedIn(pkgDir string) bool {
	for _, l := range g.byPkg[pkgDir] {
		if l.Unrecorded {
			return true
		}
	}
	return false
}

// packageDir is the directory of p, as the gate's look names a package ("" for none).
func packageDir(p *pkginfo.Package) string {
	if p == nil {
		return ""
	}
	return p.Dir
}

// textChanged is told that the file at path, of the package at dir (packageDir: the
// caller has looked it up, as each lookup asks the file system), now has the text src
// (nil: as on disk, or in its open document) and is about to be judged with every
// rule, recording all its facts. It takes the file's new look, and judges again the
// files of its package whose facts the change makes read; the package's other
// judgements then follow their facts (recordJudged). It does nothing before a walk
// has gated.
func (s *Server) textChanged(path, dir string, src []byte) {
	// Not the caller's context: a judgement stopped halfway would leave facts unrecorded.
	ctx := context.Background()
	g := &s.idx.looks
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.byPkg == nil || !g.unrecordedIn(dir) {
		// No file of its package has facts waiting to be recorded, and none will until
		// the next walk (recorded facts stay, and the walk replaces every look): no look
		// of this file can change a decision, so a keystroke there pays for none.
		return
	}
	look, pkgDir, err := s.driver().Look(ctx, path, src)
	abs, absErr := filepath.Abs(path)
	if err != nil || absErr != nil { // gone or unreadable: it records and reads nothing now
		look, pkgDir = rules.RequestPathFile{}, ""
	}
	g.put(project.GateLook{Abs: abs, PkgDir: pkgDir, Look: look})
	files := g.byPkg[pkgDir]
	if len(files) == 0 {
		return
	}
	order := make([]string, 0, len(files))
	looks := make([]rules.RequestPathFile, 0, len(files))
	for p, l := range files {
		order = append(order, p)
		looks = append(looks, l.Look)
	}
	for j, read := range rules.RequestPathFactsRead(looks) {
		l := files[order[j]]
		if !read || !l.Unrecorded {
			continue
		}
		l.Unrecorded = false
		files[order[j]] = l
		s.log.Debug("facts now read: judged again", zap.String("file", l.Abs))
		s.recordJudged(s.driver().Judge(ctx, l.Abs, nil, s.facts))
	}
}
