package neovim_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// editor is one Neovim the test runs on: the host's nvim, or the nvim of a Debian chroot
// that scripts/chroots.sh installed (newer versions than the host's package manager has).
type editor struct {
	root    string // the chroot directory; "" for the host's nvim
	nvim    string // the host's nvim binary, when root is ""
	version string // e.g. "0.12.4"
}

// nvimVersion matches the first line of `nvim --version`.
var nvimVersion = regexp.MustCompile(`^NVIM v(\d+\.\d+\.\d+)`)

// chrootCache is where scripts/chroots.sh keeps its chroots (the same rule as there).
func chrootCache() string {
	if dir := os.Getenv("NODECOACH_NEOVIM_CACHE"); dir != "" {
		return dir
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "nodecoach-neovim")
}

// findEditors lists the Neovims present: the host's, then each complete chroot (only as
// root, since chroot needs it). What is absent is logged, not failed: `make test` runs
// whichever editors this machine has.
func findEditors(t *testing.T) []editor {
	var found []editor
	if nvim, err := exec.LookPath("nvim"); err == nil {
		e := editor{nvim: nvim}
		if e.version = e.probeVersion(t); e.version != "" {
			found = append(found, e)
		}
	} else {
		t.Log("nvim not found on PATH: install neovim to run the plugin on the host's Neovim")
	}
	cache := chrootCache()
	entries, _ := os.ReadDir(cache)
	for _, entry := range entries {
		root := filepath.Join(cache, entry.Name())
		if _, err := os.Stat(filepath.Join(root, ".complete")); err != nil {
			continue // being built, or interrupted
		}
		if os.Geteuid() != 0 {
			t.Logf("skipping the Neovim chroot %s: running it needs root", root)
			continue
		}
		e := editor{root: root}
		if e.version = e.probeVersion(t); e.version != "" {
			found = append(found, e)
		}
	}
	return found
}

func (e editor) probeVersion(t *testing.T) string {
	out, err := e.command(context.Background(), "/", nil, "--version").Output()
	m := nvimVersion.FindSubmatch(out)
	if err != nil || m == nil {
		t.Errorf("%s --version: %v\n%s", e.describe(), err, out)
		return ""
	}
	return string(m[1])
}

func (e editor) describe() string {
	if e.root == "" {
		return e.nvim
	}
	return "nvim in the chroot " + e.root
}

// atLeast reports whether the editor's version is major.minor or newer.
func (e editor) atLeast(major, minor int) bool {
	var ma, mi, patch int
	if _, err := fmt.Sscanf(e.version, "%d.%d.%d", &ma, &mi, &patch); err != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// workDir is a fresh directory the editor can see, removed after the test. For a chroot
// it lies under the chroot's /tmp: files are copied in, so nothing is mounted and nothing
// is left behind when the test stops early.
func (e editor) workDir(t *testing.T) string {
	if e.root == "" {
		return t.TempDir()
	}
	dir, err := os.MkdirTemp(filepath.Join(e.root, "tmp"), "nodecoach-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// inside is the path the editor sees for a host path under its work directory.
func (e editor) inside(path string) string {
	if e.root == "" {
		return path
	}
	return "/" + strings.TrimPrefix(strings.TrimPrefix(path, e.root), "/")
}

// command runs nvim with args in dir (a path as the editor sees it) and only the given
// environment, so that the host's configuration and state stay out of it.
func (e editor) command(ctx context.Context, dir string, env []string, args ...string) *exec.Cmd {
	var cmd *exec.Cmd
	if e.root == "" {
		cmd = exec.CommandContext(ctx, e.nvim, args...)
		cmd.Dir = dir
	} else {
		script := `cd "$1" && shift && exec nvim "$@"`
		cmd = exec.CommandContext(ctx, "chroot", append([]string{e.root, "/bin/sh", "-c", script, "sh", dir}, args...)...)
	}
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	return cmd
}
