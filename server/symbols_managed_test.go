package server

import (
	"slices"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
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
	root := t.TempDir()
	writeFiles(t, root, files)
	ss := newSession(t)
	ss.initializeFolder(root, false)
	doc := uri.File(root + "/src/auth.controller.ts")
	ss.open(doc, "typescript", files["src/auth.controller.ts"])
	result, err := ss.server.DocumentSymbol(ss.ctx(), &protocol.DocumentSymbolParams{TextDocument: protocol.TextDocumentIdentifier{URI: doc}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range result.(protocol.DocumentSymbolSlice) {
		got = append(got, s.Name)
	}
	if want := []string{"GET /api/v1/auth/providers", "POST /api/v1/auth/signin"}; !slices.Equal(got, want) {
		t.Errorf("symbols %q, want %q", got, want)
	}
}
