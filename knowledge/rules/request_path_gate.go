package rules

import (
	"bytes"
	"maps"
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// The request path's gate. Every file where no-sync-fs-in-handler may apply records the
// calls its request path makes into other modules of the package (see
// exportRequestPathFacts), for the files with a blocking call to read. Those facts are
// read only by matching module keys:
//   - a call fact by the file it names, when that file judges a blocking call by the
//     other files' facts (a reader: see readers);
//   - an edge fact by the reader it names, which then looks for the call facts that
//     name the edge's file: so a call fact naming a file that names a reader is read
//     too;
//   - a method fact, a prototype's method and every prototype method's name, by a
//     reader that a prototype assignment names.
//
// A file none of whose possible module specifiers names a reader, or a file naming
// one, need not record its facts in a run whose facts serve that run alone (check
// without a cache): no file will read them. The gate keys the strings of the file
// (specifierCandidates) as the facts do (resolve.ModuleKey), so it reads no module
// graph the request path does not: a re-export (`module.exports = require('./impl')`)
// is not followed there either. A package with no reader records nothing. Where it
// has one, the gate keeps recording:
//   - a file that loads a module by a computed name (see loadsComputedModule);
//   - every file of the package when a file that may assign another module's function
//     to a prototype's method (see mayAssignPrototypeMethod) names a reader: such a
//     service's methods are called through objects no import names, and a method
//     name's uniqueness is counted over the package.
//
// Every blocking call a reader judges is a call named ...Sync, written in the file (the
// resolver names a call only after a name or a string key the file spells), so a file
// without that text is no reader.

// RequestPathFile is what the gate knows of one file before it is parsed.
type RequestPathFile struct {
	// Records: the request path's facts would be recorded in the file (the rule that
	// records them applies there).
	Records bool
	// Reads: a rule may judge a blocking call of the file by the other files' facts.
	Reads bool
	// RecordsRejects: express-async-missing-next applies to the file only to record
	// which of its functions cannot reject; ReadsRejects: it applies, and may read
	// those facts of the files the file names (see cannot_reject_gate.go).
	RecordsRejects, ReadsRejects bool
	path                         string
	// own are the file's own module keys as hashes, with RecordsRejects: the server
	// decides on a keystroke, and hashing them anew each time was most of it.
	own []uint64
	// keys are the module keys of the strings that may be the file's module
	// specifiers, when it records or reads, as sorted hashes: a check of a large tree holds
	// thousands of these sets until every file is read, and the keys themselves (paths)
	// made its heap grow by a fifth. Two keys sharing a hash only keep facts recorded.
	keys      []uint64
	computed  bool // with Records: it loads a module by a computed name
	prototype bool // with Records: it may assign another module's function to a prototype's method
	// heard: the file was judged with its asks heard (see Hear); asks are then the
	// hashed module keys whose cannot-reject facts its handlers may read, and stand
	// for keys.
	heard bool
	asks  []uint64
}

// judgingOnly maps a request-path rule to its twin without the part that records
// facts for the other files (see requestPathRule).
var judgingOnly = map[*analysis.Rule]*analysis.Rule{}

// readers are the rules whose findings read the request-path facts of the other
// files (through calledFromOtherFiles), with no-sync-fs-in-handler as its twin: it
// reads them only where its own needles are.
func readers() []*analysis.Rule {
	return []*analysis.Rule{judgingOnly[NoSyncFSInHandler], NoSyncCryptoInHandler, BcryptSync}
}

// ReadRequestPathFile tells the gate about the file at abs from its text, q and the
// rules that apply to it under opts.
func ReadRequestPathFile(abs string, src []byte, q *analysis.Quick, applicable []*analysis.Rule, opts analysis.Options) RequestPathFile {
	f := RequestPathFile{path: abs}
	for _, r := range applicable {
		if judgingOnly[r] != nil {
			f.Records = true
		}
	}
	// The readers' needles first: they are looked up, the text is read.
	f.Reads = len(analysis.Applicable(q, readers(), opts)) > 0 && bytes.Contains(src, []byte("Sync"))
	f.ReadsRejects = readsCannotReject(applicable)
	f.RecordsRejects = f.ReadsRejects && recordsCannotRejectOnly(q, applicable, opts)
	f.own = ownKeyHashes(f)
	if !f.Records && (!f.ReadsRejects || f.RecordsRejects) {
		return f // it asks for no module's facts (a file that only records asks for none)
	}
	if f.Records {
		// Only a file that records the request path's facts is read for these (see
		// RequestPathOnlyRead): two more scans of the text spared in every file that
		// only records or asks for cannot-reject facts.
		f.computed = loadsComputedModule(src)
		f.prototype = mayAssignPrototypeMethod(src)
	}
	seen := map[string]bool{}
	specifierCandidates(src, func(text []byte) {
		if !mayNameModuleFile(text) || seen[string(text)] {
			return
		}
		spec := string(text)
		seen[spec] = true
		if key, ok := resolve.ModuleKey(abs, resolve.NormalizeModule(spec), q.DependsOn); ok {
			f.keys = append(f.keys, keyHash(key))
		}
	})
	slices.Sort(f.keys)
	f.keys = slices.Clip(slices.Compact(f.keys))
	return f
}

// mayNameModuleFile reports whether a specifier's module key (resolve.ModuleKey) may
// be a key a file owns (resolve.OwnModuleKeys), the only keys the gate compares it
// with: a relative specifier's path, or a bare specifier's alias, which names a file
// by its last two segments and so only with a slash (every file's own alias key, the
// end of an absolute path, has one). Most strings of a file (a message, a property, a
// module of the runtime or a dependency) are neither, and are not keyed at all.
func mayNameModuleFile(spec []byte) bool {
	return len(spec) > 0 && (spec[0] == '.' || bytes.IndexByte(spec, '/') >= 0)
}

// keyHash is the 64-bit FNV-1a hash of a module key: the same in every process, since
// a cache keeps a file's hashed keys for the runs after it (see EncodeRequestPathFile).
func keyHash(key string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(key); i++ {
		h ^= uint64(key[i])
		h *= 1099511628211
	}
	return h
}

// Gated reports whether the file's facts may go unrecorded: only other files read them.
func (f RequestPathFile) Gated() bool { return f.Records || f.RecordsRejects }

// Weighs reports whether the file records or reads facts the gate decides on.
func (f RequestPathFile) Weighs() bool { return f.Gated() || f.Reads || f.ReadsRejects }

// RequestPathFactsRead reports, for each file of one package, whether another file
// may read the facts it records that the gate decides on: its request path's, or
// whether its functions can reject (false for a file that records neither).
func RequestPathFactsRead(files []RequestPathFile) []bool {
	read := RequestPathOnlyRead(files)
	CannotRejectRead(files, read)
	return read
}

// RequestPathOnlyRead is RequestPathFactsRead for the request path's facts alone:
// what a run must know before it judges the files that wait only for them, and hears
// which cannot-reject facts they ask for (see CannotRejectRead).
func RequestPathOnlyRead(files []RequestPathFile) []bool {
	named := func(f RequestPathFile, keys map[uint64]bool) bool {
		for _, k := range f.keys {
			if keys[k] {
				return true
			}
		}
		return false
	}
	readerKeys := map[uint64]bool{}
	for _, f := range files {
		if f.Reads {
			for _, k := range resolve.OwnModuleKeys(f.path) {
				readerKeys[keyHash(k)] = true
			}
		}
	}
	read := make([]bool, len(files))
	if len(readerKeys) == 0 {
		return read // no file of the package reads the facts, whatever the others load
	}
	prototypes := false
	for i, f := range files {
		read[i] = f.Records && (f.computed || named(f, readerKeys))
		prototypes = prototypes || read[i] && f.prototype
	}
	readKeys := maps.Clone(readerKeys) // and the files naming a reader: an edge's ends
	for i, f := range files {
		if read[i] && !f.Reads {
			for _, k := range resolve.OwnModuleKeys(f.path) {
				readKeys[keyHash(k)] = true
			}
		}
	}
	for i, f := range files {
		read[i] = f.Records && (prototypes || read[i] || named(f, readKeys))
	}
	return read
}

// WithoutRequestPathFacts is applicable with each request-path rule replaced by its
// twin that records no facts for the other files, left out where only the facts had
// it apply; and without express-async-missing-next where it would only record which
// functions cannot reject.
func WithoutRequestPathFacts(q *analysis.Quick, applicable []*analysis.Rule, opts analysis.Options) []*analysis.Rule {
	return withoutGatedFacts(q, applicable, opts, recordsCannotRejectOnly(q, applicable, opts))
}

// withoutGatedFacts is WithoutRequestPathFacts for a caller that knows whether
// express-async-missing-next would only record which functions cannot reject.
func withoutGatedFacts(q *analysis.Quick, applicable []*analysis.Rule, opts analysis.Options, recordsRejectsOnly bool) []*analysis.Rule {
	out := slices.Clone(applicable)
	if recordsRejectsOnly {
		out = slices.DeleteFunc(out, func(r *analysis.Rule) bool { return r == ExpressAsyncMissingNext })
	}
	for i := 0; i < len(out); i++ {
		twin := judgingOnly[out[i]]
		if twin == nil {
			continue
		}
		if len(analysis.Applicable(q, []*analysis.Rule{twin}, opts)) > 0 {
			out[i] = twin
		} else {
			out = slices.Delete(out, i, i+1)
			i--
		}
	}
	return out
}
