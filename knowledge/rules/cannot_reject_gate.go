package rules

import (
	"slices"
	"strings"

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
// class (rejectCheck.moduleFact). Only a handler's verdict reads them: what a file
// records of its own functions rests on its own code alone (newExportCheck), so a file
// that only records asks for nothing, and a file's facts are recorded only where a
// handler of a parsed file may ask for them. The gate knows what a file asks in one
// of two ways:
//   - heard: a run judges the files that may ask before it decides (see
//     RequestPathFile.Hear), and hears which modules their handlers ask for, whatever
//     the answers (hearHandlerAsks). A cache keeps what it heard with the file's look
//     (EncodeRequestPathFile): the asks follow from what the entry is keyed by (the
//     file's path and text, its package's facts, the configuration).
//   - spelled: a look taken without judging the file (the language server's after an
//     edit), or a judgement that did not complete, hears nothing; the file is then
//     taken to ask for every module it may name. That module is always the text of a
//     string literal of its own (the resolver names an import, a require or an
//     imported class's module only after a literal specifier; a module loaded by a
//     computed name gives it none to ask for), so the strings that may be module
//     specifiers (specifierCandidates, as for the request path) are a superset of its
//     asks.
//
// Where no file asks for a recording file's module keys, no file reads its facts: the
// run leaves them unrecorded, and does not parse the file when nothing else applies to
// it.

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

// CannotRejectRead marks in read each file of one package that records only
// cannot-reject facts and that a handler may ask for (see the top of this file): a
// heard file asks what it was heard asking, an unheard one that may judge a handler
// every module it spells, and a file that only records asks for nothing.
func CannotRejectRead(files []RequestPathFile, read []bool) {
	asks := func(f RequestPathFile) []uint64 {
		switch {
		case f.heard:
			return f.asks
		case f.ReadsRejects && !f.RecordsRejects:
			return f.keys
		}
		return nil
	}
	size := 0
	for _, f := range files {
		size += len(asks(f))
	}
	asked := make(map[uint64]bool, size)
	for _, f := range files {
		for _, k := range asks(f) {
			asked[k] = true
		}
	}
	for i, f := range files {
		if f.RecordsRejects && !read[i] && slices.ContainsFunc(f.own, func(k uint64) bool { return asked[k] }) {
			read[i] = true
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

// Unhear forgets what the file was heard asking: its judgement did not complete (an
// error, or skipped as too deep or out of time), so its asks are not all it may ask
// when judged again with the facts, and the strings it spells, a superset, stand for
// them.
func (f *RequestPathFile) Unhear() { f.heard, f.asks = false, nil }

// Hear marks the file as heard, and is what the run tells of the cannot-reject facts
// it asks for (analysis.Options.Asks) while it judges the file before any fact is
// known: from then on the gate reads those asks in place of the strings the file
// spells. Each ask is the prefix of a cannot-reject fact's names: the module's key.
func (f *RequestPathFile) Hear() func(prefix string) {
	f.heard = true
	return func(prefix string) {
		rest, ok := strings.CutPrefix(prefix, factCannotReject)
		if !ok {
			if rest, ok = strings.CutPrefix(prefix, factCannotRejectUnless); !ok {
				return
			}
		}
		k := keyHash(strings.TrimSuffix(rest, "#"))
		if !slices.Contains(f.asks, k) {
			f.asks = append(f.asks, k)
		}
	}
}
