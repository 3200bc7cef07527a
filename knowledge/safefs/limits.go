package safefs

// The caps on the project files nodecoach reads besides sources (whose cap is the
// analysis's own). Each is far above what a real file of its kind needs, and keeps a
// hostile one from taking the memory of the process.
const (
	// ManifestLimit caps a package.json, the project's and those in node_modules.
	ManifestLimit = 16 << 20
	// LockfileLimit caps package-lock.json, npm-shrinkwrap.json, pnpm-lock.yaml and
	// yarn.lock, which are large in big monorepos.
	LockfileLimit = 128 << 20
	// ConfigLimit caps a .nodecoach.json.
	ConfigLimit = 1 << 20
	// IgnoreLimit caps a .gitignore.
	IgnoreLimit = 1 << 20
)
