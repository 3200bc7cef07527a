// Package pkginfo answers the questions rules ask about a file's package:
// which package.json owns it, which version of a dependency it runs against,
// the minimum Node version it declares, and whether it is an ES module.
//
// A dependency's version comes from the best evidence available, in order:
// the installed node_modules/P/package.json, then the nearest lockfile
// (package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml, yarn.lock), then
// the lowest version the declared range allows (npm's semver.minVersion).
// Anything that cannot be pinned to a version (dist-tags, git and file
// specs, workspace: links) is reported as unknown, and every rule decides
// for itself what unknown means.
//
// Everything read from disk is cached and revalidated by stat (mtime and
// size), so an edit is seen on the next call without a file watcher.
// Nothing here writes a file, runs a command or touches the network, and
// malformed input never panics: it is reported once through the warn
// callback and treated as missing.
package pkginfo
