package rules

import (
	"strings"
	"testing"
)

// A middleware factory's returned async function is a handler where another file
// registers the factory's call bare, even when that file reaches the factory through
// a value it cannot trace to an import (a parameter's property): the factory's name
// is what the two files share.
func TestFactoryRegisteredBareFromAnotherFile(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.17.1", "express-async-handler": "^1.2.0"}}`
	const jsFactory = "function init(env) {\n  const authorization = {};\n" +
		"  authorization.isPermitted = function isPermitted(permission) {\n" +
		"    async function check(req, res, next) {\n      const perms = await authorization.resolve(req);\n      if (perms.includes(permission)) return next();\n      res.sendStatus(401);\n    }\n    return check;\n  };\n" +
		"  return authorization;\n}\nmodule.exports = init;\n"
	const tsFactory = "import { Request, Response, NextFunction } from 'express';\n" +
		"export function makeAuth(store: Store) {\n  return {\n    requireRole(role: string) {\n" +
		"      return async (req: Request, res: Response, next: NextFunction) => {\n        const user = await store.load(req.params.id);\n        if (user.role === role) return next();\n        res.sendStatus(403);\n      };\n    },\n  };\n}\n"
	const jsRoutes = "function configure(app, ctx) {\n  const express = require('express');\n  const api = express.Router();\n%s\n  return api;\n}\nmodule.exports = configure;\n"
	const tsRoutes = "import express from 'express';\nexport function routes(auth: Auth) {\n  const router = express.Router();\n%s\n  return router;\n}\n"
	cases := []struct {
		name, defining, source, routes string
		flagged                        bool
	}{
		{"js: bare in use", "authorization.js", jsFactory, strings.Replace(jsRoutes, "%s", "  api.use(ctx.authorization.isPermitted('api:read'));", 1), true},
		{"js: bare before a handler", "authorization.js", jsFactory, strings.Replace(jsRoutes, "%s", "  api.get('/s', ctx.authorization.isPermitted('api:read'), function (req, res) { res.end(); });", 1), true},
		{"js: wrapped", "authorization.js", jsFactory, strings.Replace(jsRoutes, "%s", "  const asyncHandler = require('express-async-handler');\n  api.use(asyncHandler(ctx.authorization.isPermitted('api:read')));", 1), false},
		{"js: other name", "authorization.js", jsFactory, strings.Replace(jsRoutes, "%s", "  api.use(ctx.authorization.isAdmin('api:read'));", 1), false},
		{"js: never registered", "authorization.js", jsFactory, strings.Replace(jsRoutes, "%s", "  ctx.authorization.isPermitted('api:read');", 1), false},
		{"ts: bare", "auth.ts", tsFactory, strings.Replace(tsRoutes, "%s", "  router.get('/admin', auth.requireRole('admin'), (req, res) => res.end());", 1), true},
		{"ts: wrapped", "auth.ts", tsFactory, "import asyncHandler from 'express-async-handler';\n" + strings.Replace(tsRoutes, "%s", "  router.get('/admin', asyncHandler(auth.requireRole('admin')), (req, res) => res.end());", 1), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkFlaggedAtRegistration(t, pkg, tc.defining, tc.source, tc.routes, tc.flagged)
		})
	}
}

// A base controller that registers through a computed method name
// (`this.app[options.method](…)`) registers what its factories return: their async
// middleware is judged like any registered handler, and a wrapper still guards it.
func TestFactoryRegisteredThroughComputedMethod(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2", "express-async-handler": "^1.2.0"}}`
	const factory = "const checkPermission = (permission) => async (req, res, next) => {\n" +
		"  if (await req.checkRbac(permission)) return next();\n  res.status(403).end();\n};\n"
	const class_ = "class Controller {\n  constructor() {\n    this.app = Router();\n  }\n  route(options) {\n" +
		"    this.app[options.method](options.path, %s, options.handler);\n  }\n}\n"
	cases := []struct {
		name, file, source string
		flagged            bool
	}{
		{"js: bare", "controller.js", "const { Router } = require('express');\n" + factory + strings.Replace(class_, "%s", "checkPermission(options.permission)", 1), true},
		{"ts: bare", "controller.ts", "import { Router } from 'express';\n" + factory + strings.Replace(class_, "%s", "checkPermission(options.permission)", 1), true},
		{"ts: wrapped", "controller.ts", "import { Router } from 'express';\nimport asyncHandler from 'express-async-handler';\n" + factory + strings.Replace(class_, "%s", "asyncHandler(checkPermission(options.permission))", 1), false},
		{"js: a string index is an ordinary registration", "controller.js", "const { Router } = require('express');\n" + factory + "const router = Router();\nrouter['get']('/', checkPermission('read'));\n", true},
		{"js: not passed to the computed call", "controller.js", "const { Router } = require('express');\n" + factory + strings.Replace(class_, "%s", "options.check", 1), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkMissingNext(t, pkg, map[string]string{tc.file: tc.source}, tc.file, tc.flagged)
		})
	}
}
