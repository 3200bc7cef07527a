package rules

import (
	"strings"
	"testing"
)

// A handler judged by its parameter types is one only where a registration in
// another file reaches it, and its rejections are the request's only where that
// registration runs it bare. Each case is a controller file and a routes file.
func TestHandlersRegisteredInAnotherFile(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2", "express-async-handler": "^1.2.0"}}`
	const controller = "import { Request, Response } from 'express';\n" +
		"export async function getGroup(req: Request, res: Response) {\n  const g = await load(req.params.id);\n  res.json(g);\n}\n"
	const factory = "import { Request, Response } from 'express';\n" +
		"export function getAddress() {\n  return async (req: Request, res: Response) => {\n    res.json(await load(req.params.id));\n  };\n}\n"
	const class_ = "import { Request, Response } from 'express';\n" +
		"export class UserController {\n  public async list(req: Request, res: Response) {\n    res.json(await load());\n  }\n}\n"
	const defaultExport = "import { Request, Response } from 'express';\n" +
		"export default async function (req: Request, res: Response) {\n  res.json(await load());\n}\n"
	const head = "import express from 'express';\nconst router = express.Router();\n"
	cases := []struct {
		name, file, source, routes string
		flagged                    bool
	}{
		{"named import, bare", "getGroup.ts", controller, head + "import { getGroup } from './getGroup';\nrouter.get('/:id', getGroup);\n", true},
		{"named import, cast, bare", "getGroup.ts", controller, head + "import { getGroup } from './getGroup';\nrouter.get('/:id', getGroup as unknown as express.RequestHandler);\n", true},
		{"named import, wrapped", "getGroup.ts", controller, head + "import asyncHandler from 'express-async-handler';\nimport { getGroup } from './getGroup';\nrouter.get('/:id', asyncHandler(getGroup));\n", false},
		{"never registered", "getGroup.ts", controller, head + "router.get('/', (req, res) => res.end());\n", false},
		{"namespace import, bare", "getGroup.ts", controller, head + "import * as groups from './getGroup';\nrouter.get('/:id', groups.getGroup);\n", true},
		{"module wrapped whole", "getGroup.ts", controller, head + "import * as raw from './getGroup';\nimport { wrapController } from './wrap';\nconst groups = wrapController(raw);\nrouter.get('/:id', groups.getGroup);\n", false},
		{"path alias, bare", "scim/getGroup.ts", controller, head + "import { getGroup } from 'app/scim/getGroup';\nrouter.get('/:id', getGroup);\n", true},
		{"factory call, bare", "address.ts", factory, head + "import * as address from './address';\nrouter.get('/a', address.getAddress());\n", true},
		{"factory call, wrapped", "address.ts", factory, head + "import asyncHandler from 'express-async-handler';\nimport * as address from './address';\nrouter.get('/a', asyncHandler(address.getAddress()));\n", false},
		{"class instance method, bound", "users.ts", class_, head + "import { UserController } from './users';\nconst users = new UserController();\nrouter.get('/u', users.list.bind(users));\n", true},
		{"class instance method, wrapped", "users.ts", class_, head + "import asyncHandler from 'express-async-handler';\nimport { UserController } from './users';\nconst users = new UserController();\nrouter.get('/u', asyncHandler(users.list.bind(users)));\n", false},
		{"default export, bare", "list.ts", defaultExport, head + "import list from './list';\nrouter.get('/l', list);\n", true},
		{"index file imported by its directory", "groups/index.ts", controller, head + "import { getGroup } from './groups';\nrouter.get('/:id', getGroup);\n", true},
		{"same name, other module", "getGroup.ts", controller, head + "import { getGroup } from './other';\nrouter.get('/:id', getGroup);\n", false},
	}
	const jsController = "exports.list = async (req, res) => {\n  res.json(await load());\n};\n"
	const jsHead = "const express = require('express');\nconst router = express.Router();\n"
	cases = append(cases, []struct {
		name, file, source, routes string
		flagged                    bool
	}{
		{"js: required controller, bare", "users.js", jsController, jsHead + "const users = require('./users');\nrouter.get('/', users.list);\n", true},
		{"js: destructured, bare", "users.js", jsController, jsHead + "const { list } = require('./users');\nrouter.get('/', list);\n", true},
		{"js: wrapped", "users.js", jsController, jsHead + "const asyncHandler = require('express-async-handler');\nconst users = require('./users');\nrouter.get('/', asyncHandler(users.list));\n", false},
		{"js: local wrapper catching into next", "users.js", jsController, jsHead + "const safe = (fn) => (req, res, next) => fn(req, res, next).catch(next);\nconst users = require('./users');\nrouter.get('/', safe(users.list));\n", false},
		{"js: never registered", "users.js", jsController, jsHead + "const users = require('./users');\nusers.list;\n", false},
	}...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkFlaggedAtRegistration(t, pkg, tc.file, tc.source, tc.routes, tc.flagged)
		})
	}
}

// checkFlaggedAtRegistration analyses a package of file, which defines a handler, and a
// routes file that registers it (routes.js beside a .js file, routes.ts otherwise): file
// gets express-async-missing-next only when flagged, related to the registration.
func checkFlaggedAtRegistration(t *testing.T, pkg, file, source, routesSource string, flagged bool) {
	t.Helper()
	routes := "routes.ts"
	if strings.HasSuffix(file, ".js") {
		routes = "routes.js"
	}
	got := analyzePackage(t, pkg, map[string]string{file: source, routes: routesSource})
	var found bool
	for _, f := range got[file] {
		if f.Rule != "express-async-missing-next" {
			continue
		}
		found = true
		if len(f.Related) == 0 || !strings.HasSuffix(f.Related[0].Where.Path, routes) {
			t.Errorf("the finding does not point at the registration: %+v", f.Related)
		}
	}
	if found != flagged {
		t.Errorf("flagged %v, want %v: %v", found, flagged, got[file])
	}
}

// checkMissingNext analyses a package of files and checks that file gets
// express-async-missing-next only when flagged.
func checkMissingNext(t *testing.T, pkg string, files map[string]string, file string, flagged bool) {
	t.Helper()
	got := analyzePackage(t, pkg, files)
	if found := strings.Contains(rulesIn(got[file]), "express-async-missing-next"); found != flagged {
		t.Errorf("flagged %v, want %v: %v", found, flagged, got[file])
	}
}

// caseExt is the extension a case's name asks for: ".js" for a "js: …" case, else ".ts".
func caseExt(name string) string {
	if strings.HasPrefix(name, "js:") {
		return ".js"
	}
	return ".ts"
}
