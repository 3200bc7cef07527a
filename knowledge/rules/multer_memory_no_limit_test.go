package rules

import "testing"

func TestMulterMemoryNoLimit(t *testing.T) {
	const head = "const multer = require('multer');\n"
	runCases(t, MulterMemoryNoLimit, []ruleCase{
		{name: "catalog positive", src: head + "const upload = multer();\napp.post('/avatar', upload.single('file'), save);",
			want: []string{"warning: multer()"}},
		{name: "explicit memory storage", src: head + "const upload = multer({ storage: multer.memoryStorage() });\nrouter.post('/a', upload.array('f'), h);",
			want: []string{"warning: multer.memoryStorage()"}},
		{name: "memory storage through a const", src: head + "const storage = multer.memoryStorage();\nconst upload = multer({ storage, fileFilter });",
			want: []string{"warning: storage"}},
		{name: "limits without fileSize", src: head + "const upload = multer({ storage: multer.memoryStorage(), limits: { files: 1 } });",
			want: []string{"warning: multer.memoryStorage()"}},
		{name: "options without storage default to memory", src: head + "const upload = multer({ fileFilter: onlyImages });",
			want: []string{"warning: multer"}},
		{name: "options const", src: head + "const opts = { storage: multer.memoryStorage() };\nconst upload = multer(opts);",
			want: []string{"warning: multer.memoryStorage()"}},
		{name: "esm named memoryStorage in TS", file: "upload.ts", src: "import multer, { memoryStorage } from 'multer';\nexport const upload = multer({ storage: memoryStorage() });",
			want: []string{"warning: memoryStorage()"}},
		{name: "inline single", src: head + "app.post('/a', multer().single('f'), h);", want: []string{"warning: multer()"}},

		{name: "catalog negative", src: head + "const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024, files: 1 } });"},
		{name: "dest is disk storage", src: head + "const upload = multer({ dest: 'uploads/' });"},
		{name: "disk storage", src: head + "const upload = multer({ storage: multer.diskStorage({ destination: 'u' }) });"},
		{name: "options not a literal", src: head + "const upload = multer(buildOptions());"},
		{name: "limits from a variable", src: head + "const upload = multer({ limits });"},
		{name: "mutated options const", src: head + "const opts = { storage: multer.memoryStorage() };\nopts.limits = { fileSize: 1e6 };\nconst upload = multer(opts);"},
		{name: "spread options", src: head + "const upload = multer({ ...base });"},
		{name: "only none", src: head + "const form = multer();\napp.post('/form', form.none(), h);"},
		{name: "inline none", src: head + "app.post('/form', multer().none(), h);"},
		{name: "not the multer package", src: "const multer = require('./multer');\nconst upload = multer();"},
		{name: "shadowed by a parameter", src: head + "function make(multer) { return multer(); }"},
		{name: "in a string", src: "const s = 'multer()';"},
	})
}

func TestMulterMemoryNoLimitFixes(t *testing.T) {
	const head = "const multer = require('multer');\n"
	runFixes(t, MulterMemoryNoLimit, []fixCase{
		{name: "no options", src: head + "const upload = multer();\n",
			want: head + "const upload = multer({ limits: { fileSize: 10 * 1024 * 1024 } });\n"},
		{name: "adds limits", src: head + "const upload = multer({ storage: multer.memoryStorage() });\n",
			want: head + "const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024 } });\n"},
		{name: "extends limits", src: head + "const upload = multer({ storage: multer.memoryStorage(), limits: { files: 1 } });\n",
			want: head + "const upload = multer({ storage: multer.memoryStorage(), limits: { files: 1, fileSize: 10 * 1024 * 1024 } });\n"},
		{name: "multi-line with trailing comma", src: head + "const upload = multer({\n  storage: multer.memoryStorage(),\n});\n",
			want: head + "const upload = multer({\n  storage: multer.memoryStorage(),\n  limits: { fileSize: 10 * 1024 * 1024 },\n});\n"},
		{name: "multi-line", src: head + "const upload = multer({\n  fileFilter\n});\n",
			want: head + "const upload = multer({\n  fileFilter,\n  limits: { fileSize: 10 * 1024 * 1024 }\n});\n"},
	})
}
