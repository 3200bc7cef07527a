package rules

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/pkginfo"
	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// engineSeeds are small programs that reach most of the resolver and the rules: the
// fuzzer mutates from them. The sample apps in testdata/ are added too.
var engineSeeds = []string{
	"",
	"const fs = require('fs');\nconst app = require('express')();\napp.get('/', (req, res) => res.send(fs.readFileSync('a')));\n",
	"const { readFileSync: slurp } = require('node:fs');\nexport default async function h(req, res) { res.send(slurp('x')); }\n",
	"import express from 'express';\nimport cors from 'cors';\nconst app = express();\napp.use(cors({ origin: '*', credentials: true }));\n",
	"app.get('/u', async (req, res) => {\n  const u = await db.find(req.query.id);\n  res.json(u);\n});\n",
	"router.post('/x', async function (req, res, next) { try { await f(); } catch (e) { } });\n",
	"// nodecoach-disable-next-line no-sync-fs-in-handler -- fine\nconst t = fs.readFileSync('t');\nfs.existsSync(p); // nodecoach-disable-line\n/* nodecoach-disable cors-allow-all */\n",
	"import { Request, Response } from 'express';\nexport const get = async (req: Request, res: Response): Promise<void> => { res.send(crypto.pbkdf2Sync('a', 's', 1, 32, 'sha256')); };\n",
	"const App = () => <div onClick={() => fs.readFileSync('x')}>{`${a}`}</div>;\n",
	"class C { async m(req, res) { for await (const x of s) { res.write(x); } } static #p = 1; }\n",
	"const cluster = require('cluster');\nif (cluster.isMaster) { cluster.fork(); } else { process.nextTick(function f() { process.nextTick(f); }); }\n",
	"stream.pipe(res); upload = multer({ storage: multer.memoryStorage() }); bcrypt.hashSync(p, 10);\n",
	"app.disable('x-powered-by'); app.set('trust proxy', 1); app.use(rateLimit({ windowMs: 1000 }));\n",
	"let a = [[[[[[[[[[1]]]]]]]]]]; const f = x => y => z => w => fs.readFileSync(x + y + z + w);\n",
	"const s = 'unterminated\nfunction ( { [ `${ /re[/ ",
	"\x00\xff\xfe😀\r\n\r'\u2028'\n",
	"app.get('/', (req, res) => { const s = '\x00é😀'; res.send(fs.readFileSync(s)); });\n", // NUL: the lexers' end of input
	"export const get = async (req: req, res: Response) => res.send(req);\n",               // a parameter typed by its own name
	"/* nodecoach-disable no-sync-fs-in-handler,\n   cors-allow-all */\nfs.readFileSync('a');\n",
}

// FuzzCheck runs the whole engine (parse, resolver, every rule, suppressions, hover's
// lookup) on arbitrary bytes as JavaScript, TypeScript and TSX. It must not panic, no
// rule may fail (the engine turns a rule's panic into a Problem, which is a bug all
// the same), and every finding must lie within the text, in order, with a fix whose
// edits do too.
func FuzzCheck(f *testing.F) {
	for _, s := range engineSeeds {
		for lang := range uint8(3) {
			f.Add([]byte(s), lang, lang != 1)
		}
	}
	// Deeper than resolve.MaxDepth: skipped, with no findings.
	f.Add([]byte("app.get('/', (req, res) => "+strings.Repeat("() => ", 600)+"fs.readFileSync('a'));"), uint8(0), true)
	for _, p := range []string{"express-js/src/app.js", "express-js/src/routes/reports.js", "express-ts/src/server.ts", "express-ts/src/controllers/users.controller.ts", "express5/app.js"} {
		if src, err := os.ReadFile(filepath.Join("..", "..", "testdata", p)); err == nil {
			f.Add(src, uint8(0), true)
			f.Add(src, uint8(2), false)
		}
	}
	dir := f.TempDir()
	manifest := `{"name":"fuzz","dependencies":{"express":"^4.21.2","cors":"^2.8.5","multer":"^1.4.5","bcrypt":"^5.1.1","express-rate-limit":"^7.0.0"}}`
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(manifest), 0o644); err != nil {
		f.Fatal(err)
	}
	store := pkginfo.NewStore(nil)
	all := All()
	langs := []struct {
		lang syntax.Language
		file string
	}{{syntax.JavaScript, "app.js"}, {syntax.TypeScript, "app.ts"}, {syntax.TSX, "app.tsx"}}

	f.Fuzz(func(t *testing.T, src []byte, which uint8, withPackage bool) {
		// A hang would only stall the fuzzer; a crash with every stack keeps the input.
		timer := time.AfterFunc(20*time.Second, func() {
			buf := make([]byte, 1<<20)
			panic(fmt.Sprintf("one input ran over 20s:\n%s", buf[:runtime.Stack(buf, true)]))
		})
		defer timer.Stop()
		l := langs[int(which)%len(langs)]
		path := filepath.Join(dir, l.file)
		var pkg *pkginfo.Package
		if withPackage {
			pkg = store.For(path)
		}
		file, res, err := analysis.Check(context.Background(), path, l.lang, src, nil, pkg, all, analysis.Options{})
		if err != nil {
			t.Fatalf("Check: %v", err)
		}
		defer syntax.Close(file.Tree)
		for _, p := range res.Problems {
			t.Errorf("a rule failed: %v", p)
		}
		n := uint(len(src))
		for i, fd := range res.Findings {
			if fd.Start > fd.End || fd.End > n {
				t.Errorf("finding %d (%s) at %d..%d is outside the %d-byte text", i, fd.Rule, fd.Start, fd.End, n)
			}
			if i > 0 && fd.Start < res.Findings[i-1].Start {
				t.Errorf("findings out of order: %s at %d after %s at %d", fd.Rule, fd.Start, res.Findings[i-1].Rule, res.Findings[i-1].Start)
			}
			if fd.Rule == "" || fd.Message == "" || strings.Contains(fd.Message, "\n") {
				t.Errorf("finding %d: rule %q, message %q: want a rule and a one-line message", i, fd.Rule, fd.Message)
			}
			if fd.Severity < analysis.Error || fd.Severity > analysis.Hint {
				t.Errorf("finding %d (%s): severity %d", i, fd.Rule, fd.Severity)
			}
			if fd.Fix != nil {
				for _, e := range fd.Fix.Edits {
					if e.Start > e.End || e.End > n {
						t.Errorf("finding %d (%s): fix edit %d..%d outside the text", i, fd.Rule, e.Start, e.End)
					}
				}
			}
		}
		// Hover resolves whatever is under the cursor: anywhere must do.
		root := file.Tree.RootNode()
		for _, off := range []uint{0, n / 3, n / 2, n, n + 1} {
			res.Resolver.At(root, off)
		}
		for _, fd := range res.Findings {
			res.Resolver.At(root, fd.Start)
		}
	})
}
