package pkginfo

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"

	"go.yaml.in/yaml/v3"
)

// The workspace declarations: which folders of a monorepo are its packages. A folder
// declares them in its package.json (`workspaces`, a list of globs or an object with
// `packages`), in a pnpm-workspace.yaml (`packages`), or in a pnpm-lock.yaml, whose
// importers are the workspace's packages. They are read through the Store's caches, so
// a malformed one is warned about once per content and skipped.

const pnpmWorkspaceName = "pnpm-workspace.yaml"

// ErrWorkspaceDeclaration marks an error in a workspace declaration: what it costs is
// the packages it declares, not the versions the file gives.
var ErrWorkspaceDeclaration = errors.New("its workspace packages are not read")

// Consequence says what a warning about err costs the user, for the warn callback's
// message: a workspace declaration's packages, or the versions the file gives.
func Consequence(err error) string {
	if errors.Is(err, ErrWorkspaceDeclaration) {
		return "the workspace packages it declares are not read"
	}
	return "dependency versions from it count as unknown"
}

// workspaceError is a malformed declaration: its cause, marked as one.
type workspaceError struct{ err error }

func (e workspaceError) Error() string { return e.err.Error() }

func (e workspaceError) Unwrap() []error { return []error{e.err, ErrWorkspaceDeclaration} }

// pnpmWorkspace is pnpm-workspace.yaml; nil when it is malformed.
type pnpmWorkspace struct {
	Packages []string `yaml:"packages"`
}

func parsePnpmWorkspace(_ string, data []byte) (*pnpmWorkspace, error) {
	var ws pnpmWorkspace
	if err := yaml.Unmarshal(data, &ws); err != nil {
		return nil, workspaceError{fmt.Errorf("invalid %s: %w", pnpmWorkspaceName, err)}
	}
	return &ws, nil
}

// Manifest is the package whose package.json is in dir, nil when there is none or it
// cannot be read. Unlike For, it looks in no folder above.
func (s *Store) Manifest(dir string) *Package {
	p, _ := s.manifests.get(filepath.Join(dir, manifestName)) // nil when not read
	return p
}

// WorkspacePackages are the package folders dir declares as a workspace, as globs
// relative to it (a `!` glob drops folders), and whether it declares any: its
// package.json's `workspaces`, else its pnpm-workspace.yaml, else its pnpm-lock.yaml's
// importers. A malformed declaration is warned about and passed over for the next.
func (s *Store) WorkspacePackages(dir string) ([]string, bool) {
	if p := s.Manifest(dir); p != nil && p.declaresWorkspaces {
		return p.workspaces, true
	}
	if ws, ok := s.workspaceFiles.get(filepath.Join(dir, pnpmWorkspaceName)); ok && ws != nil {
		return ws.Packages, true
	}
	for _, k := range s.locks {
		if k.name != "pnpm-lock.yaml" {
			continue
		}
		lf, ok := k.cache.get(filepath.Join(dir, k.name))
		if lk, isPnpm := lf.(*pnpmLock); ok && isPnpm && len(lk.Importers) > 0 {
			list := make([]string, 0, len(lk.Importers))
			for p := range lk.Importers {
				list = append(list, p)
			}
			sort.Strings(list)
			return list, true
		}
	}
	return nil, false
}
