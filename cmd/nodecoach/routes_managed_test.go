package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A NestJS app: main.ts sets a global prefix and URI versioning, a controller in
// another file declares its actions with decorators. Each action is a route at its
// full path, at the decorator's line, handled by the method, managed by NestJS and so
// error-safe; the Express middleware main.ts adds stays listed.
func TestRoutesOfManagedControllers(t *testing.T) {
	root := writeProject(t, map[string]string{
		"package.json": `{"dependencies":{"@nestjs/core":"^10.0.0","@nestjs/common":"^10.0.0","express":"^4.21.2"}}`,
		"src/main.ts": "import { NestFactory } from '@nestjs/core';\nimport { VersioningType } from '@nestjs/common';\nimport { json } from 'express';\n" +
			"async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.use(json());\n" +
			"  app.setGlobalPrefix('api');\n  app.enableVersioning({ type: VersioningType.URI });\n  await app.listen(3000);\n}\nbootstrap();\n",
		"src/users.controller.ts": "import { Controller, Get, Post } from '@nestjs/common';\n\n" +
			"@Controller({ path: 'users', version: '2' })\nexport class UsersController {\n" +
			"  @Get(':id')\n  async show() { return {} }\n\n  @Post()\n  create() {}\n}\n",
	})
	var got []string
	for _, r := range routesJSON(t, root) {
		got = append(got, fmt.Sprintf("%s %s %s:%d %s:%d %s %v", r.Method, r.Path, strings.TrimPrefix(filepath.ToSlash(r.File), filepath.ToSlash(root)+"/"), r.Line, r.Handler, r.HandlerLine, r.Managed, r.ErrorSafe))
	}
	want := []string{
		"USE / src/main.ts:6 json():0  false",
		"GET /api/v2/users/:id src/users.controller.ts:5 UsersController.show:6 @nestjs/common true",
		"POST /api/v2/users src/users.controller.ts:8 UsersController.create:9 @nestjs/common true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("routes:\n got %q\nwant %q", got, want)
	}
	out, err := exec.Command(binary, "routes", root).CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "managed by @nestjs/common; error-safe") {
		t.Errorf("text output does not say who manages the action:\n%s", out)
	}
}
