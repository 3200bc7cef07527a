package project

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
)

// DefaultCacheName is where `check --cache` keeps its cache, in the current directory
// unless --cache-location names another file or a directory; the server keeps one in
// the user's cache directory per workspace.
const DefaultCacheName = ".nodecoachcache"

// CacheMagic opens every cache file: cacheFamily, then the layout's number, which
// changes with the layout, so a file of another layout reads as another version of a
// cache, not as a user's file.
const (
	cacheFamily = "nodecoach cache "
	CacheMagic  = cacheFamily + "17\n"
)

// The file is CacheMagic, the build's digest (buildDigest), the sections (see
// writeSection) of the walk's verdicts (appendVerdicts), then the entries' number (a
// gob message), their section (appendEntry) and the findings of those that have any
// (a gob message), then the sections of the package records (appendRecords) and the
// directory records (appendDirRecords), then the CRC-32C of everything before it: a
// torn or altered file fails it. The verdicts come first because the walk needs them
// while the rest is still being decoded (see OpenCache).
const digestSize = sha256.Size

// fileSum is the cache file's checksum. It finds accidental damage (a torn write, a
// changed byte); it is no seal, which no sum of an unkeyed file is (whoever can write
// the file can write its sum). CRC-32C, which the processor computes, replaced SHA-256,
// whose pass over a large tree's cache was a twentieth of a warm run, and which the walk
// waited for.
var fileSum = crc32.MakeTable(crc32.Castagnoli)

const fileSumSize = crc32.Size

type digest [digestSize]byte

// cacheEntry is what checking one file gave, valid while Inputs (its content, its
// configuration and its package facts) are the same.
type cacheEntry struct {
	Inputs digest
	// Content is the digest of the file's bytes, and Stamp what the system said of the
	// file just before they were read: while the file's stamp is the same, its content
	// is taken to be too, without reading it (see trusts).
	Content digest
	Stamp   stamp
	PkgDir  string
	Facts   []analysis.Fact // what the first pass found it establishes
	Again   bool            // its result depends on the other files' facts
	// Checked is false for a file that is excluded: it has no findings and no facts.
	Checked bool
	// Findings are its findings. When Again they are the second pass's, judged with
	// the other files' facts whose digest is Others, and only when Judged.
	Findings []analysis.Finding
	Judged   bool
	Others   digest
	// Look is what the facts gate read of the file (rules.EncodeRequestPathFile; nil
	// for an entry of a run without the gate), and FactsGated says its request-path
	// facts were not recorded: no file read them when it was judged (see factsGate).
	Look       []byte
	FactsGated bool
}

// Cache reuses, across runs, the results of files whose inputs are unchanged. A nil
// *Cache checks everything (its methods then only judge).
type Cache struct {
	path  string
	build digest
	log   func(msg string)
	// replace is false when the file at path is not a cache (a user's file named by
	// mistake): it is then neither trusted nor overwritten.
	replace bool

	mu      sync.Mutex
	entries map[string]*cacheEntry
	seen    map[string]bool
	dirty   bool
	others  map[string]digest // the digest of the other files' facts, per again file

	packages sync.Map // *pkginfo.Package → *digestOnce
	dirs     sync.Map // directory → *digestOnce of its surroundings

	// The package digests by manifest, with the files they were computed from, and the
	// walk's minified-bundle verdicts by file; each with what this run looked up.
	records      map[string]*packageRecord
	recordsSeen  map[string]bool
	verdicts     map[string]walkVerdict
	verdictsSeen map[string]bool
	// listed are the files the walk listed, by the path it gave (which the run is
	// given), with their stamps from its own Lstat: a file then costs one Lstat a run,
	// not two, and its absolute path is worked out once.
	listed map[string]listedFile
	// The surroundings digests by directory, for the run settings dirRecordsRun, with
	// what this run looked up; this run's settings digest; and which witnesses held,
	// asked once a run.
	dirRecords    map[string]*dirRecord
	dirRecordsRun digest
	dirsSeen      map[string]bool
	runOnce       sync.Once
	run           digest
	checks        witnessChecks
	verifying     *verification // the latest run's (see verificationOf)
	cwd           string
	reads         int // files read from the cache (tests)

	// The file is loaded while the walk lists the files: verdictsLoaded is closed once
	// the walk's verdicts are in (or there are none), loaded once everything is.
	verdictsLoaded, loaded chan struct{}
}

