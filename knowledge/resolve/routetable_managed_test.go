package resolve

import (
	"fmt"
	"slices"
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

// managedRow is a joined route of a managed controller on one line: method, full
// path, the line of its decorator, the handler with its line, middleware and the
// framework that runs it.
func managedRow(r FullRoute) string {
	var mw []string
	for _, m := range r.Middleware {
		mw = append(mw, m.Text)
	}
	return fmt.Sprintf("%s %s :%d %s:%d %v %s", r.Method, r.FullPath, r.At.UTF16.Start.Line+1,
		r.Handler.Text, r.Handler.At.UTF16.Start.Line+1, mw, r.Handler.Managed)
}

func TestManagedControllerRoutes(t *testing.T) {
	type file struct{ name, src string }
	cases := []struct {
		name  string
		files []file
		want  []string
	}{
		{"routing-controllers below the routePrefix its server states", []file{
			{"src/app.ts", "import { createExpressServer } from 'routing-controllers';\nconst PREFIX = '/api';\n" +
				"export const app = createExpressServer({ routePrefix: PREFIX, controllers: [] });\n"},
			{"src/users.ts", "import { JsonController, Get, Post, Method } from 'routing-controllers';\n" +
				"@JsonController('/v6/')\nexport class Users {\n  @Get()\n  list() { return [] }\n" +
				"  @Post('init')\n  async init() {}\n  @Method('patch', '/:id')\n  touch() {}\n  helper() {}\n}\n"},
		}, []string{
			"GET /api/v6 :4 Users.list:5 [] routing-controllers",
			"POST /api/v6/init :6 Users.init:7 [] routing-controllers",
			"PATCH /api/v6/:id :8 Users.touch:9 [] routing-controllers",
		}},
		{"routing-controllers' @UseBefore middleware, the controller's first", []file{
			{"src/client.ts", "import { JsonController, Post, UseBefore } from 'routing-controllers';\n" +
				"@JsonController('/v6')\n@UseBefore(ClientLib)\n@UseBefore(UserCheck)\nexport class Client {\n" +
				"  @UseBefore(audit)\n  @Post('mark')\n  async mark() {}\n}\n"},
		}, []string{"POST /v6/mark :7 Client.mark:8 [ClientLib UserCheck audit] routing-controllers"}},
		{"routing-controllers with a prefix from configuration is shown in braces", []file{
			{"src/app.ts", "import { createExpressServer } from 'routing-controllers';\nimport { env } from './env';\n" +
				"createExpressServer({ routePrefix: env.app.routePrefix });\n"},
			{"src/version.ts", "import { Controller, Get } from 'routing-controllers';\n@Controller('/version')\nexport class V {\n  @Get('/')\n  get() {}\n}\n"},
		}, []string{"GET {env.app.routePrefix}/version :4 V.get:5 [] routing-controllers"}},
		{"inversify-express-utils with middleware and the default rootPath", []file{
			{"bin/server.ts", "import { InversifyExpressServer } from 'inversify-express-utils';\nconst server = new InversifyExpressServer(container);\n"},
			{"src/users.ts", "import { controller, httpGet, httpPost, httpMethod, BaseHttpController } from 'inversify-express-utils';\n" +
				"@controller('/v1/users', TYPES.Auth)\nexport class UsersController extends BaseHttpController {\n" +
				"  @httpPost('/claim-account', TYPES.RateLimit)\n  async claim() {}\n" +
				"  @httpGet('/:id')\n  async show() {}\n  @httpMethod('put', '/:id/password')\n  async password() {}\n}\n"},
		}, []string{
			"POST /v1/users/claim-account :4 UsersController.claim:5 [TYPES.Auth TYPES.RateLimit] inversify-express-utils",
			"GET /v1/users/:id :6 UsersController.show:7 [TYPES.Auth] inversify-express-utils",
			"PUT /v1/users/:id/password :8 UsersController.password:9 [TYPES.Auth] inversify-express-utils",
		}},
		{"inversify-express-utils under a rootPath", []file{
			{"src/server.ts", "import { InversifyExpressServer } from 'inversify-express-utils';\nnew InversifyExpressServer(container, null, { rootPath: '/api' });\n"},
			{"src/health.ts", "import { controller, httpGet } from 'inversify-express-utils';\n@controller('/healthcheck')\nexport class Health {\n  @httpGet('/')\n  get() {}\n}\n"},
		}, []string{"GET /api/healthcheck :4 Health.get:5 [] inversify-express-utils"}},
		{"tsoa writes path parameters in braces", []file{
			{"src/users.ts", "import { Route, Get, Delete, Controller } from 'tsoa';\n@Route('users')\nexport class UsersController extends Controller {\n" +
				"  @Get('{userId}')\n  public async getUser() {}\n  @Delete('{userId}/keys/{keyId}')\n  public async drop() {}\n}\n"},
		}, []string{
			"GET /users/:userId :4 UsersController.getUser:5 [] tsoa",
			"DELETE /users/:userId/keys/:keyId :6 UsersController.drop:7 [] tsoa",
		}},
		{"NestJS: global prefix, URI versioning and unversioned controllers", []file{
			{"src/main.ts", "import { NestFactory } from '@nestjs/core';\nimport { VersioningType } from '@nestjs/common';\n" +
				"async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n" +
				"  app.enableVersioning({ type: VersioningType.URI });\n  await app.listen(3000);\n}\n"},
			{"src/auth.controller.ts", "import { Controller, Get, Post, All } from '@nestjs/common';\n" +
				"@Controller({ path: 'auth', version: '1' })\nexport class AuthController {\n  @Get('providers')\n  async providers() {}\n" +
				"  @Post(['signin', 'login'])\n  async signin() {}\n}\n" +
				"@Controller('mock')\nexport class MockController {\n  @All('*path')\n  handle() {}\n}\n"},
		}, []string{
			"GET /api/v1/auth/providers :4 AuthController.providers:5 [] @nestjs/common",
			"POST /api/v1/auth/signin :6 AuthController.signin:7 [] @nestjs/common",
			"POST /api/v1/auth/login :6 AuthController.signin:7 [] @nestjs/common",
			"ALL /api/mock/*path :11 MockController.handle:12 [] @nestjs/common",
		}},
		{"a decorator of another package, or a method outside a controller, routes nothing", []file{
			{"src/a.ts", "import { Get } from './my-decorators';\nimport { Post } from '@nestjs/common';\n" +
				"@Injectable()\nexport class A {\n  @Get('/x')\n  x() {}\n  @Post('/y')\n  y() {}\n}\n"},
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var tables []FileRoutes
			for _, f := range tc.files {
				tables = append(tables, tableOf(t, syntax.TypeScript, f.name, f.src))
			}
			var got []string
			for _, r := range JoinRoutes(tables) {
				if r.Handler.Managed != "" {
					got = append(got, managedRow(r))
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestBraceParamsToExpress(t *testing.T) {
	for in, want := range map[string]string{
		"users/{id}":          "users/:id",
		"{a}/x/{b}":           ":a/x/:b",
		"{env.prefix}/users":  "{env.prefix}/users",
		"no/params":           "no/params",
		"{unclosed":           "{unclosed",
		"users/{id}/{ bad }/": "users/:id/{ bad }/",
	} {
		if got := braceParamsToExpress(in); got != want {
			t.Errorf("braceParamsToExpress(%q) = %q, want %q", in, got, want)
		}
	}
}

// The Express app a framework makes or hands over is an app: what is registered on it
// is listed, even middleware nothing else shows is Express's.
func TestFrameworkAppsAreExpressApps(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string
	}{
		{"a NestJS app on the Express platform",
			"import { NestFactory } from '@nestjs/core';\nimport cookieParser from 'cookie-parser';\n" +
				"async function bootstrap() {\n  const app = await NestFactory.create<NestExpressApplication>(AppModule);\n  app.use(cookieParser());\n}\n",
			[]string{"USE / on app [] cookieParser()"}},
		{"a NestJS app on another platform is not Express's",
			"import { NestFactory } from '@nestjs/core';\nimport { FastifyAdapter } from '@nestjs/platform-fastify';\nimport cookieParser from 'cookie-parser';\n" +
				"async function bootstrap() {\n  const app = await NestFactory.create(AppModule, new FastifyAdapter());\n  app.use(cookieParser());\n}\n",
			nil},
		{"the app InversifyExpressServer hands its setConfig callback",
			"import { InversifyExpressServer } from 'inversify-express-utils';\nimport robots from 'express-robots-txt';\n" +
				"const server = new InversifyExpressServer(container);\nserver.setConfig((app) => {\n  app.use(robots({ UserAgent: '*' }));\n});\n",
			[]string{"USE / on app [] robots({ UserAgent: '*' })"}},
		{"a callback of another setConfig hands nothing",
			"import robots from 'express-robots-txt';\nconst server = makeServer();\nserver.setConfig((app) => {\n  app.use(robots({ UserAgent: '*' }));\n});\n",
			nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range JoinRoutes([]FileRoutes{tableOf(t, syntax.TypeScript, "src/main.ts", tc.src)}) {
				got = append(got, describe(r))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A get with one argument reads a setting, or a NestJS app's provider: no route.
func TestGetWithOneArgumentIsNoRoute(t *testing.T) {
	src := "import { NestFactory } from '@nestjs/core';\nimport express from 'express';\n" +
		"async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  const config = app.get(ConfigService);\n" +
		"  const web = express();\n  web.get('trust proxy');\n  web.route('/a').get(show);\n}\n"
	var got []string
	for _, r := range JoinRoutes([]FileRoutes{tableOf(t, syntax.TypeScript, "src/main.ts", src)}) {
		got = append(got, describe(r))
	}
	if want := []string{"GET /a on web [] show"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
