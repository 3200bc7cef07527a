// Package workspace finds the JS/TS files of a project that nodecoach checks, skipping
// what is not the project's own code: dependencies, build output, declaration files and
// minified bundles.
package workspace

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// skippedDirs are never entered.
var skippedDirs = map[string]bool{
	"node_modules": true, "dist": true, "build": true, "coverage": true, ".git": true,
	".next": true, ".nuxt": true, ".turbo": true, ".cache": true,
}

// Skipped explains why a file given on the command line is not checked.
type Skipped struct {
	Path, Reason string
}

// Walk calls visit for every checkable file under each root (a file or a directory),
// in lexical order, honouring .gitignore files inside directory roots, and reports the
// files it skipped for a reason a user may want to know (a minified bundle, a FIFO),
// not the ordinary ones (node_modules). Links are not followed, and the files it reads
// itself (.gitignore, the start of a large file) are read within the roots.
func Walk(roots []string, visit func(path string), skipped func(Skipped)) error {
	return WalkWith(roots, nil, visit, skipped)
}

// Verdicts remember, across runs, whether a file looked like a minified bundle: a file
// unchanged since its verdict needs no second look at the length of its first lines
// (the walk's only read of a file). They also see what the walk learnt of each file.
// The walk lists directories on several goroutines, which ask them at the same time;
// each asks once per directory, not once per file: the lock a cache takes for each
// question was, a file at a time, where a warm run's walkers waited for each other.
type Verdicts interface {
	// Minified are the verdicts on files (a directory's, with their Lstat): for each,
	// the remembered one while its Lstat says the file is unchanged, else look's (look
	// is given the file's index), which it then remembers.
	Minified(files []FileStat, look func(i int) bool) []bool
	// Listed is told the regular files the walk lists in a directory, with their Lstat
	// (taken before anything read them), so that a run need not stat them again.
	Listed(files []FileStat)
	// Ready is closed once Minified answers without waiting (a cache's verdicts are
	// read): until then the walk lists other directories rather than ask.
	Ready() <-chan struct{}
	// Listing is told each directory the walk read whole, with the names of all its
	// entries (entered, skipped or ignored alike), sorted: what is not among them was
	// absent when the walk looked, which a run need not ask the system again.
	Listing(dir string, names []string)
}

// FileStat is a file the walk found, with its Lstat.
type FileStat struct {
	Path string
	Info fs.FileInfo
}

// WalkWith is Walk with the minified-bundle verdicts of verdicts (nil: every large
// file is looked at).
func WalkWith(roots []string, verdicts Verdicts, visit func(path string), skipped func(Skipped)) error {
	// A walk is one run over the files: each directory is checked for links once, and
	// the start of a large file is read without an Lstat of its own (safefs.Memo).
	within := safefs.NewRoots(roots...).Memo()
	minified := func(files []FileStat) []bool {
		look := func(i int) bool { return looksMinified(within, files[i].Path) }
		if verdicts != nil {
			return verdicts.Minified(files, look)
		}
		out := make([]bool, len(files))
		for i := range files {
			out[i] = look(i)
		}
		return out
	}
	for _, root := range roots {
		info, err := os.Stat(root)
		if err != nil {
			return err
		}
		if !info.IsDir() {
			if !info.Mode().IsRegular() {
				skipped(Skipped{Path: root, Reason: "not a regular file"})
				continue
			}
			reason, look := skipReasonBeforeLook(root, info)
			if reason == "" && look && minified([]FileStat{{root, info}})[0] {
				reason = minifiedBundle
			}
			if reason != "" {
				skipped(Skipped{Path: root, Reason: reason})
				continue
			}
			visit(root)
			continue
		}
		// .gitignore files apply to their directory and below: each directory is judged
		// by its ancestors' rules and its own (see walkTree). A root that is itself a
		// link is not entered (links are not followed), as filepath.WalkDir would not.
		linfo, err := os.Lstat(root)
		if err != nil {
			skipped(Skipped{Path: root, Reason: err.Error()})
			continue
		}
		if linfo.IsDir() {
			walkTree(root, &treeWalk{within: within, minified: minified, verdicts: verdicts, ready: readyOf(verdicts)}, visit, skipped)
		}
	}
	return nil
}

// readyOf is verdicts' Ready, and a closed channel for none.
func readyOf(verdicts Verdicts) <-chan struct{} {
	if verdicts != nil {
		return verdicts.Ready()
	}
	return AlwaysReady
}

// AlwaysReady is a channel closed from the start: the Ready of verdicts that never
// make the walk wait.
var AlwaysReady <-chan struct{} = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

const declarationFile = "a TypeScript declaration file"

// MaxFileSize bounds the files checked: past it a file is generated or bundled.
const MaxFileSize = 2 << 20

const minifiedBundle = "a minified bundle"

// skipReasonBeforeLook says why path, whose Lstat is info, is not checked ("" when
// nothing but a look at its start may tell), and whether its start must be looked at
// (a large file: it is then a minified bundle when it looks like one).
func skipReasonBeforeLook(path string, info fs.FileInfo) (reason string, look bool) {
	name, size := filepath.Base(path), info.Size()
	switch {
	case syntax.ForPath(path) == syntax.Unknown:
		return "not a JavaScript or TypeScript file", false
	case isDeclaration(name):
		return declarationFile, false
	case strings.Contains(name, ".min."):
		return minifiedBundle, false
	case size > MaxFileSize:
		return "larger than 2 MB", false
	}
	return "", size > 4096
}

// isDeclaration says whether name is a TypeScript declaration file's: types only,
// nothing to check.
func isDeclaration(name string) bool {
	return strings.HasSuffix(name, ".d.ts") || strings.HasSuffix(name, ".d.mts") || strings.HasSuffix(name, ".d.cts")
}

// looksMinified samples the start of a file: bundlers put thousands of characters on
// one line, hand-written code almost never does. Lines end as in JavaScript and LSP,
// at "\n", "\r\n" or a lone "\r" (source.Lines counts them): a file with old Mac line
// breaks is ordinary source, checked here as the editor shows it.
func looksMinified(roots *safefs.Roots, path string) bool {
	buf := samples.Get().(*[]byte)
	defer samples.Put(buf)
	n, err := roots.ReadHead(path, *buf)
	if err != nil {
		return false
	}
	return n/lineCount((*buf)[:n]) > 500
}

// samples are the buffers looksMinified reads into: half the files of a tree are
// over 4 KB, and a fresh 16 KB for each was most of what the walk allocated.
var samples = sync.Pool{New: func() any { b := make([]byte, 16<<10); return &b }}

// lineCount is source.NewLines(text).Count() without building the index: the breaks
// are every "\n", and every "\r" that is not the first half of a "\r\n".
func lineCount(text []byte) int {
	return 1 + bytes.Count(text, newline) + bytes.Count(text, carriageReturn) - bytes.Count(text, crlf)
}

var newline, carriageReturn, crlf = []byte("\n"), []byte("\r"), []byte("\r\n")