// digestOnce is computed once, however many workers need it first.
type digestOnce struct {
	once sync.Once
	d    digest
}

// OpenCache loads the cache at location (a file, or a directory to keep the default
// name in) for this build of nodecoach (version). What cannot be trusted is logged and
// ignored; nil means no cache at all (this build cannot be identified). The file is
// read and decoded on a goroutine of its own, which a warm run's walk overlaps (on a
// large tree each took a fifth of the run): the cache's methods wait for what they
// need of it.
func OpenCache(location, version string, log func(msg string)) *Cache {
	build, err := buildDigest(version)
	if err != nil {
		log(fmt.Sprintf("cache: cannot identify this build (%v); checking without a cache", err))
		return nil
	}
	path := location
	if info, err := os.Stat(location); (err == nil && info.IsDir()) || strings.HasSuffix(location, string(filepath.Separator)) {
		path = filepath.Join(location, DefaultCacheName)
	}
	cwd, err := os.Getwd()
	if err != nil {
		log(fmt.Sprintf("cache: %v; checking without a cache", err))
		return nil
	}
	c := &Cache{path: path, build: build, log: log, replace: true, cwd: cwd,
		entries: map[string]*cacheEntry{}, seen: map[string]bool{},
		records: map[string]*packageRecord{}, recordsSeen: map[string]bool{},
		verdicts: map[string]walkVerdict{}, verdictsSeen: map[string]bool{}, listed: map[string]listedFile{},
		dirRecords: map[string]*dirRecord{}, dirsSeen: map[string]bool{},
		verdictsLoaded: make(chan struct{}), loaded: make(chan struct{})}
	go c.load()
	return c
}

// buildDigest identifies the rules that produced a result: the version and, for a
// build from a clean checkout, its revision; otherwise (a development build, whose
// rules may have changed at the same revision) the executable's Go build ID, whose
// last part is the hash of the executable's content, or, where it cannot be read,
// the executable's own bytes (hashing 20 MB was a tenth of a warm run).
func buildDigest(version string) (digest, error) {
	h := sha256.New()
	io.WriteString(h, CacheMagic+version+"\x00")
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" && modified == "false" {
			io.WriteString(h, rev)
			return sum(h), nil
		}
	}
	exe, err := os.Executable()
	if err != nil {
		return digest{}, err
	}
	if id := goBuildID(exe); id != "" {
		io.WriteString(h, "build id "+id)
		return sum(h), nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return digest{}, err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return digest{}, err
	}
	return sum(h), nil
}

func sum(h hash.Hash) digest {
	var d digest
	h.Sum(d[:0])
	return d
}

