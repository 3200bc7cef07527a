package rules

import (
	"slices"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/resolve"
)

// The cannot-reject facts' gate. In an Express package, express-async-missing-next
// runs in every file that spells async, so that the file records for the handlers of
// the other files which of its functions cannot reject (factCannotReject,
// factCannotRejectUnless). In a file that neither imports express nor has a handler's
// request parameter (the needles of its judging twin, rejectsJudging) that is all the
// rule does: the resolver sees there no registration and no handler, so it reports
// nothing and records no other fact.
//
// Those facts are keyed by the recording file's own module keys, and read by a file
// that asks for the key of a module it names: an import, or the module of an imported
// class (rejectCheck.moduleFact). Only a file where the rule runs asks: a handler
// judging its awaits, or a file judging its own functions through the calls they
// await. The module a reader names is always the text of a string literal of its own
// (the resolver names an import, a require or an imported class's module only after a
// literal specifier; a module loaded by a computed name gives it none to ask for). So
// where no such file of the package spells a string that may be one of the recording
// file's module specifiers (specifierCandidates, as for the request path), no file
// reads them: the run leaves them unrecorded, and does not parse the file when nothing
// else applies to it.

// rejectsJudging is express-async-missing-next where it may report or record more than
// whether the file's functions can reject: its needles without async.
var rejectsJudging = func() *analysis.Rule {
	twin := *ExpressAsyncMissingNext
	twin.Needles = asyncMissingNextImports.InPackagesOf("express", requestParams...)
	return &twin
}()

// readsCannotReject reports whether express-async-missing-next applies: the file may
// ask for the other files' cannot-reject facts (and records its own).
func readsCannotReject(applicable []*analysis.Rule) bool {
	return slices.Contains(applicable, ExpressAsyncMissingNext)
}

// recordsCannotRejectOnly reports whether express-async-missing-next applies to the
// file only to record its cannot-reject facts.
func recordsCannotRejectOnly(q *analysis.Quick, applicable []*analysis.Rule, opts analysis.Options) bool {
	return readsCannotReject(applicable) && len(analysis.Applicable(q, []*analysis.Rule{rejectsJudging}, opts)) == 0
}

// cannotRejectFactsRead marks in read each file of one package that records only
// cannot-reject facts and that a file where the rule applies may read: one whose
// strings name it. Only a file
// that is parsed reads: one the rule judges, one other rules have parsed (Judged), or
// one whose own facts are read; so a service that only another unread service names
// is not parsed either.
func cannotRejectFactsRead(files []RequestPathFile, read []bool) {
	size := 0
	for _, f := range files {
		if f.ReadsRejects {
			size += len(f.keys)
		}
	}
	asked := make(map[uint64]bool, size)
	ask := func(f RequestPathFile) {
		for _, k := range f.keys {
			asked[k] = true
		}
	}
	for i, f := range files {
		if f.ReadsRejects && (!f.RecordsRejects || f.Judged || read[i]) {
			ask(f)
		}
	}
	var waiting []int
	for i, f := range files {
		if f.RecordsRejects && !read[i] {
			waiting = append(waiting, i)
		}
	}
	for changed := true; changed; {
		changed = false
		for _, i := range waiting {
			if read[i] || !slices.ContainsFunc(files[i].own, func(k uint64) bool { return asked[k] }) {
				continue
			}
			read[i], changed = true, true
			if !files[i].Judged {
				ask(files[i]) // parsed now, it reads too
			}
		}
	}
}

// ownKeyHashes are the hashes of the module keys of a file that records only
// cannot-reject facts (nil for any other): what a file naming it asks for.
func ownKeyHashes(f RequestPathFile) []uint64 {
	if !f.RecordsRejects {
		return nil
	}
	var out []uint64
	for _, k := range resolve.OwnModuleKeys(f.path) {
		out = append(out, keyHash(k))
	}
	return out
}
