package workspace

import (
	"path/filepath"
	"slices"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/cores"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// A directory walk is made of system calls (one directory read, one Lstat per source
// file), so it lists directories on several goroutines at once, which overlap them,
// and gives its results in the order filepath.WalkDir would: each directory's entries
// by name, a subdirectory's files where its name sorts. What it tells visit and
// skipped comes from the calling goroutine only, in that order; the Verdicts are
// asked from the listing goroutines.

// listed is one directory's results, complete once done is closed.
type listed struct {
	path, rel string
	rules     []ignoreRule // its own .gitignore's on top of its ancestors'
	done      chan struct{}
	events    []walkEvent
	// files are its regular files to tell Verdicts.Listed (none without them), and
	// asked (at askedAt among the events) those that wait for their minified
	// verdicts, until settled.
	files, asked []FileStat
	askedAt      []int
}

// walkEvent is one result of a directory, in the order it is told.
type walkEvent struct {
	visit string   // a file to check
	skip  *Skipped // a file or directory passed over with a reason to tell
	sub   *listed  // a subdirectory, whose results come here
}

// treeWalk lists the directories of one walk root.
type treeWalk struct {
	within   *safefs.Roots
	minified func(files []FileStat) []bool
	verdicts Verdicts

	// ready is closed once the verdicts answer without waiting (see Verdicts.Ready).
	ready <-chan struct{}

	mu      sync.Mutex
	wake    *sync.Cond
	queue   []*listed
	waiting []*listed // listed, their minified verdicts not ready when asked
	pending int       // directories queued, being listed or waiting
}

// listingWorkers: more than the cores, so that a goroutine in a system call (which
// holds its thread) leaves the cores to the others.
func listingWorkers() int { return 2 * cores.Workers() }

// walkTree walks the directory root as WalkWith describes.
func walkTree(root string, w *treeWalk, visit func(path string), skipped func(Skipped)) {
	w.wake = sync.NewCond(&w.mu)
	top := &listed{path: root, rel: ".", done: make(chan struct{})}
	w.push(top)
	var workers sync.WaitGroup
	for range listingWorkers() {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for {
				d, waited := w.next()
				switch {
				case d != nil:
					if w.list(d) {
						w.finished(1)
					}
				case waited != nil:
					<-w.ready
					for _, d := range waited {
						w.settle(d)
					}
					w.finished(len(waited))
				default:
					return
				}
			}
		}()
	}
	tell(top, visit, skipped)
	workers.Wait()
}

// tell gives d's results, and its subdirectories' in their places, as they complete.
func tell(d *listed, visit func(string), skipped func(Skipped)) {
	<-d.done
	for _, e := range d.events {
		switch {
		case e.sub != nil:
			tell(e.sub, visit, skipped)
		case e.skip != nil:
			skipped(*e.skip)
		default:
			visit(e.visit)
		}
	}
}

func (w *treeWalk) push(d *listed) {
	w.mu.Lock()
	w.queue = append(w.queue, d)
	w.pending++
	w.mu.Unlock()
	w.wake.Signal()
}

// next is what a listing goroutine does next: the directories waiting for their
// verdicts once they are ready or nothing else is left to list (it then waits for
// them), else the directory queued last (depth first, so the results told first are
// ready first); neither once every directory is done.
func (w *treeWalk) next() (d *listed, waited []*listed) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.queue) == 0 && len(w.waiting) == 0 && w.pending > 0 {
		w.wake.Wait()
	}
	if len(w.waiting) > 0 && (len(w.queue) == 0 || w.isReady()) {
		waited, w.waiting = w.waiting, nil
		return nil, waited
	}
	if len(w.queue) == 0 {
		return nil, nil
	}
	d = w.queue[len(w.queue)-1]
	w.queue = w.queue[:len(w.queue)-1]
	return d, nil
}

func (w *treeWalk) isReady() bool {
	select {
	case <-w.ready:
		return true
	default:
		return false
	}
}

// finished counts n directories done.
func (w *treeWalk) finished(n int) {
	w.mu.Lock()
	w.pending -= n
	last := w.pending == 0
	w.mu.Unlock()
	if last {
		w.wake.Broadcast()
	}
}

