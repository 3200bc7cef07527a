package server

import (
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/uri"
)

// The URIs clients send for one file differ: VS Code escapes the drive colon and
// lower-cases the letter, Neovim and Emacs send it as the path has it. Each must come
// out as the path Windows (or Linux) knows, and that path must come back as the
// canonical URI the server keys the document by.
func TestPathOfFor(t *testing.T) {
	win, posix := uri.PlatformWindows, uri.PlatformPOSIX
	cases := []struct {
		name     string
		platform uri.Platform
		in       string
		want     string
		isFile   bool
	}{
		{"drive letter", win, "file:///c:/x/app.js", `c:\x\app.js`, true},
		{"upper-case drive letter", win, "file:///C:/Users/Ana/app.js", `c:\Users\Ana\app.js`, true},
		{"escaped drive colon (VS Code)", win, "file:///c%3A/x/app.js", `c:\x\app.js`, true},
		{"escaped colon, lower-case hex", win, "file:///C%3a/x/app.js", `c:\x\app.js`, true},
		{"wine's Z: drive", win, "file:///z%3A/tmp/proj/src/app.js", `z:\tmp\proj\src\app.js`, true},
		{"space and non-ASCII", win, "file:///c%3A/My%20App/%C3%A9t%C3%A9.ts", `c:\My App\été.ts`, true},
		{"escaped reserved characters", win, "file:///c:/x/a%23b%25c%3Fd.js", `c:\x\a#b%c?d.js`, true},
		{"path case kept", win, "file:///c:/Src/App.JS", `c:\Src\App.JS`, true},
		{"UNC share", win, "file://server/share/app.js", `\\server\share\app.js`, true},
		{"UNC host case", win, "file://FileServer/Share/app.js", `\\fileserver\Share\app.js`, true},
		{"UNC with escapes", win, "file://server/my%20share/app.js", `\\server\my share\app.js`, true},
		{"localhost is this machine", win, "file://localhost/c:/x/app.js", `c:\x\app.js`, true},
		{"no drive letter", win, "file:///x/app.js", `\x\app.js`, true},
		{"untitled on Windows", win, "untitled:Untitled-1", "Untitled-1", false},

		{"absolute path", posix, "file:///home/ana/app.js", "/home/ana/app.js", true},
		{"space and non-ASCII", posix, "file:///home/ana/My%20App/%C3%A9t%C3%A9.ts", "/home/ana/My App/été.ts", true},
		{"escaped reserved characters", posix, "file:///srv/a%23b%25c%3Fd.js", "/srv/a#b%c?d.js", true},
		{"backslash is a file name character", posix, "file:///srv/a%5Cb.js", `/srv/a\b.js`, true},
		{"a drive letter is a directory here", posix, "file:///c:/x/app.js", "/c:/x/app.js", true},
		{"localhost", posix, "file://localhost/srv/app.js", "/srv/app.js", true},
		{"another host is not local", posix, "file://server/share/app.js", "/share/app.js", false},
		{"untitled", posix, "untitled:Untitled-1", "Untitled-1", false},
		{"untitled with a path", posix, "untitled:/home/ana/new.ts", "/home/ana/new.ts", false},
		{"no scheme", posix, "/home/ana/app.js", "/home/ana/app.js", false},
		{"not a URI", posix, "file:////x", "file:////x", false},
	}
	for _, c := range cases {
		got, isFile := pathOfFor(c.in, c.platform)
		if got != c.want || isFile != c.isFile {
			t.Errorf("%s: pathOfFor(%q) = %q, %v; want %q, %v", c.name, c.in, got, isFile, c.want, c.isFile)
			continue
		}
		if !isFile || strings.HasPrefix(c.in, "file://localhost/") {
			continue // localhost is dropped on the way: the URI back names no host
		}
		// Back again: the URI the server builds from the path (diagnostics of a
		// closed file, a symbol's location) is the one it keys the open document by.
		canonical, err := uri.Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if back := uri.FileFor(c.platform, got); back != canonical {
			t.Errorf("%s: uri.FileFor(%q) = %q; want the canonical %q", c.name, got, back, canonical)
		}
	}
}

// A path of this machine, whatever its characters, survives the trip to a URI and
// back through the helpers the server uses.
func TestPathOfRoundTrip(t *testing.T) {
	paths := map[uri.Platform][]string{
		uri.PlatformWindows: {`c:\x\app.js`, `d:\My App\src\[id].ts`, `c:\a#b\c%d\e?f.js`, `\\server\share\app.js`, `c:\été\ünï.mjs`},
		uri.PlatformPOSIX:   {"/x/app.js", "/My App/src/[id].ts", "/a#b/c%d/e?f.js", `/a\b.js`, "/été/ünï.mjs", "/a;b/c=d&e+f.js"},
	}
	for platform, list := range paths {
		for _, p := range list {
			u := uri.FileFor(platform, p)
			if got, isFile := pathOfFor(string(u), platform); got != p || !isFile {
				t.Errorf("platform %d: %q → %q → %q, %v", platform, p, u, got, isFile)
			}
		}
	}
}

// pathOf is pathOfFor with this machine's convention: a URI uri.File built from a
// path comes back as a path naming the same file (on Windows, with the drive letter
// lower-cased), which gives the same URI again.
func TestPathOfHost(t *testing.T) {
	p := filepath.Join(t.TempDir(), "My App", "app.js")
	u := uri.File(p)
	got, isFile := pathOf(string(u))
	if !isFile || uri.File(got) != u || !strings.EqualFold(got, p) {
		t.Errorf("pathOf(%q) = %q, %v; want %q", u, got, isFile, p)
	}
	if hostPlatform == uri.PlatformWindows {
		// Under Windows the URI names the drive; here it is an ordinary directory.
		if got, _ := pathOf("file:///C:/x/app.js"); got != `c:\x\app.js` {
			t.Errorf("on Windows, file:///C:/x/app.js = %q", got)
		}
	} else if got, _ := pathOf("file:///C:/x/app.js"); got != "/c:/x/app.js" {
		t.Errorf("on a POSIX system, file:///C:/x/app.js = %q", got)
	}
}
