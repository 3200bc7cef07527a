// Package safefs reads the files of a project that may be hostile: a cloned
// repository can carry a link to /dev/zero named package.json, a FIFO named
// .gitignore or a source linked to a file outside it. Every read goes through
// Roots, which follows a link only when it stays inside the root (the workspace
// folder, or the repository for check) that holds the link, accepts regular files
// only (checked again on the open descriptor), never blocks on a FIFO or a device,
// and caps the size.
package safefs
