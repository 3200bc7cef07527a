package rules

import (
	"strings"
	"testing"
)

// An await of a call that cannot reject leaves the handler safe; one that can
// reject, or that nodecoach cannot resolve, does not. Each case is a routes file
// whose handler awaits a call, and the file that defines the callee (empty: the
// routes file defines it itself).
func TestAwaitOfCallThatCannotReject(t *testing.T) {
	const pkg = `{"dependencies": {"express": "^4.21.2"}}`
	const tsHead = "import express from 'express';\nconst router = express.Router();\n"
	const jsHead = "const express = require('express');\nconst router = express.Router();\n"
	const catches = "async function fetchStatus() {\n  try {\n    return await http.get('/status');\n  } catch (e) {\n    log(e);\n    return null;\n  }\n}\n"
	const rethrows = "async function fetchStatus() {\n  try {\n    return await http.get('/status');\n  } catch (e) {\n    log(e);\n    throw e;\n  }\n}\n"
	const awaitsOutside = "async function fetchStatus() {\n  const token = await login();\n  try {\n    return await http.get('/status', token);\n  } catch (e) {\n    return null;\n  }\n}\n"
	const throws = "async function fetchStatus() {\n  if (!ready) throw new Error('not ready');\n  try {\n    return await http.get('/status');\n  } catch (e) {\n    return null;\n  }\n}\n"
	const returnsCall = "async function fetchStatus() {\n  return http.get('/status');\n}\n"
	const handler = "router.get('/s', async (req, res) => {\n  const s = await fetchStatus();\n  res.json(s);\n});\n"
	const apiClass = "export default class Api {\n  async status() {\n    try {\n      return await http.get('/status');\n    } catch (e) {\n      return [];\n    }\n  }\n}\n"
	const apiClassCanReject = "export default class Api {\n  async status() {\n    return await http.get('/status');\n  }\n}\n"
	const twoStatus = "export class Api {\n  async status() {\n    try {\n      return await http.get('/status');\n    } catch (e) {\n      return [];\n    }\n  }\n}\n" +
		"export class Other {\n  async status() {\n    return await http.get('/other');\n  }\n}\n"
	const viaInstance = "import Api from './api';\nrouter.get('/s', async (req, res) => {\n  const api = new Api();\n  res.json(await api.status());\n});\n"
	const viaParam = "import Api from './api';\nconst probe = async (api) => await api.status();\n" +
		"router.get('/s', async (req, res) => {\n  const api = new Api(req.body);\n  if (await probe(api)) {\n    return res.status(204).end();\n  }\n  res.status(500).end();\n});\n"
	cases := []struct {
		name, routes, callee string
		flagged              bool
	}{
		{"same file: catch returns a value", tsHead + catches + handler, "", false},
		{"same file: catch rethrows", tsHead + rethrows + handler, "", true},
		{"same file: await outside the try", tsHead + awaitsOutside + handler, "", true},
		{"same file: throw outside a try", tsHead + throws + handler, "", true},
		{"same file: returns a call it does not await", tsHead + returnsCall + handler, "", true},
		{"other file: imported function catches", tsHead + "import { fetchStatus } from './status';\n" + handler, "export " + catches, false},
		{"other file: imported function rethrows", tsHead + "import { fetchStatus } from './status';\n" + handler, "export " + rethrows, true},
		{"other file: method of an instance of an imported class", tsHead + viaInstance, apiClass, false},
		{"other file: that method awaits outside a try", tsHead + viaInstance, apiClassCanReject, true},
		{"other file: one of two methods of the name can reject", strings.Replace(tsHead+viaInstance, "import Api", "import { Api }", 1), twoStatus, true},
		{"other file: parameter bound to an instance", tsHead + viaParam, apiClass, false},
		{"other file: parameter bound to an instance that can reject", tsHead + viaParam, apiClassCanReject, true},
		{"js: same file, catch returns a value", jsHead + catches + handler, "", false},
		{"js: same file, catch rethrows", jsHead + rethrows + handler, "", true},
		{"js: required function catches", jsHead + "const { fetchStatus } = require('./status');\n" + handler, "exports.fetchStatus = " + catches, false},
		{"js: required function awaits outside the try", jsHead + "const { fetchStatus } = require('./status');\n" + handler, "exports.fetchStatus = " + awaitsOutside, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ext := caseExt(tc.name)
			files := map[string]string{"routes" + ext: tc.routes}
			if tc.callee != "" {
				name := "status" + ext
				if strings.Contains(tc.routes, "'./api'") {
					name = "api" + ext
				}
				files[name] = tc.callee
			}
			checkMissingNext(t, pkg, files, "routes"+ext, tc.flagged)
		})
	}
}
