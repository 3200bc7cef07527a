package rules

import (
	"sort"
	"strings"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
)

// xfileCase is a package of files; want lists, for one file, the findings of the
// sync rules as "<rule> <severity>", sorted.
type xfileCase struct {
	name  string
	files map[string]string
	file  string
	want  []string
}

func syncFindings(findings []analysis.Finding) []string {
	var out []string
	for _, f := range findings {
		switch f.Rule {
		case "no-sync-fs-in-handler", "no-sync-crypto-in-handler", "bcrypt-sync":
			out = append(out, f.Rule+" "+f.Severity.String())
		}
	}
	sort.Strings(out)
	return out
}

func runXFileCases(t *testing.T, cases []xfileCase) {
	t.Helper()
	const pkg = `{"dependencies": {"express": "^4.21.2", "bcrypt": "^5.1.1"}}`
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := syncFindings(analyzePackage(t, pkg, tc.files)[tc.file])
			if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("%s: got %q, want %q", tc.file, got, tc.want)
			}
			// A check's gate leaves out only facts no file reads (request_path_gate.go):
			// a check finds the same with it as without.
			checked, _ := analyzeChecked(t, pkg, tc.files, false)
			gated, _ := analyzeChecked(t, pkg, tc.files, true)
			for name := range tc.files {
				if got, want := syncFindings(gated[name]), syncFindings(checked[name]); strings.Join(got, "; ") != strings.Join(want, "; ") {
					t.Errorf("%s through the gate: got %q, without it %q", name, got, want)
				}
			}
		})
	}
}

const fsWarning = "no-sync-fs-in-handler warning"

