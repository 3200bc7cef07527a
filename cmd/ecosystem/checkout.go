package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// errNotReachable marks an app whose checkout is absent and could not be cloned: it is
// skipped, not an error, since the set is measured on the apps this machine can reach.
var errNotReachable = errors.New("not reachable")

// ensureCheckout returns the app's checkout under dir, cloning it at its pinned commit
// when absent. The clone goes to a temporary name first, so a failed or interrupted one
// leaves nothing that a later run would take for a checkout.
func ensureCheckout(a app, dir string) (string, error) {
	target := filepath.Join(dir, a.Name)
	if info, err := os.Stat(target); err == nil && info.IsDir() {
		return target, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(dir, a.Name+".clone-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if err := git("", "clone", "--quiet", "--filter=blob:none", a.URL, tmp); err != nil {
		return "", fmt.Errorf("%w (%v)", errNotReachable, err)
	}
	if err := git(tmp, "checkout", "--quiet", a.Commit); err != nil {
		return "", fmt.Errorf("%w (%v)", errNotReachable, err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return "", err
	}
	return target, nil
}

func git(dir string, args ...string) error {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	// Never wait on a credential prompt: a private or renamed repository is unreachable.
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(string(out)))
	}
	return nil
}

// runCheck runs `nodecoach check --format json .` in dir, so that paths come out relative
// to the checked root, as labels write them. Exit status 1 only means findings.
func runCheck(bin, dir string) ([]finding, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("root %s is not a directory", dir)
	}
	args := []string{"check", "--format", "json"}
	off, err := offByDefault(bin)
	if err != nil {
		return nil, err
	}
	for _, rule := range off {
		// Measured as if on, so that the table says when a rule earns its default.
		args = append(args, "--rule", rule+"=warning")
	}
	out, err := runNodecoach(bin, dir, append(args, "."), func(code int, _ []byte) bool { return code == 1 })
	if err != nil {
		return nil, err
	}
	return parseFindings(out)
}

// offByDefault lists the rules that `nodecoach rules` shows as off by default.
func offByDefault(bin string) ([]string, error) {
	out, err := runNodecoach(bin, "", []string{"rules"}, nil)
	if err != nil {
		return nil, err
	}
	var off []string
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[1] == "off" {
			off = append(off, f[0])
		}
	}
	return off, nil
}

// printedFinding is one finding as `nodecoach check --format json` prints it.
type printedFinding struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

func parseFindings(out []byte) ([]finding, error) {
	return decodeRows(out, "check's", func(r printedFinding) finding {
		return finding{key: key{Path: rootRelative(r.File), Line: r.Line, Rule: r.Rule}, Message: r.Message}
	})
}
