// Package project is the one workspace driver of `nodecoach check` and of the language
// server's index: which files are checked (discovery and exclusions), the
// configuration and package facts in force for each, the analysis of every file on
// all cores, the fact pass that judges again the files whose findings depend on the
// rest of their package, and the persistent cache of those results. The CLI and the
// server differ only in what they do with each file's result, so the same file gives
// the same findings in both.
package project

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/config"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/safefs"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// Driver checks the files of one workspace. Its fields are set once, before the first
// use; it is then safe for concurrent use.
type Driver struct {
	Packages *pkginfo.Store
	Configs  *config.Store
	// Explicit replaces the configuration files found (check --config); nil: the
	// nearest one applies.
	Explicit *config.Config
	// Override goes on top of either (check --rule, the editor's settings); nil or
	// returning nil: nothing.
	Override func() *config.Config
	Rules    []*analysis.Rule
	// Roots confine every read: a link out of them is not followed.
	Roots *safefs.Roots
	// MaxFileSize bounds the files read (nil: workspace.MaxFileSize).
	MaxFileSize func() int64
	// Overlay gives the text a file has in the editor when it differs from the disk
	// (an open document): that text is the file's content for the driver.
	Overlay func(abs string) ([]byte, bool)
	// ParseOnly parses and runs nothing: the floor the benchmark compares check to.
	ParseOnly bool
	// Stats, when set, counts each parse and the rules that asked for it.
	Stats *ParseStats
	// Log receives what was skipped and why, one sentence without a prefix.
	Log func(msg string)

	// kept are the trees a run keeps for their second judgement; nil outside a run.
	kept *keptTrees
	// lookups keeps, during one run, each directory's configuration lookup (keyed by
	// the directory, see lookup), its package (keyed by packageKey, see packageOf) and
	// its analysis options (optionsKey, see options); nil outside a run.
	lookups *sync.Map
	// beginLookup, when set, is told of each directory before the stores are first
	// asked of it in a run (see verification).
	beginLookup func(dir string)
}

// Judgements counts the files analysed (not answered from a cache) since the process
// started: tests see with it what a cache saved.
var Judgements atomic.Int64

// Parses counts the files parsed since the process started, for the same tests.
var Parses atomic.Int64

// Settings is the configuration in force for abs: Explicit, else the nearest one,
// with Override on top (nil: the defaults). The cache keys results by it.
func (d *Driver) Settings(abs string) *config.Config {
	cfg, _, _ := d.settingsFrom(abs)
	return cfg
}

// settingsFrom is Settings with the configuration files it looked at and whether its
// answer may be remembered by their stamps (see config.Store.Lookup).
func (d *Driver) settingsFrom(abs string) (cfg *config.Config, consulted []string, clean bool) {
	return d.settingsWith(abs, d.override())
}

// settingsWith is settingsFrom with the override o (nil: none).
func (d *Driver) settingsWith(abs string, o *config.Config) (cfg *config.Config, consulted []string, clean bool) {
	cfg, clean = d.Explicit, true
	var found *configLookup
	if cfg == nil {
		found = d.lookup(abs)
		cfg, consulted, clean = found.cfg, slices.Clip(found.consulted), found.clean
	}
	if o != nil {
		cfg = d.merged(found, cfg, o)
	}
	return cfg, consulted, clean
}

// override is Override's answer now (nil: none).
func (d *Driver) override() *config.Config {
	if d.Override == nil {
		return nil
	}
	return d.Override()
}

// optionsKey keys a directory's analysis options in lookups.
type optionsKey string

// dirOptions are the analysis options of a directory's settings with the override with.
type dirOptions struct {
	with *config.Config
	opts analysis.Options
}

// options is analysis.OptionsFrom(Settings(abs)), made once per directory in a run
// while the override is the same (the options' maps are only read).
func (d *Driver) options(abs string) analysis.Options {
	o := d.override()
	if d.lookups == nil {
		cfg, _, _ := d.settingsWith(abs, o)
		return analysis.OptionsFrom(cfg)
	}
	key := optionsKey(filepath.Dir(abs))
	if v, ok := d.lookups.Load(key); ok && v.(*dirOptions).with == o {
		return v.(*dirOptions).opts
	}
	cfg, _, _ := d.settingsWith(abs, o)
	v := &dirOptions{with: o, opts: analysis.OptionsFrom(cfg)}
	d.lookups.Store(key, v)
	return v.opts
}