// load reads the cache file; a missing one is an empty cache, anything else that
// cannot be trusted is said on stderr and ignored.
func (c *Cache) load() {
	verdictsIn := false
	defer func() {
		if !verdictsIn {
			close(c.verdictsLoaded)
		}
		close(c.loaded)
	}()
	payload := c.readChecked()
	if payload == nil {
		return
	}
	c.sizeListed(len(payload))
	in := bytes.NewReader(payload)
	var verdicts map[string]walkVerdict
	section, err := readSection(in, payload)
	if err == nil {
		verdicts, err = readVerdicts(section)
	}
	if err != nil {
		c.ignore("corrupt (%v); rebuilding it", err)
		return
	}
	c.mu.Lock()
	c.verdicts = verdicts
	// Sized for this run's files, as c.seen below: the walk asks of most of them.
	c.verdictsSeen = grown(c.verdictsSeen, len(verdicts))
	c.mu.Unlock()
	// The walk may go on. The verdicts passed the file's sum, so they stand even if a
	// later section fails to decode (which the sum makes all but impossible).
	verdictsIn = true
	close(c.verdictsLoaded)
	dec := gob.NewDecoder(in)
	entries, err := decodeEntries(dec, in, payload)
	var (
		records map[string]*packageRecord
		dirsRun digest
		table   []witness
		dirs    map[string]*dirRecord
	)
	if err == nil {
		if section, err = readSection(in, payload); err == nil {
			records, err = readRecords(section)
		}
	}
	if err == nil {
		if section, err = readSection(in, payload); err == nil {
			dirsRun, table, dirs, err = readDirRecords(section)
		}
	}
	if err == nil && in.Len() != 0 {
		err = errSection
	}
	if err != nil {
		c.ignore("corrupt (%v); rebuilding it", err)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	// Sized for this run's files, which are mostly the last one's: growing the maps
	// one file at a time was a tenth of a warm run's map work.
	c.seen = make(map[string]bool, len(entries))
	c.dirsSeen = make(map[string]bool, len(dirs))
	c.entries, c.records = entries, records
	c.dirRecords, c.dirRecordsRun = dirs, dirsRun
	c.checks.load(table)
}

// bytesPerFile is a little less than what a file's entry, verdict and stamps take in a
// cache file (432 bytes on the big benchmark tree): a file of n bytes was written by a
// run of about n/bytesPerFile files, rather more than fewer, since a map sized short
// grows near its end (at 512, a warm run of that tree took 3 % more time).
const bytesPerFile = 400

// sizeListed makes room in c.listed for the files of a run like the one that wrote a
// cache payload of n bytes: the walk tells Listed of each file it lists while the file
// is read, and growing the map one file at a time was a twentieth of a warm run.
func (c *Cache) sizeListed(n int) {
	c.mu.Lock()
	c.listed = grown(c.listed, n/bytesPerFile)
	c.mu.Unlock()
}

// grown is m, or a copy of it with room for n keys when it has fewer than half of them.
func grown[V any](m map[string]V, n int) map[string]V {
	if len(m) >= n/2 {
		return m
	}
	out := make(map[string]V, n)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// readChecked reads the cache file whole and checks its head and its sum; it returns
// the file's payload, or nil when there is nothing to trust (said through ignore). The
// payload is kept for the run and never written to: the entries are read in place
// (see readEntries).
func (c *Cache) readChecked() []byte {
	info, err := os.Lstat(c.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		c.ignore("%v", err)
		return nil
	case !info.Mode().IsRegular():
		c.refuse("not a regular file; it is left as it is")
		return nil
	}
	f, err := os.Open(c.path)
	if err != nil {
		c.ignore("%v", err)
		return nil
	}
	defer f.Close()
	// Of the descriptor opened, which a concurrent run's rename does not change.
	if info, err = f.Stat(); err != nil {
		c.ignore("%v", err)
		return nil
	}
	// Summed a piece at a time as it is read, while the piece is in the processor's
	// cache: summing the whole file after reading it read it from memory again.
	file := make([]byte, info.Size())
	end := max(len(file)-fileSumSize, 0)
	var crc uint32
	n := 0
	for n < len(file) {
		m, err := f.Read(file[n:min(n+readPiece, len(file))])
		crc = crc32.Update(crc, fileSum, file[min(n, end):min(n+m, end)])
		n += m
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.ignore("%v", err)
			return nil
		}
	}
	if n < len(file) { // shorter than it was a moment ago: summed as it is
		file = file[:n]
		crc = crc32.Checksum(file[:max(n-fileSumSize, 0)], fileSum)
	}
	return c.checkHeadAndSum(file, crc)
}

// readPiece is how much of a cache file is read, and summed, at a time.
const readPiece = 256 << 10

// checkHeadAndSum gives file's payload when its head and sum are this build's, else
// nil (said through ignore or refuse); crc is the sum of all of file but its last
// fileSumSize bytes. Nothing is decoded from a file that fails it.
func (c *Cache) checkHeadAndSum(file []byte, crc uint32) []byte {
	headSize := len(CacheMagic) + digestSize
	magic := file[:min(len(file), len(CacheMagic))]
	switch {
	case !strings.HasPrefix(cacheFamily, string(magic[:min(len(magic), len(cacheFamily))])):
		// Not even the start of a cache: a user's file, which is never overwritten.
		c.refuse("not a nodecoach cache; it is left as it is (delete it or choose another --cache-location)")
		return nil
	case len(file) < headSize:
		c.ignore("truncated; rebuilding it")
		return nil
	case string(magic) != CacheMagic:
		c.ignore("written by another version of nodecoach; rebuilding it")
		return nil
	case !bytes.Equal(file[len(CacheMagic):headSize], c.build[:]):
		c.ignore("written by another build of nodecoach; rebuilding it")
		return nil
	case len(file) < headSize+fileSumSize:
		c.ignore("truncated; rebuilding it")
		return nil
	}
	end := len(file) - fileSumSize
	if binary.BigEndian.Uint32(file[end:]) != crc {
		c.ignore("corrupt (its checksum does not match); rebuilding it")
		return nil
	}
	return file[headSize:end:end]
}

func (c *Cache) ignore(format string, a ...any) {
	c.log(fmt.Sprintf("warning: cache %s: ignored: %s", c.path, fmt.Sprintf(format, a...)))
	c.mu.Lock()
	c.dirty = true // whatever is there is replaced by a sound file, when it may be
	c.mu.Unlock()
}

// refuse is ignore for a file that is no cache: it is then neither trusted nor
// overwritten.
func (c *Cache) refuse(why string) {
	c.mu.Lock()
	c.replace = false
	c.mu.Unlock()
	c.ignore("%s", why)
}

// first gives the first pass's result for path: the stored one when its inputs are
// unchanged, else a fresh judgement, which is stored. A file whose stamp is the one
// stored is not read at all, unless it has findings (their positions need its text).
// With a gate (see factsGate), a fresh file that would record request-path facts, and
// a stored one whose entry lacks them, are left for later (Cache.later).
func (c *Cache) first(ctx context.Context, d *Driver, path string, gate *factsGate, i int) FileResult {
	if c == nil {
		if gate == nil {
			return d.Judge(ctx, path, nil, nil)
		}
		return d.judge(ctx, path, nil, nil, gate.look(d.absolute(path), i))
	}
	<-c.loaded
	abs, listed := c.located(path)
	e, fresh, readable := c.recall(d, path, abs, listed, gate != nil)
	if !readable {
		return d.Judge(ctx, path, nil, nil) // unreadable: which reports the error, as without a cache
	}
	if e != nil && gate != nil {
		look, err := rules.DecodeRequestPathFile(abs, e.Look)
		if err != nil { // a sound file holds none such: judged afresh all the same
			e = nil
		} else if gate.told(i, look, e.PkgDir); e.FactsGated {
			gate.hold(i, e)
			return FileResult{Path: path, Later: true}
		}
	}
	if e != nil {
		return c.stored(d, path, abs, e, fresh.src)
	}
	var narrow narrowing
	if gate != nil {
		narrow = gate.look(abs, i)
	}
	r := d.judge(ctx, path, fresh.src, nil, narrow)
	if r.Later {
		kept := fresh  // a copy, so that fresh itself stays on the stack
		kept.src = nil // read again when judged: thousands held at once made a large tree's peak
		gate.keyed(i, &kept)
		return r
	}
	var look []byte
	if gate != nil {
		look = rules.EncodeRequestPathFile(gate.files[i])
	}
	c.store(abs, &fresh, r, look, false)
	return r
}

// freshFile is what a new entry of a file is keyed by, and the text read to learn it
// (nil when the stamp vouched for the content).
type freshFile struct {
	inputs, content digest
	stamp           stamp
	src             []byte
}

// recall is the stored entry of abs that is valid for this run, nil when there is none,
// and what an entry of the file is keyed by now; readable is false when the file cannot
// be read. An entry is valid while its inputs are the same and it has what the run
// needs: a gated run the gate's look, a run without the gate every fact. listed is the
// walk's stamp of the file (see located). The freshFile is a value, not a pointer:
// one on the heap for each file was memory every warm run touched afresh.
func (c *Cache) recall(d *Driver, path, abs string, listed stamp, gated bool) (e *cacheEntry, fresh freshFile, readable bool) {
	c.mu.Lock()
	c.seen[abs] = true
	e = c.entries[abs]
	c.mu.Unlock()
	fresh.stamp = d.stamp(abs, listed)
	if e != nil && c.trusts(e, fresh.stamp) {
		fresh.content = e.Content
	} else {
		var err error
		if fresh.src, err = d.ReadFile(path); err != nil {
			return nil, fresh, false
		}
		fresh.content = sha256.Sum256(fresh.src)
		ContentReads.Add(1)
	}
	fresh.inputs = c.inputs(d, abs, fresh.content)
	c.mu.Lock()
	defer c.mu.Unlock()
	if e != nil && (e.Inputs != fresh.inputs || gated && e.Look == nil || !gated && e.FactsGated) {
		if e.Inputs != fresh.inputs {
			delete(c.entries, abs) // stale: an entry present is always this run's file
			c.dirty = true
		}
		e = nil
	}
	if e != nil {
		c.reads++
		if !c.trusts(e, fresh.stamp) {
			// Read again and unchanged (touched, or too recent to trust before): the
			// new stamp spares the next run the read. A new entry: a reader may hold e.
			// (A trusted stamp is kept: only when it was taken differs, and writing
			// that down rewrote the whole cache on every warm run.)
			restamped := *e
			restamped.Stamp = fresh.stamp
			e = &restamped
			c.entries[abs], c.dirty = e, true
		}
	}
	return e, fresh, true
}

// stored is the first pass's result of path from its entry e; src is its text when it
// was read.
func (c *Cache) stored(d *Driver, path, abs string, e *cacheEntry, src []byte) FileResult {
	r := FileResult{Path: path, Abs: abs, PkgDir: e.PkgDir, Src: src, Checked: e.Checked, Facts: e.Facts,
		Again: e.Again, Cached: true}
	if !e.Again {
		r.Findings = e.Findings
		r.readForFindings(d)
	}
	return r
}

// readForFindings reads the text of r's file, not read yet, when it has findings, whose
// positions need it; they are dropped when it cannot be read.
func (r *FileResult) readForFindings(d *Driver) {
	if len(r.Findings) > 0 && r.Src == nil {
		if r.Src, r.Err = d.ReadFile(r.Path); r.Err != nil {
			r.Findings = nil
		}
	}
}

// store keeps r, the first pass's fresh result of abs, as its entry; look is what the
// gate read of it, and gated says its request-path facts were not recorded. A result
// that is not the file's own (an error, a file skipped) is not kept.
func (c *Cache) store(abs string, fresh *freshFile, r FileResult, look []byte, gated bool) {
	if r.Err != nil || r.Skipped != "" {
		return
	}
	e := &cacheEntry{Inputs: fresh.inputs, Content: fresh.content, Stamp: fresh.stamp, PkgDir: r.PkgDir, Facts: r.Facts,
		Again: r.Again, Checked: r.Checked, Look: look, FactsGated: gated}
	if !r.Again {
		e.Findings = r.Findings
	}
	c.mu.Lock()
	c.entries[abs], c.dirty = e, true
	c.mu.Unlock()
}

// later gives the result of file i, left for later by the gate, once the gate has
// decided whose facts are read: a stored entry without its facts stands while they
// are still not read, else the file is judged again with them; a fresh file is
// judged as the gate decided, and stored saying whether its facts were recorded.
func (c *Cache) later(ctx context.Context, d *Driver, path string, gate *factsGate, i int) FileResult {
	if c == nil {
		return gate.judgeLater(ctx, d, path, nil, i)
	}
	abs := c.abs(path)
	if e := gate.held[i]; e != nil {
		if !gate.read[i] {
			return c.stored(d, path, abs, e, nil)
		}
		src, err := d.ReadFile(path)
		if err != nil {
			return d.Judge(ctx, path, nil, nil)
		}
		r := d.Judge(ctx, path, src, nil)
		if content := sha256.Sum256(src); content == e.Content { // else it changed meanwhile: the next run sees it
			c.store(abs, &freshFile{inputs: e.Inputs, content: content, stamp: e.Stamp}, r, e.Look, false)
		}
		return r
	}
	fresh := gate.fresh[i]
	if gate.unparsed(i) {
		r := gate.judgeLater(ctx, d, path, nil, i)
		c.store(abs, fresh, r, rules.EncodeRequestPathFile(gate.files[i]), true)
		return r
	}
	src, err := d.ReadFile(path)
	if err != nil {
		return d.Judge(ctx, path, nil, nil)
	}
	r := gate.judgeLater(ctx, d, path, src, i)
	if gate.unchanged(i, src) { // else it changed since its look: the next run sees it
		c.store(abs, fresh, r, rules.EncodeRequestPathFile(gate.files[i]), !gate.read[i])
	}
	return r
}

// ContentReads counts the files the cache read to learn their content since the
// process started: tests see with it which files a stamp vouched for.
var ContentReads atomic.Int64

// Reads is how many files this run answered from the cache.
func (c *Cache) Reads() int {
	if c == nil {
		return 0
	}
	<-c.loaded
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads
}

// factsKnown is told every file's first result: the second pass of a file is reused
// only while the facts of the other files of its package are those it was judged with.
func (c *Cache) factsKnown(results []firstResult) {
	if c == nil {
		return
	}
	<-c.loaded
	byPackage := map[string][]*firstResult{}
	for i := range results {
		if r := &results[i]; r.pkgDir != "" && len(r.facts) > 0 {
			byPackage[r.pkgDir] = append(byPackage[r.pkgDir], r)
		}
	}
	for _, rs := range byPackage {
		sort.Slice(rs, func(i, j int) bool { return rs[i].abs < rs[j].abs })
	}
	c.others = map[string]digest{}
	var buf []byte
	for _, r := range results {
		if !r.again {
			continue
		}
		// Names and places both: a finding points at the other file's fact.
		h := sha256.New()
		if r.pkgDir != "" {
			for _, o := range byPackage[r.pkgDir] {
				if o.abs == r.abs {
					continue
				}
				buf = append(append(buf[:0], o.abs...), 0)
				for _, f := range o.facts {
					buf = appendFact(buf, f)
				}
				h.Write(buf)
			}
		}
		c.others[r.abs] = sum(h)
	}
}

// appendFact appends what identifies a fact to buf: its name and place (formatting
// them with fmt was a tenth of a warm run on a large tree).
func appendFact(buf []byte, f analysis.Fact) []byte {
	w := f.Where
	buf = append(append(buf, f.Name...), 0)
	buf = append(append(buf, w.Path...), 0)
	for _, n := range [...]int{w.Line, w.EndLine, w.Col8, w.EndCol8, w.Col16, w.EndCol16} {
		buf = binary.AppendVarint(buf, int64(n))
	}
	return buf
}

// second gives the findings of a file whose result depends on the other files' facts:
// the stored ones when those facts are unchanged, else a fresh judgement with facts.
func (c *Cache) second(ctx context.Context, d *Driver, path string, first firstResult, facts *analysis.FactIndex) FileResult {
	if c == nil {
		return d.Judge(ctx, path, nil, facts)
	}
	<-c.loaded
	others := c.others[first.abs]
	c.mu.Lock()
	e := c.entries[first.abs]
	c.mu.Unlock()
	if e != nil && e.Judged && e.Others == others {
		r := FileResult{Path: path, Abs: first.abs, PkgDir: e.PkgDir, Checked: e.Checked,
			Findings: e.Findings, Facts: e.Facts, Again: true, Cached: true}
		r.readForFindings(d)
		return r
	}
	r := d.Judge(ctx, path, nil, facts)
	if r.Err != nil || r.Skipped != "" || e == nil {
		return r
	}
	c.mu.Lock()
	// A new entry, not an edit of e: a concurrent reader may hold e.
	judged := *e
	judged.Findings, judged.Judged, judged.Others = r.Findings, true, others
	c.entries[first.abs], c.dirty = &judged, true
	c.mu.Unlock()
	return r
}

// keepFirst gives the first result of a file the fact pass spares (see spared) as its
// final one, and stores it as judged with this run's facts of the other files.
func (c *Cache) keepFirst(d *Driver, path string, first firstResult) FileResult {
	r := FileResult{Path: path, Abs: first.abs, PkgDir: first.pkgDir, Checked: first.checked,
		Findings: first.findings, Facts: first.facts, Again: true}
	r.readForFindings(d)
	if c == nil || r.Err != nil {
		return r
	}
	<-c.loaded
	c.mu.Lock()
	if e := c.entries[first.abs]; e != nil {
		judged := *e // a new entry: a concurrent reader may hold e
		judged.Findings, judged.Judged, judged.Others = first.findings, true, c.others[first.abs]
		c.entries[first.abs], c.dirty = &judged, true
	}
	c.mu.Unlock()
	return r
}

// inputs is the digest of everything a file's first result depends on besides the
// build: its path and content (content's digest), its configuration and its package facts.
// They are summed from one buffer on the stack, the path ended by a NUL (which no path
// holds): a hash and a quoted path on the heap for each file were a tenth of the memory
// a warm run touches.
func (c *Cache) inputs(d *Driver, abs string, content digest) digest {
	around := c.surroundings(d, abs)
	var stack [320]byte
	buf := append(stack[:0], abs...)
	buf = append(buf, 0)
	buf = append(buf, content[:]...)
	return sha256.Sum256(append(buf, around[:]...))
}

// surroundings is the digest of a file's configuration and package facts. Both are
// found from the file's directory, so they are worked out once per directory, and
// from the directory's record while the files they came from are unchanged.
func (c *Cache) surroundings(d *Driver, abs string) digest {
	dir := filepath.Dir(abs)
	o := onceFor(&c.dirs, dir)
	o.once.Do(func() { o.d = c.stampedSurroundings(d, dir, abs) })
	return o.d
}

// onceFor is m's digestOnce of key, stored when there is none yet. It is looked up
// before one is made: making one for every file of a directory, to store one, was
// memory every warm run touched afresh.
func onceFor(m *sync.Map, key any) *digestOnce {
	if v, ok := m.Load(key); ok {
		return v.(*digestOnce)
	}
	v, _ := m.LoadOrStore(key, &digestOnce{})
	return v.(*digestOnce)
}

// dependencySections are the package.json sections whose names pkginfo resolves to
// versions (installed, locked or declared).
var dependencySections = []string{"dependencies", "devDependencies", "peerDependencies", "optionalDependencies"}

// packageDigest covers what a rule can learn of the package: its package.json as
// written, and the version pkginfo gives each dependency it declares, which also
// reflects the lockfile and node_modules.
func (c *Cache) packageDigest(d *Driver, pkg *pkginfo.Package) digest {
	if pkg == nil {
		return digest{}
	}
	p := onceFor(&c.packages, pkg)
	p.once.Do(func() { p.d = c.stampedPackageDigest(d.Roots, pkg) })
	return p.d
}

// packageDigest reads pkg's manifest and looks up its dependencies' versions, telling
// looks (when not nil) of every other file the lookups looked for and found.
func packageDigest(roots *safefs.Roots, pkg *pkginfo.Package, looks *pkginfo.Looks) digest {
	h := sha256.New()
	fmt.Fprintf(h, "%q\x00", pkg.Manifest)
	data, _, err := roots.ReadFile(pkg.Manifest, safefs.ManifestLimit)
	if err != nil {
		fmt.Fprintf(h, "unreadable: %v", err)
	}
	h.Write(data)
	var manifest map[string]json.RawMessage
	_ = json.Unmarshal(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), &manifest)
	var deps []string
	for _, section := range dependencySections {
		var names map[string]json.RawMessage
		if json.Unmarshal(manifest[section], &names) == nil {
			for name := range names {
				deps = append(deps, name)
			}
		}
	}
	sort.Strings(deps)
	for _, dep := range deps {
		fmt.Fprintf(h, "\x00%q=%+v", dep, pkg.VersionFrom(dep, looks))
	}
	return sum(h)
}

