package server

import (
	"runtime"
	"strings"

	"go.lsp.dev/uri"
)

// hostPlatform is the path convention of the machine the server runs on. URIs become
// paths through pathOfFor with it, and paths become URIs through uri.File, which
// follows the same convention, so the two directions agree.
var hostPlatform = func() uri.Platform {
	if runtime.GOOS == "windows" {
		return uri.PlatformWindows
	}
	return uri.PlatformPOSIX
}()

// pathOf returns the file system path a document URI names on this machine, and
// whether it names a local file. For any other URI (untitled:, a remote host, one
// that does not parse) it returns its path part, which still names a language by
// extension, and false.
func pathOf(docURI string) (string, bool) {
	return pathOfFor(docURI, hostPlatform)
}

// pathOfFor is pathOf for a given platform, so that the Windows rules (drive letters,
// UNC shares, backslashes) are tested wherever the tests run. It follows vscode-uri,
// which clients share: the URI is decoded once (file:///c%3A/My%20App/x.js is
// c:\My App\x.js), the drive letter is lower-cased, as in the canonical URI the
// server keys documents by, and file://host/share/x.js is the UNC path
// \\host\share\x.js. file://localhost/ is the local machine (RFC 8089).
func pathOfFor(docURI string, platform uri.Platform) (string, bool) {
	u, err := uri.ParseStrict(docURI)
	if err != nil {
		return docURI, false
	}
	if !u.IsFile() {
		if p := u.Path(); p != "" {
			return p, false
		}
		return docURI, false
	}
	path := u.Path()
	host := u.Authority()
	if strings.EqualFold(host, "localhost") {
		host = ""
	}
	if platform != uri.PlatformWindows {
		// A drive letter means nothing here: file:///c:/x is the path /c:/x. A file
		// on another host is not a local one: its path part, like another scheme's.
		if host != "" {
			return path, false
		}
		return path, true
	}
	local, err := uri.From(uri.Components{Scheme: "file", Authority: host, Path: path})
	if err != nil {
		return docURI, false
	}
	return uri.FsPathFor(local, uri.PlatformWindows, false), true
}