// merged is config.Merge(cfg, o), kept in the directory's lookup while o is the
// override it was merged with: the files of a directory share their configuration,
// and merging it again for each file was a twentieth of a check with every rule off.
// Merge builds a new value and changes neither input, so the kept one is reused as is.
func (d *Driver) merged(found *configLookup, cfg, o *config.Config) *config.Config {
	if found == nil || d.lookups == nil {
		return config.Merge(cfg, o)
	}
	if m := found.merged.Load(); m != nil && m.with == o {
		return m.cfg
	}
	m := &mergedConfig{cfg: config.Merge(cfg, o), with: o}
	found.merged.Store(m)
	return m.cfg
}

// configLookup is what the configuration store answered for a directory, and the
// configuration in force once the override went on top (nil: not merged yet).
type configLookup struct {
	cfg       *config.Config
	consulted []string
	clean     bool
	merged    atomic.Pointer[mergedConfig]
}

// mergedConfig is a directory's configuration with the override with on top.
type mergedConfig struct {
	cfg, with *config.Config
}

// lookup is Configs.Lookup, asked once per directory in a run (see Run): the store
// looks at two files in every directory up to the root for each file, and on a large
// tree those stats were a twentieth of a cold check. The files of one directory share
// the answer, which depends on the directory alone.
func (d *Driver) lookup(abs string) *configLookup {
	if d.lookups == nil {
		cfg, consulted, clean := d.Configs.Lookup(abs)
		return &configLookup{cfg: cfg, consulted: consulted, clean: clean}
	}
	dir := filepath.Dir(abs)
	if l, ok := d.lookups.Load(dir); ok {
		return l.(*configLookup)
	}
	if d.beginLookup != nil {
		d.beginLookup(dir)
	}
	// The directory above answers from the run's lookups too: each directory's files
	// are looked at once in a run, not once for each directory below it.
	cfg, consulted, clean := d.Configs.LookupAbove(abs, func(above string) (*config.Config, []string, bool) {
		l := d.lookup(above)
		return l.cfg, l.consulted, l.clean
	})
	l, _ := d.lookups.LoadOrStore(dir, &configLookup{cfg: cfg, consulted: consulted, clean: clean})
	return l.(*configLookup)
}

// packageKey keys a directory's package in lookups, beside its configuration.
type packageKey string

// packageOf is Packages.For, asked once per directory in a run: the store checks
// every package.json from the file's directory up to its package's on each call (a
// package.json created nearer, or the one found removed, is seen without a watcher),
// and with several calls per file those stats were a quarter of a check with every
// rule off on a large tree. A run sees each directory's package as it was when the
// run first asked, as it sees its configuration; the files of one directory are
// judged with one package. Outside a run every call asks the store.
func (d *Driver) packageOf(abs string) *pkginfo.Package {
	if d.lookups == nil {
		return d.Packages.For(abs)
	}
	key := packageKey(filepath.Dir(abs))
	if p, ok := d.lookups.Load(key); ok {
		return p.(*pkginfo.Package)
	}
	// The directory above answers from the run's lookups too: each directory's
	// package.json is looked at once in a run.
	// The run's copy of a package keeps its versions for the run (Remembering);
	// one found above is that copy already.
	if d.beginLookup != nil {
		d.beginLookup(filepath.Dir(abs))
	}
	found := d.Packages.ForAbove(abs, d.packageOf).Remembering()
	p, _ := d.lookups.LoadOrStore(key, found)
	return p.(*pkginfo.Package)
}

// fresh is the driver without the run's lookups: what the stores answer now.
func (d *Driver) fresh() *Driver {
	f := *d
	f.lookups = nil
	return &f
}

func (d *Driver) maxFileSize() int64 {
	if d.MaxFileSize != nil {
		return d.MaxFileSize()
	}
	return workspace.MaxFileSize
}

func (d *Driver) log(msg string) {
	if d.Log != nil {
		d.Log(msg)
	}
}

// ReadFile is a file's content as the driver sees it: its editor text when it has
// one, else the disk's, read within the roots.
func (d *Driver) ReadFile(path string) ([]byte, error) {
	if src, ok := d.editorText(path); ok {
		return src, nil
	}
	return d.Roots.ReadContent(path, d.maxFileSize())
}