// Save writes the cache when this run changed it, dropping the entries of files that
// no longer exist. It writes a temporary file beside it and renames it into place, so
// a run killed meanwhile leaves the old file whole, and of two concurrent runs the
// last one's cache stands.
func (c *Cache) Save() { c.SaveContext(context.Background()) }

// SaveContext is Save, given up when ctx is done (the server shutting down): the
// temporary file is removed, and the file in place is left as it was.
func (c *Cache) SaveContext(ctx context.Context) {
	if c == nil {
		return
	}
	<-c.loaded
	if !c.replace || ctx.Err() != nil {
		return
	}
	c.dirty = dropGone(c.entries, c.seen) || c.dirty
	c.dirty = dropGone(c.verdicts, c.verdictsSeen) || c.dirty
	c.dirty = dropGone(c.records, c.recordsSeen) || c.dirty
	c.dirty = dropGone(c.dirRecords, c.dirsSeen) || c.dirty
	if !c.dirty {
		return
	}
	write := func(w io.Writer) error { return c.encode(contextWriter{ctx, w}) }
	if err := writeAtomically(c.path, write); err != nil && ctx.Err() == nil {
		c.log(fmt.Sprintf("warning: cache %s: not written: %v", c.path, err))
	}
}

// dropGone deletes from m the files this run did not see (they may be another
// directory's, checked by another run) that no longer exist, and says whether it did.
func dropGone[V any](m map[string]V, seen map[string]bool) bool {
	dropped := false
	for abs := range m {
		if seen[abs] {
			continue
		}
		if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
			delete(m, abs)
			dropped = true
		}
	}
	return dropped
}

// encode writes the cache file's content to w, entry by entry, and its sum.
func (c *Cache) encode(w io.Writer) error {
	h := crc32.New(fileSum)
	both := io.MultiWriter(w, h)
	io.WriteString(both, CacheMagic)
	both.Write(c.build[:])
	enc := gob.NewEncoder(both)
	if err := writeSection(both, appendVerdicts(nil, c.verdicts)); err != nil {
		return err
	}
	if err := encodeEntries(enc, both, c.entries); err != nil {
		return err
	}
	if err := writeSection(both, appendRecords(nil, c.records)); err != nil {
		return err
	}
	if err := writeSection(both, c.appendDirRecords(nil)); err != nil {
		return err
	}
	_, err := w.Write(h.Sum(nil))
	return err
}

// contextWriter fails its writes once ctx is done.
type contextWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c contextWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// writeAtomically replaces path with what write writes, through a temporary file in
// its directory.
func writeAtomically(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	buffered := bufio.NewWriterSize(tmp, 64<<10)
	err = write(buffered)
	if err == nil {
		err = buffered.Flush()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}