// TestRequestPathAcrossFilesJS: a handler of one file puts the functions it calls in
// other files on the request path, through every CommonJS and ESM form of import.
func TestRequestPathAcrossFilesJS(t *testing.T) {
	const app = "const express = require('express');\nconst app = express();\n"
	runXFileCases(t, []xfileCase{
		{name: "destructured require of module.exports = {}", file: "config.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const { readConfig } = require('./config');\napp.get('/c', (req, res) => res.json(readConfig()));\n",
			"config.js": "const fs = require('fs');\nfunction readConfig() { return JSON.parse(fs.readFileSync('c.json', 'utf8')); }\nmodule.exports = { readConfig };\n",
		}},
		{name: "module object of exports.x", file: "config.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const config = require('./config');\napp.get('/c', (req, res) => res.json(config.readConfig()));\n",
			"config.js": "const fs = require('fs');\nexports.readConfig = function () { return fs.readFileSync('c.json', 'utf8'); };\n",
		}},
		{name: "named import", file: "config.mjs", want: []string{fsWarning}, files: map[string]string{
			"routes.mjs": "import express from 'express';\nimport { readConfig } from './config.mjs';\nconst app = express();\napp.get('/c', (req, res) => res.json(readConfig()));\n",
			"config.mjs": "import fs from 'fs';\nexport function readConfig() { return fs.readFileSync('c.json', 'utf8'); }\n",
		}},
		{name: "a helper of the callee only it calls", file: "config.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const { readConfig } = require('./config');\napp.get('/c', (req, res) => res.json(readConfig()));\n",
			"config.js": "const fs = require('fs');\nfunction load(p) { return fs.readFileSync(p, 'utf8'); }\nexports.readConfig = () => JSON.parse(load('c.json'));\n",
		}},
		{name: "two hops: handler, service, helper", file: "mail.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const users = require('./users');\napp.post('/invite', async (req, res) => res.json(await users.invite(req.body)));\n",
			"users.js":  "const { sendMail } = require('./mail');\nexports.invite = async (body) => sendMail(body.email);\n",
			"mail.js":   "const fs = require('fs');\nexports.sendMail = (to) => fs.readFileSync('invite.html', 'utf8').replace('{to}', to);\n",
		}},
		{name: "object methods reached through this, memoised per key: not reported", file: "archive.js", files: map[string]string{
			"routes.js":  app + "const archive = require('./archive');\napp.get('/f/:name', (req, res) => archive.serve(req.params.name, res));\n",
			"archive.js": "const fs = require('fs');\nmodule.exports = {\n  cache: {},\n  serve(name, res) { res.send(this.open(name)); },\n  open(name) {\n    if (!this.cache[name]) {\n      this.cache[name] = fs.readFileSync(name);\n    }\n    return this.cache[name];\n  },\n};\n",
		}},
		{name: "object methods reached through this", file: "archive.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js":  app + "const archive = require('./archive');\napp.get('/f/:name', (req, res) => archive.serve(req.params.name, res));\n",
			"archive.js": "const fs = require('fs');\nmodule.exports = {\n  serve(name, res) { res.send(this.open(name)); },\n  open(name) { return fs.readFileSync(name); },\n};\n",
		}},
		{name: "startup-only caller: not on the request path", file: "config.js", files: map[string]string{
			"server.js": app + "const { readConfig } = require('./config');\nconst settings = readConfig();\nfunction main() { return readConfig(); }\nmain();\napp.listen(settings.port);\n",
			"config.js": "const fs = require('fs');\nfunction readConfig() { return JSON.parse(fs.readFileSync('c.json', 'utf8')); }\nmodule.exports = { readConfig };\n",
		}},
		{name: "no caller at all: nothing by default", file: "config.js", files: map[string]string{
			"config.js": "const fs = require('fs');\nasync function readConfig() { return fs.readFileSync('c.json', 'utf8'); }\nmodule.exports = { readConfig };\n",
		}},
		{name: "socket.io message listener of a connection", file: "installer.js", want: []string{fsWarning}, files: map[string]string{
			"admin.js":     "const { install } = require('./installer');\nexports.socketio = (hook, { io }) => {\n  io.of('/admin').on('connection', (socket) => {\n    socket.on('install', (name) => install(name));\n  });\n};\n",
			"installer.js": "const fs = require('fs');\nexports.install = (name) => JSON.parse(fs.readFileSync(name + '/package.json', 'utf8'));\n",
		}},
		{name: "the connection callback itself runs once a connection: not reported", file: "installer.js", files: map[string]string{
			"admin.js":     "const { install } = require('./installer');\nconst io = require('socket.io')(3000);\nio.on('connection', (socket) => { install('welcome'); socket.on('disconnect', () => {}); });\n",
			"installer.js": "const fs = require('fs');\nexports.install = (name) => JSON.parse(fs.readFileSync(name + '/package.json', 'utf8'));\n",
		}},
		{name: "a listener of something else than a connection's socket: not reported", file: "installer.js", files: map[string]string{
			"admin.js":     "const { install } = require('./installer');\nconst bus = require('./bus');\nbus.on('ready', (x) => { x.on('install', (name) => install(name)); });\n",
			"installer.js": "const fs = require('fs');\nexports.install = (name) => JSON.parse(fs.readFileSync(name + '/package.json', 'utf8'));\n",
		}},
		{name: "a template compiled once per path (Map cache)", file: "views.js", files: map[string]string{
			"routes.js": app + "const views = require('./views');\napp.get('/p', (req, res) => res.send(views.render('page.html')));\n",
			"views.js":  "const fs = require('fs');\nconst templates = new Map();\nexports.render = (file) => {\n  const cache = process.env.NODE_ENV !== 'test';\n  const t = cache && templates.get(file) || compile(fs.readFileSync(file, 'utf8'));\n  if (cache) templates.set(file, t);\n  return t();\n};\n",
		}},
		{name: "a Map lookup that never stores is no cache", file: "views.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const views = require('./views');\napp.get('/p', (req, res) => res.send(views.render('page.html')));\n",
			"views.js":  "const fs = require('fs');\nconst templates = new Map();\nexports.render = (file) => (templates.get(file) || compile(fs.readFileSync(file, 'utf8')))();\n",
		}},
		{name: "a keyed cache filled with ??=", file: "views.js", files: map[string]string{
			"routes.js": app + "const views = require('./views');\napp.get('/p', (req, res) => res.send(views.render('page.html')));\n",
			"views.js":  "const fs = require('fs');\nconst templates = {};\nexports.render = (file) => (templates[file] ??= fs.readFileSync(file, 'utf8'));\n",
		}},
		{name: "a helper a handler and startup both call runs per request", file: "config.js", want: []string{fsWarning}, files: map[string]string{
			"routes.js": app + "const { current } = require('./config');\napp.get('/c', (req, res) => res.json(current()));\n",
			"config.js": "const fs = require('fs');\nfunction load() { return JSON.parse(fs.readFileSync('c.json', 'utf8')); }\nload();\nexports.current = () => load();\n",
		}},
		{name: "a reload production skips: not reported", file: "config.js", files: map[string]string{
			"routes.js": app + "const { current } = require('./config');\napp.get('/c', (req, res) => res.json(current()));\n",
			"config.js": "const fs = require('fs');\nlet config = {};\nfunction load() { config = JSON.parse(fs.readFileSync('c.json', 'utf8')); }\nload();\nfunction reloadIfNeeded() {\n  if (process.env.NODE_ENV === 'production' || process.env.CLOUD) return;\n  load();\n}\nexports.current = () => { reloadIfNeeded(); return config; };\n",
		}},
		{name: "bcrypt in a helper a login handler calls", file: "passwords.js", want: []string{"bcrypt-sync warning"}, files: map[string]string{
			"routes.js":    app + "const { check } = require('./passwords');\napp.post('/login', (req, res) => res.json(check(req.body.password, req.user.hash)));\n",
			"passwords.js": "const bcrypt = require('bcrypt');\nexports.check = (pw, hash) => bcrypt.compareSync(pw, hash);\n",
		}},
		{name: "bcrypt in a socket.io message listener", file: "chat.js", want: []string{"bcrypt-sync warning"}, files: map[string]string{
			"chat.js": "const bcrypt = require('bcrypt');\nconst io = require('socket.io')(3000);\nconst users = new Map();\nio.on('connection', (socket) => {\n  socket.on('login', ({ name, password }) => socket.emit('ok', bcrypt.compareSync(password, users.get(name))));\n});\n",
		}},
		{name: "bcrypt in a helper only startup calls stays information", file: "passwords.js", want: []string{"bcrypt-sync information"}, files: map[string]string{
			"seed.js":      "const { hash } = require('./passwords');\nconst admin = hash('admin');\nmodule.exports = admin;\n",
			"passwords.js": "const bcrypt = require('bcrypt');\nexports.hash = (pw) => bcrypt.hashSync(pw, 12);\n",
		}},
	})
}

