package resolve

import (
	"testing"

	"github.com/nodecoach/nodecoach/knowledge/syntax"
)

func TestManagedControllers(t *testing.T) {
	const expressTypes = "import { Request, Response } from 'express';\n"
	const action = "async list(req: Request, res: Response) { await load(); }"
	const jsAction = "async list(req, res) { await load(); }"
	cases := []struct {
		name string
		lang syntax.Language
		src  string
		fn   string // the exact text of the function node
		want string // the managing package, "" for a raw handler
	}{
		// inversify-express-utils
		{"inversify class decorator", syntax.TypeScript, expressTypes +
			"import { controller } from 'inversify-express-utils';\n@controller('/a')\nexport class A {\n  " + action + "\n}",
			action, "inversify-express-utils"},
		{"inversify method decorator", syntax.TypeScript, expressTypes +
			"import { httpGet } from 'inversify-express-utils';\nexport class A {\n  @httpGet('/')\n  // the list\n  public " + action + "\n}",
			"public " + action, "inversify-express-utils"},
		{"inversify base class", syntax.TypeScript, expressTypes +
			"import { BaseHttpController } from 'inversify-express-utils';\nexport class A extends BaseHttpController {\n  " + action + "\n}",
			action, "inversify-express-utils"},
		{"inversify namespace import", syntax.TypeScript, expressTypes +
			"import * as iu from 'inversify-express-utils';\nclass A extends iu.BaseHttpController {\n  " + action + "\n}",
			action, "inversify-express-utils"},
		{"inversify in JavaScript", syntax.JavaScript,
			"const { controller } = require('inversify-express-utils');\n@controller('/a')\nclass A {\n  " + jsAction + "\n}",
			jsAction, "inversify-express-utils"},
		{"arrow field of a controller", syntax.TypeScript, expressTypes +
			"import { controller } from 'inversify-express-utils';\n@controller('/a')\nclass A {\n  list = async (req: Request, res: Response) => { await load(); };\n}",
			"async (req: Request, res: Response) => { await load(); }", "inversify-express-utils"},
		// routing-controllers, tsoa, NestJS
		{"routing-controllers JsonController", syntax.TypeScript, expressTypes +
			"import { JsonController, Get } from 'routing-controllers';\n@JsonController('/a')\nexport class A {\n  @Get('/')\n  " + action + "\n}",
			action, "routing-controllers"},
		{"routing-controllers renamed import", syntax.TypeScript, expressTypes +
			"import { Post as P } from 'routing-controllers';\nexport class A {\n  @P('/')\n  " + action + "\n}",
			action, "routing-controllers"},
		{"routing-controllers in JavaScript", syntax.JavaScript,
			"import { Controller } from 'routing-controllers';\n@Controller('/a')\nexport class A {\n  " + jsAction + "\n}",
			jsAction, "routing-controllers"},
		{"tsoa Route", syntax.TypeScript, expressTypes +
			"import { Route, Get } from 'tsoa';\n@Route('a')\nexport class A {\n  " + action + "\n}",
			action, "tsoa"},
		{"tsoa Controller base", syntax.TypeScript, expressTypes +
			"import { Controller } from 'tsoa';\nexport class A extends Controller {\n  " + action + "\n}",
			action, "tsoa"},
		{"NestJS controller", syntax.TypeScript, expressTypes +
			"import { Controller, Get } from '@nestjs/common';\n@Controller('a')\nexport class A {\n  @Get()\n  " + action + "\n}",
			action, "@nestjs/common"},
		{"NestJS member decorator", syntax.TypeScript, expressTypes +
			"import * as nest from '@nestjs/common';\nexport class A {\n  @nest.Get()\n  " + action + "\n}",
			action, "@nestjs/common"},

		// look-alikes that stay raw handlers
		{"plain class", syntax.TypeScript, expressTypes + "export class A {\n  " + action + "\n}", action, ""},
		{"local decorator of the same name", syntax.TypeScript, expressTypes +
			"function controller(p: string) { return (c: any) => c; }\n@controller('/a')\nexport class A {\n  " + action + "\n}",
			action, ""},
		{"decorator of another package", syntax.TypeScript, expressTypes +
			"import { injectable } from 'inversify';\n@injectable()\nexport class A {\n  " + action + "\n}",
			action, ""},
		{"another export of the framework", syntax.TypeScript, expressTypes +
			"import { results } from 'inversify-express-utils';\n@results.x()\nexport class A {\n  " + action + "\n}",
			action, ""},
		{"tsoa's Controller is a base, not a decorator", syntax.TypeScript, expressTypes +
			"import { Controller } from 'tsoa';\n@Controller()\nexport class A {\n  " + action + "\n}",
			action, ""},
		{"local base class", syntax.TypeScript, expressTypes +
			"class BaseHttpController {}\nexport class A extends BaseHttpController {\n  " + action + "\n}",
			action, ""},
		{"function inside a managed method", syntax.TypeScript, expressTypes +
			"import { controller } from 'inversify-express-utils';\n@controller('/a')\nclass A {\n  setup() { return async (req: Request, res: Response) => { await load(); }; }\n}",
			"async (req: Request, res: Response) => { await load(); }", ""},
		{"JavaScript heuristic handler", syntax.JavaScript, "class A {\n  " + jsAction + "\n}", jsAction, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, tree := parse(t, tc.lang, tc.src)
			if tree.RootNode().HasError() {
				t.Fatalf("the source does not parse: %s", tree.RootNode().ToSexp())
			}
			fn := nodeAt(t, tree, tc.src, tc.fn)
			h := r.Handler(fn)
			if h == nil {
				t.Fatalf("not detected as a handler")
			}
			if h.Managed != tc.want {
				t.Errorf("Managed = %q, want %q", h.Managed, tc.want)
			}
			if got := r.ManagedBy(fn); got != tc.want {
				t.Errorf("ManagedBy = %q, want %q", got, tc.want)
			}
		})
	}
}
