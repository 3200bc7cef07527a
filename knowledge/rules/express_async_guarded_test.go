package rules

import (
	"strings"
	"testing"
)

// A callee that can reject only in a branch its caller switches off with a falsy
// literal (send(type, { notifyAdmin: false })) cannot reject for that call; any other
// argument, an assignment to the flag, or a rejection outside the branch still can.
func TestAwaitOfCallWhoseRejectingBranchIsOff(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2"}}`
	const tsHead = "import express from 'express';\nimport Agent from './agent';\nconst router = express.Router();\n"
	const jsHead = "const express = require('express');\nconst { send } = require('./agent');\nconst router = express.Router();\n"
	tsRoutes := func(payload string) string {
		return tsHead + "const probe = async (agent: Agent) => await agent.send(1, " + payload + ");\n" +
			"router.post('/test', async (req, res, next) => {\n  const agent = new Agent(req.body);\n  if (await probe(agent)) {\n    return res.status(204).send();\n  }\n  return next(new Error('failed'));\n});\n"
	}
	const agentClass = "export default class Agent {\n  constructor(private opts: unknown) {}\n" +
		"  public async send(type: number, payload: { notifySystem: boolean; notifyAdmin: boolean }): Promise<boolean> {\n" +
		"    if (payload.notifySystem) {\n      try {\n        await http.post('/hook', { type });\n      } catch (e) {\n        return false;\n      }\n    }\n" +
		"    if (payload.notifyAdmin && type > 0) {\n      const users = await repo.find();\n      await Promise.all(users.map((u) => notify(u)));\n    }\n    return true;\n  }\n}\n"
	jsRoutes := func(arg string) string {
		return jsHead + "router.post('/test', async (req, res) => {\n  res.json(await send(req.body, " + arg + "));\n});\n"
	}
	const jsAgent = "exports.send = async function send(body, opts) {\n  if (opts.all) {\n    await db.find();\n  }\n  return true;\n};\n"
	cases := []struct {
		name, routes, agent string
		flagged             bool
	}{
		{"ts: the branch that rejects is switched off", tsRoutes("{ notifySystem: true, notifyAdmin: false }"), agentClass, false},
		{"ts: the branch that rejects is switched on", tsRoutes("{ notifySystem: true, notifyAdmin: true }"), agentClass, true},
		{"ts: the flag is not a literal", tsRoutes("{ notifySystem: true, notifyAdmin: isAdmin() }"), agentClass, true},
		{"ts: the callee sets the flag", tsRoutes("{ notifySystem: true, notifyAdmin: false }"),
			strings.Replace(agentClass, "    if (payload.notifySystem) {", "    payload.notifyAdmin = true;\n    if (payload.notifySystem) {", 1), true},
		{"ts: the callee also rejects outside the branch", tsRoutes("{ notifySystem: true, notifyAdmin: false }"),
			strings.Replace(agentClass, "    return true;\n  }\n}", "    await audit();\n    return true;\n  }\n}", 1), true},
		{"ts: the rejecting code is the else branch", tsRoutes("{ notifySystem: true, notifyAdmin: false }"),
			strings.Replace(agentClass, "      await Promise.all(users.map((u) => notify(u)));\n    }", "      await Promise.all(users.map((u) => notify(u)));\n    } else {\n      await repo.find();\n    }", 1), true},
		{"js: a required function with the branch switched off", jsRoutes("{ all: false }"), jsAgent, false},
		{"js: a required function with the branch switched on", jsRoutes("{ all: true }"), jsAgent, true},
		{"js: the flag left out", jsRoutes("{}"), jsAgent, true},
		{"js: same file, the branch switched off", "const express = require('express');\nconst router = express.Router();\n" +
			strings.Replace(jsAgent, "exports.send = ", "", 1) + "router.post('/test', async (req, res) => {\n  res.json(await send(req.body, { all: 0 }));\n});\n", "", false},
		{"js: same file, the branch switched on", "const express = require('express');\nconst router = express.Router();\n" +
			strings.Replace(jsAgent, "exports.send = ", "", 1) + "router.post('/test', async (req, res) => {\n  res.json(await send(req.body, { all: 1 }));\n});\n", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ext := caseExt(tc.name)
			files := map[string]string{"routes" + ext: tc.routes}
			if tc.agent != "" {
				files["agent"+ext] = tc.agent
			}
			checkMissingNext(t, pkg, files, "routes"+ext, tc.flagged)
		})
	}
}
