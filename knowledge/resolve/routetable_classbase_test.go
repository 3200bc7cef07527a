package resolve

import (
	"slices"
	"testing"
)

// A path part bound to a configuration value with a literal default is shown with
// its default, in the file and through an import, in JavaScript and TypeScript.
func TestRouteTableConfigurationDefaults(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"an imported constant with || (ts)", []tableSource{
			{"src/config.ts", "export const BASE_PATH = process.env.BASE_PATH || '/';\n"},
			{"src/app.ts", "import express from 'express';\nimport { BASE_PATH } from './config';\nexport const app = express();\nexport const router = express();\nrouter.post('/runs', handle);\napp.use(BASE_PATH, router);\n"},
		}, []string{"POST {BASE_PATH:/}/runs on router [] handle"}},
		{"a constant of the file with ?? in a template (ts)", []tableSource{
			{"src/app.ts", "import express from 'express';\nconst app = express();\nconst baseUriPath = config.server.baseUriPath ?? '';\napp.use(`${baseUriPath}/api`, auth);\napp.get(`${baseUriPath}`, index);\n"},
		}, []string{"USE {baseUriPath:}/api on app [] auth", "GET {baseUriPath:} on app [] index"}},
		{"the expression written in the registration, and an export by exports. (js)", []tableSource{
			{"config.js", "exports.PREFIX = process.env.PREFIX || '/v1';\n"},
			{"app.js", "const express = require('express');\nconst { PREFIX } = require('./config');\nconst app = express();\napp.get(process.env.HEALTH || '/health', health);\nconst r = express.Router();\nr.get('/users', list);\napp.use(PREFIX, r);\n"},
		}, []string{"GET {process.env.HEALTH:/health} on app [] health", "GET {PREFIX:/v1}/users on r [] list"}},
		{"a default that is not literal stays unknown (js)", []tableSource{
			{"app.js", "const express = require('express');\nconst app = express();\nconst base = process.env.BASE || defaultBase();\napp.get(`${base}/x`, h);\n"},
		}, []string{"GET {base}/x on app [] h"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := joined(t, c.files...)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("routes =\n%v\nwant\n%v", got, want)
			}
		})
	}
}

// The controller base class every case shares: route() registers from its options,
// get() and use() forward to it, and the router getter returns the registering app.
const controllerTS = `import { Router, IRouter } from 'express';
export default class Controller {
  app: IRouter;
  constructor(config) {
    this.app = Router();
  }
  route(options) {
    this.app[options.method](options.path, check(options.permission), options.handler.bind(this));
    this.app.use(options.path, validation);
  }
  get(path: string, handler, permission = NONE): void {
    this.route({ method: 'get', path, handler, permission });
  }
  use(path: string, router: IRouter): void {
    this.app.use(path, router);
  }
  get router(): IRouter {
    return this.app;
  }
}
`

const controllerJS = `const { Router } = require('express');
class Controller {
  constructor() {
    this.app = Router();
  }
  route(options) {
    this.app[options.method](options.path, options.handler);
  }
  post(path, handler) {
    this.route({ method: 'post', path, handler });
  }
  use(path, router) {
    this.app.use(path, router);
  }
  get router() {
    return this.app;
  }
}
module.exports = Controller;
`