// editorText is the text the editor holds of path, when it has one (see Overlay).
func (d *Driver) editorText(path string) ([]byte, bool) {
	if d.Overlay == nil {
		return nil, false
	}
	abs, err := d.Roots.Abs(path)
	if err != nil {
		return nil, false
	}
	return d.Overlay(abs)
}

// Analyze checks one file, reading it unless src is given (check --stdin: the file
// need not exist, only its name places it in a package), with the facts of the other
// files of its package from facts (nil: none). visit sees the result while the tree is
// open. A file that is excluded (by default or by the configuration) is not analysed,
// contributes no facts and gives false; open in an editor or not, the rule is the same.
func (d *Driver) Analyze(ctx context.Context, path string, src []byte, facts *analysis.FactIndex, visit func(*analysis.File, analysis.Result)) (bool, error) {
	return d.analyze(ctx, path, src, facts, nil, visit)
}

// A narrowing decides, in place of the quick look at a file, the rules it is checked
// with and whether they may fire (false: it is not parsed); now false leaves the file
// for later (see factsGate): it is then neither parsed nor visited. look is the quick
// look it may take: the rules the file's text lets apply, as without a narrowing.
type narrowing func(src []byte, opts *analysis.Options, look func() (*analysis.Quick, []*analysis.Rule)) (rules []*analysis.Rule, mayFire, now bool)

// errLater is analyze's answer for a file its narrowing left for later.
var errLater = errors.New("left for later")

func (d *Driver) analyze(ctx context.Context, path string, src []byte, facts *analysis.FactIndex, narrow narrowing, visit func(*analysis.File, analysis.Result)) (bool, error) {
	abs, err := d.Roots.Abs(path)
	if err != nil {
		return false, err
	}
	opts := d.options(abs)
	pkg := d.packageOf(abs)
	if facts != nil && pkg != nil {
		opts.Facts = facts.For(abs, pkg.Dir)
	}
	rel := filepath.Base(abs)
	if pkg != nil {
		if r, err := filepath.Rel(pkg.Dir, abs); err == nil {
			rel = r
		}
	}
	var (
		readErr error
		// spare is the buffer src was read into: given back when analyze returns,
		// unless the file was parsed, whose tree and result then hold src.
		spare *readBuffer
	)
	read := func() []byte { // the source, read once: bin/ files need it to be judged
		if src == nil && readErr == nil {
			src, spare, readErr = d.readSpare(path)
		}
		return src
	}
	defer func() { spare.giveBack(src) }()
	if analysis.Excluded(filepath.ToSlash(rel), opts.Exclude, pkg, read) {
		return false, nil
	}
	if read(); readErr != nil {
		return false, readErr
	}
	if d.ParseOnly {
		Parses.Add(1)
		d.Stats.note(len(src), nil)
		tree, err := syntax.Parse(ctx, syntax.ForPath(path), src, nil)
		if err == nil {
			syntax.Close(tree)
		}
		return false, err
	}
	look := func() (*analysis.Quick, []*analysis.Rule) {
		q := analysis.NewQuick(src, pkg)
		return q, analysis.Applicable(q, d.Rules, opts)
	}
	var (
		applicable []*analysis.Rule
		mayFire    bool
	)
	if narrow == nil {
		q, rules := look()
		applicable, mayFire = rules, analysis.MayFire(q, rules)
	} else {
		var now bool
		if applicable, mayFire, now = narrow(src, &opts, look); !now {
			return false, errLater
		}
	}
	if !mayFire {
		// No rule can report anything here (none of the modules they need is even
		// mentioned): the file is checked without parsing it.
		return true, nil
	}
	spare = nil // kept: the tree and the result hold src
	file, result, err := d.check(ctx, abs, path, src, facts, pkg, applicable, opts)
	if err != nil {
		return false, err
	}
	defer syntax.Close(file.Tree)
	for _, p := range result.Problems {
		return false, p
	}
	if result.Skipped != "" {
		// The file's findings are unknown: it gets the one information finding the
		// server shows in their place.
		d.log("skipped " + path + ": " + result.Skipped)
		result.Findings = []analysis.Finding{analysis.SkippedFinding(result.Skipped)}
	}
	visit(file, result)
	return true, nil
}

