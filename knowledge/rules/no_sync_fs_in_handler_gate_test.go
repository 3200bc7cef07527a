package rules

import "testing"

// TestNoSyncFSJudgeGate: where no other file reads the request path's facts, the rule
// judges calls only in a file that spells the name of a blocking fs call, however the
// call is bound: a renamed destructuring key (JS) or a quoted subscript on a
// namespace import (TS). A handler that imports fs for its promises API is not
// parsed for it.
func TestNoSyncFSJudgeGate(t *testing.T) {
	judge := judgingOnly[NoSyncFSInHandler]
	checkGates(t, judge, []gateCase{
		{name: "a renamed existsSync (JS)", pkg: express4,
			reported: "const express = require('express');\nconst { existsSync: exists } = require('node:fs');\nconst app = express();\n" +
				"app.get('/', (req, res) => { res.json({ ok: exists('/tmp/x') }); });\n",
			skipped: "const express = require('express');\nconst fs = require('node:fs');\nconst app = express();\n" +
				"app.get('/', async (req, res) => { res.send(await fs.promises.readFile('/tmp/x')); });\n"},
		{name: "a quoted readFileSync (TS)", file: "app.ts", pkg: express4,
			reported: "import express from 'express';\nimport * as fs from \"fs\";\nconst app = express();\n" +
				"app.get('/', (req: express.Request, res: express.Response) => { res.send(fs['readFileSync']('/tmp/x')); });\n",
			skipped: "import express from 'express';\nimport { readFile } from \"fs\";\nconst app = express();\n" +
				"app.get('/', (req: express.Request, res: express.Response) => { readFile('/tmp/x', (err, b) => res.send(b)); });\n"},
	})
}

// TestNoSyncFSRecordsWithoutSyncNames: the rule as check first runs it still looks at
// a file that imports fs without a blocking call, which records the request path's
// calls into other modules for the files that block.
func TestNoSyncFSRecordsWithoutSyncNames(t *testing.T) {
	runGates(t, NoSyncFSInHandler, []fileGate{{name: "a service that imports fs", file: "service.js", pkg: express4, through: true,
		src: "const fs = require('fs');\nconst db = require('./db');\nexports.load = function load(id) { return db.find(id); };\n"}})
}