// Registrations through a base class's method are instantiated at each call through
// this. in a subclass, in another file, and mounted through the router getter.
func TestRouteTableBaseClassRegistrations(t *testing.T) {
	cases := []struct {
		name  string
		files []tableSource
		want  []string
	}{
		{"route() and a get() helper in subclasses, mounted by the getter (ts)", []tableSource{
			{"src/routes/controller.ts", controllerTS},
			{"src/routes/health.ts", "import Controller from './controller';\nexport class HealthController extends Controller {\n  constructor(config) {\n    super(config);\n    this.route({ method: 'get', path: '', handler: this.getHealth, permission: NONE });\n  }\n  async getHealth(req, res) { res.json({}) }\n}\n"},
			{"src/routes/features.ts", "import Controller from './controller';\nexport default class FeatureController extends Controller {\n  constructor(config) {\n    super(config);\n    this.get('/:featureName', this.getFeature);\n    this.route({ method: 'post', path: `/`, handler: this.create });\n  }\n}\n"},
			{"src/routes/index.ts", "import Controller from './controller';\nimport { HealthController } from './health';\nimport FeatureController from './features';\nclass IndexRouter extends Controller {\n  constructor(config) {\n    super(config);\n    this.use('/health', new HealthController(config).router);\n    this.use('/api/features', new FeatureController(config).router);\n  }\n}\nexport default IndexRouter;\n"},
			{"src/app.ts", "import express from 'express';\nimport IndexRouter from './routes/index';\nexport function createApp(config) {\n  const app = express();\n  app.use('/', new IndexRouter(config).router);\n  return app;\n}\n"},
		}, []string{
			"GET /health on this.app [check(options.permission)] options.handler.bind(this)",
			"USE /health on this.app [] validation",
			"GET /api/features/:featureName on this.app [check(options.permission)] options.handler.bind(this)",
			"USE /api/features/:featureName on this.app [] validation",
			"POST /api/features on this.app [check(options.permission)] options.handler.bind(this)",
			"USE /api/features on this.app [] validation",
		}},
		{"a call whose arguments are not literal keeps its expression (ts)", []tableSource{
			{"src/controller.ts", controllerTS},
			{"src/context.ts", "import express from 'express';\nimport Controller from './controller';\nexport class ContextController extends Controller {\n  constructor(config, mode) {\n    super(config);\n    const prefix = mode === 'global' ? '' : '/:projectId/context';\n    this.route({ method: 'get', path: `${prefix}/:field`, handler: this.get });\n  }\n}\nconst app = express();\napp.use('/api', new ContextController(config, 'global').router);\n"},
		}, []string{
			"GET /api{prefix}/:field on this.app [check(options.permission)] options.handler.bind(this)",
			"USE /api{prefix}/:field on this.app [] validation",
			// use() is called by no class: its row stays as written, on no mount
			"USE {path} on this.app [] router",
		}},
		{"a base class in CommonJS, a subclass mounted by an app (js)", []tableSource{
			{"lib/controller.js", controllerJS},
			{"lib/users.js", "const Controller = require('./controller');\nclass UsersController extends Controller {\n  constructor() {\n    super();\n    this.post('/login', this.login);\n    this.route({ method: 'delete', path: '/:id', handler: this.remove });\n  }\n}\nmodule.exports = UsersController;\n"},
			{"server.js", "const express = require('express');\nconst UsersController = require('./lib/users');\nconst app = express();\napp.use('/users', new UsersController().router);\n"},
		}, []string{
			"POST /users/login on this.app [] options.handler",
			"DELETE /users/:id on this.app [] options.handler",
			"USE {path} on this.app [] router",
		}},
		{"two levels of the hierarchy, the middle class without methods, in one file (ts)", []tableSource{
			{"src/controller.ts", controllerTS},
			{"src/admin.ts", "import express from 'express';\nimport Controller from './controller';\nexport class AdminController extends Controller {}\nclass FlagsController extends AdminController {\n  constructor(config) {\n    super(config);\n    this.get('/flags', this.list);\n  }\n}\nconst app = express();\napp.use('/admin', new FlagsController(config).router);\n"},
		}, []string{
			"GET /admin/flags on this.app [check(options.permission)] options.handler.bind(this)",
			"USE /admin/flags on this.app [] validation",
			"USE {path} on this.app [] router",
		}},
		{"no call: the template keeps its one row (js)", []tableSource{
			{"lib/controller.js", controllerJS},
			{"server.js", "const express = require('express');\nconst Controller = require('./lib/controller');\nconst app = express();\napp.use('/base', new Controller().router);\n"},
		}, []string{
			"{options.method} /base{options.path} on this.app [] options.handler",
			"USE /base{path} on this.app [] router",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := joined(t, c.files...)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("routes =\n%v\nwant\n%v", got, want)
			}
		})
	}
}