// check is analysis.Check of src, on the tree kept from the file's first judgement in
// this run when that was of the same text (see keptTrees); only a second judgement,
// which has the facts, takes one.
func (d *Driver) check(ctx context.Context, abs, path string, src []byte, facts *analysis.FactIndex, pkg *pkginfo.Package, applicable []*analysis.Rule, opts analysis.Options) (*analysis.File, analysis.Result, error) {
	if facts != nil {
		if file := d.kept.take(abs, src); file != nil {
			keptTreeReuses.Add(1)
			d.Stats.reuse(len(src))
			return file, analysis.Run(file, pkg, applicable, opts), nil
		}
	}
	Parses.Add(1)
	d.Stats.note(len(src), applicable)
	return analysis.Check(ctx, abs, syntax.ForPath(path), src, nil, pkg, applicable, opts)
}

// FileResult is what checking one file gives.
type FileResult struct {
	Index    int    // its place in the list Run was given
	Path     string // as listed
	Abs      string
	PkgDir   string // its package's directory; "" outside any package
	Src      []byte // its content, when it was checked
	Checked  bool   // analysed, or answered from the cache; false when excluded
	Findings []analysis.Finding
	Facts    []analysis.Fact // what it establishes for its package
	// Again: its findings depend on the other files' facts (rules.DependsOnOtherFiles),
	// so the fact pass judges it again.
	Again bool
	// AgainForRequestPath: Again only for a blocking call another file's handler may
	// reach (rules.DependsOnRequestPathOnly; see Run).
	AgainForRequestPath bool
	Skipped             string // not analysed (too deep, out of time): never cached
	Cached              bool   // answered from the cache
	Err                 error
	// Later: left for after the first pass (see factsGate), nothing judged yet.
	Later bool
}

// Judge checks one file (reading it unless src is given) with the facts of facts (nil
// in the first pass).
func (d *Driver) Judge(ctx context.Context, path string, src []byte, facts *analysis.FactIndex) FileResult {
	return d.judge(ctx, path, src, facts, nil)
}

func (d *Driver) judge(ctx context.Context, path string, src []byte, facts *analysis.FactIndex, narrow narrowing) FileResult {
	r := FileResult{Path: path}
	checked, err := d.analyze(ctx, path, src, facts, narrow, func(f *analysis.File, res analysis.Result) {
		r.Abs, r.Src, r.Findings, r.Facts, r.Skipped = f.Path, f.Src, res.Findings, res.Facts, res.Skipped
		if pkg := d.packageOf(f.Path); pkg != nil {
			r.PkgDir = pkg.Dir
		}
		r.Again, r.AgainForRequestPath = rules.DependsOnOtherFiles(res), rules.DependsOnRequestPathOnly(res)
		// A first judgement that the fact pass will make again keeps its tree for it.
		if facts == nil && r.Again && res.Skipped == "" {
			d.kept.keep(f, r.AgainForRequestPath)
		}
	})
	if err == errLater {
		return FileResult{Path: path, Later: true}
	}
	Judgements.Add(1)
	r.Checked, r.Err = checked, err
	if r.Abs == "" {
		r.Abs = d.absolute(path)
		if pkg := d.packageOf(r.Abs); pkg != nil && checked {
			r.PkgDir = pkg.Dir // checked without parsing: nothing to report
		}
	}
	return r
}

// absolute is the roots' Abs without its error: a path it cannot place stays as given.
func (d *Driver) absolute(path string) string {
	if abs, err := d.Roots.Abs(path); err == nil {
		return abs
	}
	return path
}

// Discover lists the files to check under paths, in lexical order, telling skipped
// what it passes over and why.
func Discover(paths []string, skipped func(workspace.Skipped)) ([]string, error) {
	var files []string
	err := workspace.Walk(paths, func(path string) { files = append(files, path) }, skipped)
	return files, err
}

// ProjectRoots are the roots of the given paths: each one's project, the nearest
// directory holding .git at or above it, else the path itself.
func ProjectRoots(paths []string) *safefs.Roots {
	dirs := make([]string, 0, len(paths))
	for _, p := range paths {
		dirs = append(dirs, safefs.ProjectRoot(p))
	}
	return safefs.NewRoots(dirs...)
}