// list reads directory d and judges its entries; a subdirectory to enter is queued.
// It says whether d is done: not when its large files' minified verdicts are not
// ready yet (a warm run's cache is still being read), for which a listing goroutine
// does not wait while there are directories to list; d then waits (see next).
func (w *treeWalk) list(d *listed) (done bool) {
	tellSkip := func(s Skipped) { d.events = append(d.events, walkEvent{skip: &s}) }
	dir, entries, err := readDir(d.path)
	defer closeDir(dir)
	if dir >= 0 && d.rel != "." {
		// Found a directory in its parent's listing, opened as one without following
		// a link: the files read in it (.gitignore, a large file's start) need no
		// check of the names above them.
		w.within.Entered(d.path)
	}
	// As WalkDir: the directory's .gitignore is read before its entries are told, and
	// a directory that cannot be read is told after it; what it listed is still walked.
	// A directory listed without one has no .gitignore to read.
	if err != nil || slices.ContainsFunc(entries, func(e dirEntry) bool { return e.name == ".gitignore" }) {
		d.rules = append(slices.Clip(d.rules), readGitignore(w.within, d.path, d.rel, tellSkip)...)
	}
	if err != nil {
		tellSkip(Skipped{Path: d.path, Reason: err.Error()})
	} else if w.verdicts != nil {
		names := make([]string, len(entries))
		for i, e := range entries {
			names[i] = e.Name()
		}
		w.verdicts.Listing(d.path, names)
	}
	// The events and files are sized once for the entries that may become one:
	// grown an entry at a time, they were the most of what the walk allocated.
	candidates := 0
	for _, e := range entries {
		if mayCheck(e) {
			candidates++
		}
	}
	d.events = slices.Grow(d.events, candidates)
	if w.verdicts != nil {
		d.files = make([]FileStat, 0, candidates)
	}
	// The files over 4 KB wait for their minified verdicts, asked once for the whole
	// directory, in the events' places they will take.
	for _, e := range entries {
		if !mayCheck(e) {
			continue // symlinks are not followed out of the tree
		}
		name := e.Name()
		path := filepath.Join(d.path, name)
		rel := name // what the .gitignore rules match, and a subdirectory's own
		if d.rel != "." && (e.IsDir() || len(d.rules) > 0) {
			rel = d.rel + "/" + name
		}
		if e.IsDir() {
			if skippedDirs[name] || ignored(d.rules, rel, true) {
				continue
			}
			sub := &listed{path: path, rel: rel, rules: d.rules, done: make(chan struct{})}
			d.events = append(d.events, walkEvent{sub: sub})
			w.push(sub)
			continue
		}
		// A declaration file is passed over silently, whatever it is: told by its name
		// before an Lstat (a package's types are often a tenth of its files).
		if isDeclaration(name) || ignored(d.rules, rel, false) {
			continue
		}
		info, err := lstatIn(dir, name, path)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		reason, look := skipReasonBeforeLook(path, info)
		if reason != "" {
			if reason != declarationFile {
				tellSkip(Skipped{Path: path, Reason: reason})
			}
			continue
		}
		if look {
			d.asked, d.askedAt = append(d.asked, FileStat{path, info}), append(d.askedAt, len(d.events))
		} else if w.verdicts != nil {
			d.files = append(d.files, FileStat{path, info})
		}
		d.events = append(d.events, walkEvent{visit: path})
	}
	if len(d.asked) > 0 && !w.isReady() {
		w.mu.Lock()
		w.waiting = append(w.waiting, d)
		w.mu.Unlock()
		w.wake.Signal()
		return false
	}
	w.settle(d)
	return true
}

// mayCheck says whether an entry may be entered or checked: a directory, or a
// regular file named as JavaScript or TypeScript (a link is not followed).
func mayCheck(e dirEntry) bool {
	return e.IsDir() || e.Type().IsRegular() && syntax.ForPath(e.name) != syntax.Unknown
}

// settle gives d's large files their minified verdicts, tells Verdicts.Listed its
// files, and makes its results complete.
func (w *treeWalk) settle(d *listed) {
	if len(d.asked) > 0 {
		for i, minified := range w.minified(d.asked) {
			if minified {
				d.events[d.askedAt[i]] = walkEvent{skip: &Skipped{Path: d.asked[i].Path, Reason: minifiedBundle}}
			} else if w.verdicts != nil {
				d.files = append(d.files, d.asked[i])
			}
		}
	}
	if w.verdicts != nil && len(d.files) > 0 {
		w.verdicts.Listed(d.files)
	}
	d.files, d.asked, d.askedAt = nil, nil, nil
	close(d.done)
}