// TestRequestPathAcrossFilesTS: the same through TypeScript's forms, classes and
// values an imported function makes.
func TestRequestPathAcrossFilesTS(t *testing.T) {
	const app = "import express, { Request, Response } from 'express';\nconst app = express();\n"
	runXFileCases(t, []xfileCase{
		{name: "namespace import", file: "config.ts", want: []string{fsWarning}, files: map[string]string{
			"routes.ts": app + "import * as config from './config';\napp.get('/c', (req: Request, res: Response) => res.json(config.readConfig()));\n",
			"config.ts": "import * as fs from 'fs';\nexport function readConfig(): string { return fs.readFileSync('c.json', 'utf8'); }\n",
		}},
		{name: "default-exported object", file: "services/templates.ts", want: []string{fsWarning}, files: map[string]string{
			"routes.ts":             app + "import templates from './services/templates';\napp.get('/t', async (req: Request, res: Response) => res.send(await templates.render('a')));\n",
			"services/templates.ts": "import fs from 'fs';\nconst render = async (name: string) => fs.readFileSync(name + '.html', 'utf8');\nexport default { render };\n",
		}},
		{name: "class static method reached through this", file: "models/app.ts", want: []string{fsWarning}, files: map[string]string{
			"routes.ts":     app + "import App from './models/app';\napp.get('/apps', async (req: Request, res: Response) => res.json(await App.findAll()));\n",
			"models/app.ts": "import fs from 'fs';\nexport default class App {\n  static list(): string[] { return fs.readdirSync('apps'); }\n  static async findAll() { return this.list(); }\n}\n",
		}},
		{name: "method of a value an imported function returns", file: "settings.ts", want: []string{fsWarning}, files: map[string]string{
			"routes.ts":   app + "import { getSettings } from './settings';\napp.post('/settings', (req: Request, res: Response) => { const s = getSettings(); s.save(); res.json({}); });\n",
			"settings.ts": "import fs from 'fs';\nclass Settings { save(): void { fs.writeFileSync('settings.json', '{}'); } }\nconst settings = new Settings();\nexport const getSettings = () => settings;\n",
		}},
		{name: "injected service of a controller", file: "analytics.service.ts", want: []string{fsWarning}, files: map[string]string{
			"analytics.controller.ts": "import { Request, Response } from 'express';\nimport { AnalyticsService } from './analytics.service';\nexport class AnalyticsController {\n  constructor(private service: AnalyticsService) {}\n  csv(req: Request, res: Response) { res.send(this.service.exportCSV()); }\n}\n",
			"analytics.service.ts":    "import fs from 'fs';\nexport class AnalyticsService {\n  exportCSV(): string { return fs.readFileSync('export.csv', 'utf8'); }\n}\n",
		}},
		{name: "socket.io listener typed, through a class instance of a third file", file: "LinkInstaller.ts", want: []string{fsWarning}, files: map[string]string{
			"admin.ts":         "import { Server, Socket } from 'socket.io';\nimport { uninstall } from './installer';\nexport const attach = (io: Server) => {\n  io.on('connection', (socket: Socket) => {\n    socket.on('uninstall', async (name: string) => { await uninstall(name); });\n  });\n};\n",
			"installer.ts":     "import { LinkInstaller } from './LinkInstaller';\nexport const linkInstaller = new LinkInstaller();\nexport const uninstall = async (name: string) => { await linkInstaller.uninstallPlugin(name); };\n",
			"LinkInstaller.ts": "import { readFileSync } from 'fs';\nexport class LinkInstaller {\n  public async uninstallPlugin(name: string) { await this.removeDependency(name); }\n  private async removeDependency(dep: string) {\n    const json = JSON.parse(readFileSync(dep + '/package.json', 'utf8'));\n    for (const sub of Object.keys(json.dependencies ?? {})) { await this.removeDependency(sub); }\n  }\n}\n",
		}},
		{name: "an inner helper of an exported function", file: "utils/index.ts", want: []string{"no-sync-fs-in-handler information"}, files: map[string]string{
			"routes/flows.ts":      app + "import flowsController from '../controllers/flows';\nconst router = express.Router();\nrouter.post('/', flowsController.save);\nexport default router;\n",
			"controllers/flows.ts": app + "import flowsService from '../services/flows';\nconst save = async (req: Request, res: Response) => { res.json(await flowsService.save(req.body)); };\nexport default { save };\n",
			"services/flows.ts":    "import { getAppVersion } from '../utils';\nconst save = async (body: object) => ({ ...body, version: await getAppVersion() });\nexport default { save };\n",
			"utils/index.ts":       "import fs from 'fs';\nexport const getAppVersion = async () => {\n  const packagePath = (): string => {\n    for (const p of ['../package.json', '../../package.json']) { if (fs.existsSync(p)) { return p; } }\n    return '';\n  };\n  return packagePath();\n};\n",
		}},
		{name: "code production skips in a handler: not reported", file: "routes.ts", files: map[string]string{
			"routes.ts": app + "import fs from 'fs';\nconst ENVIRONMENT = process.env.NODE_ENV;\napp.get('/c', (req: Request, res: Response) => {\n  if (ENVIRONMENT !== 'production') { fs.statSync('config.yml'); }\n  res.json({});\n});\n",
		}},
		{name: "injected service whose class is imported as a type only", file: "email-service.ts", want: []string{fsWarning}, files: map[string]string{
			"email.ts":         "import { type EmailService, TemplateFormat } from './email-service.js';\nimport type { Request, Response } from 'express';\nexport default class EmailController {\n  private emailService: EmailService;\n  constructor({ emailService }: { emailService: EmailService }) { this.emailService = emailService; }\n  async preview(req: Request, res: Response): Promise<void> { res.send(await this.emailService.compileTemplate(req.params.name, TemplateFormat.HTML)); }\n}\n",
			"email-service.ts": "import { readFileSync } from 'fs';\nexport enum TemplateFormat { HTML = 'html' }\nexport class EmailService {\n  async compileTemplate(name: string, format: TemplateFormat): Promise<string> { return this.resolveTemplate(name, format); }\n  private resolveTemplate(name: string, format: TemplateFormat): string { return readFileSync(name + '.' + format, 'utf-8'); }\n}\n",
		}},
		{name: "crypto in a helper a typed middleware calls", file: "apiKey.ts", want: []string{"no-sync-crypto-in-handler warning"}, files: map[string]string{
			"auth.ts":   "import { Request, Response, NextFunction } from 'express';\nimport { compareKeys } from './apiKey';\nexport function auth(req: Request, res: Response, next: NextFunction) { if (compareKeys('a.b', String(req.headers.key))) next(); }\n",
			"apiKey.ts": "import { scryptSync, timingSafeEqual } from 'crypto';\nexport const compareKeys = (stored: string, supplied: string) => {\n  const [hash, salt] = stored.split('.');\n  return timingSafeEqual(Buffer.from(hash, 'hex'), scryptSync(supplied, salt, 64));\n};\n",
		}},
		{name: "a job, not a handler, calls it: not reported", file: "config.ts", files: map[string]string{
			"jobs.ts":   "import { readConfig } from './config';\nexport async function nightly(): Promise<void> { readConfig(); }\nsetInterval(nightly, 86400000);\n",
			"config.ts": "import * as fs from 'fs';\nexport function readConfig(): string { return fs.readFileSync('c.json', 'utf8'); }\n",
		}},
	})
}

