package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// BenchmarkFirstLook is what a check's first pass asks of every file before it decides
// whether to parse it: the automaton's scan, the rules that apply, and the request
// path's gate; per file, over the files under NODECOACH_BENCH_CORPUS when set (make
// bench), else the project's sample files.
func BenchmarkFirstLook(b *testing.B) {
	root := os.Getenv("NODECOACH_BENCH_CORPUS")
	if root == "" {
		root = "../../testdata"
	}
	type file struct {
		path string
		src  []byte
		pkg  *pkginfo.Package
	}
	// One copy of each package for the run, remembering its versions, as a check has.
	packages, remembering := pkginfo.NewStore(nil), map[*pkginfo.Package]*pkginfo.Package{}
	var files []file
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || syntax.ForPath(p) == syntax.Unknown {
			return err
		}
		src, err := os.ReadFile(p)
		abs, _ := filepath.Abs(p)
		pkg := packages.For(abs)
		if remembering[pkg] == nil {
			remembering[pkg] = pkg.Remembering()
		}
		files = append(files, file{abs, src, remembering[pkg]})
		return err
	})
	if err != nil || len(files) == 0 {
		b.Fatalf("no source files under %s: %v", root, err)
	}
	all, opts := All(), analysis.Options{}
	for b.Loop() {
		for _, f := range files {
			q := analysis.NewQuick(f.src, f.pkg)
			ReadRequestPathFile(f.path, f.src, q, analysis.Applicable(q, all, opts), opts)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(files)), "ns/file")
}
