package server

import (
	"slices"
	"testing"
)

// The outline of a NestJS controller lists its decorated actions at their full paths:
// the global prefix and URI version main.ts sets, the controller's path, the action's.
func TestDocumentSymbolsOfAManagedController(t *testing.T) {
	files := map[string]string{
		"package.json": `{"dependencies":{"@nestjs/core":"^10.0.0","@nestjs/common":"^10.0.0"}}`,
		"src/main.ts": "import { NestFactory } from '@nestjs/core';\nimport { VersioningType } from '@nestjs/common';\n" +
			"async function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n" +
			"  app.enableVersioning({ type: VersioningType.URI });\n}\n",
		"src/auth.controller.ts": "import { Controller, Get, Post } from '@nestjs/common';\n" +
			"@Controller({ path: 'auth', version: '1' })\nexport class AuthController {\n" +
			"  @Get('providers')\n  async providers() {}\n  @Post('signin')\n  async signin() {}\n}\n",
	}
	got := outlineNames(t, files, "src/auth.controller.ts")
	if want := []string{"GET /api/v1/auth/providers", "POST /api/v1/auth/signin"}; !slices.Equal(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
}