// TestRequestPathThroughPrototypeMethods: a service whose prototype methods are other
// modules' functions, called through an injected object (gladys.system.scan() in a
// controller factory), puts the function on the request path when one prototype
// assignment of the package names the method; not when two do, when the method is a
// built-in object's, or when the receiver is a value the file resolves.
func TestRequestPathThroughPrototypeMethods(t *testing.T) {
	const scanJS = "const fs = require('fs');\nasync function scanDevices(base = '/dev') {\n  return fs.readdirSync(base).filter((e) => e.startsWith('tty'));\n}\nmodule.exports = { scanDevices };\n"
	const systemJS = "const { scanDevices } = require('./system.scanDevices');\nconst System = function System(config) { this.config = config; };\nSystem.prototype.scanDevices = scanDevices;\nmodule.exports = System;\n"
	const controllerJS = "module.exports = function HardwareController(gladys) {\n  async function getHardware(req, res) {\n    res.json(await gladys.system.scanDevices());\n  }\n  return { 'get /api/hardware': { controller: getHardware } };\n};\n"
	const scanTS = "import fs from 'fs';\nexport async function scanDevices(base = '/dev'): Promise<string[]> {\n  return fs.readdirSync(base).filter((e) => e.startsWith('tty'));\n}\n"
	const systemTS = "import { scanDevices } from './system.scanDevices';\nexport function System(this: any, config: unknown) { this.config = config; }\nSystem.prototype.scanDevices = scanDevices;\n"
	const controllerTS = "import type { Request, Response } from 'express';\nexport default function HardwareController(gladys: any) {\n  async function getHardware(req: Request, res: Response) {\n    res.json(await gladys.system.scanDevices());\n  }\n  return { getHardware };\n}\n"
	runXFileCases(t, []xfileCase{
		{name: "js: the one prototype method of the name", file: "system.scanDevices.js", want: []string{fsWarning}, files: map[string]string{
			"system.scanDevices.js": scanJS, "system.js": systemJS, "hardware.controller.js": controllerJS,
		}},
		{name: "ts: the one prototype method of the name", file: "system.scanDevices.ts", want: []string{fsWarning}, files: map[string]string{
			"system.scanDevices.ts": scanTS, "system.ts": systemTS, "hardware.controller.ts": controllerTS,
		}},
		{name: "js: two prototypes name the method: not reported", file: "system.scanDevices.js", files: map[string]string{
			"system.scanDevices.js": scanJS, "system.js": systemJS, "hardware.controller.js": controllerJS,
			"zigbee.js": "const Zigbee = function Zigbee() {};\nZigbee.prototype.scanDevices = async function () { return []; };\nmodule.exports = Zigbee;\n",
		}},
		{name: "ts: a built-in method's name: not reported", file: "system.scanDevices.ts", files: map[string]string{
			"system.scanDevices.ts": scanTS, "system.ts": strings.Replace(systemTS, "System.prototype.scanDevices", "System.prototype.start", 1),
			"hardware.controller.ts": strings.Replace(controllerTS, "gladys.system.scanDevices()", "gladys.system.start()", 1),
		}},
		{name: "js: the receiver is a module the file requires: not reported", file: "system.scanDevices.js", files: map[string]string{
			"system.scanDevices.js": scanJS, "system.js": systemJS,
			"hardware.controller.js": "const express = require('express');\nconst devices = require('./devices');\nconst app = express();\napp.get('/h', async (req, res) => res.json(await devices.system.scanDevices()));\n",
		}},
		{name: "js: called outside the request path: not reported", file: "system.scanDevices.js", files: map[string]string{
			"system.scanDevices.js": scanJS, "system.js": systemJS,
			"boot.js": "module.exports = async function boot(gladys) {\n  await gladys.system.scanDevices();\n};\n",
		}},
	})
}
