package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// app is one pinned application of the ecosystem set, as its manifest
// (testdata/ecosystem/apps/<name>.json) describes it.
type app struct {
	Name      string   `json:"name"`
	Repo      string   `json:"repo"`
	URL       string   `json:"url"`
	Commit    string   `json:"commit"`
	Language  string   `json:"language"`
	Monorepo  bool     `json:"monorepo"`
	Root      string   `json:"root"`
	Traits    []string `json:"traits"`
	About     string   `json:"about"`
	manifest  string   // the file it was read from, for messages
	checkedAt string   // the directory check runs in: the checkout joined with Root
}

var commitPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)

// loadApps reads every manifest in dir, sorted by name, and refuses one whose fields
// cannot be used: a measurement on a wrong pin or a root outside the checkout is worse
// than none.
func loadApps(dir string) ([]app, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var apps []app
	for _, path := range paths {
		a, err := readManifest(path)
		if err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	sort.Slice(apps, func(i, j int) bool { return apps[i].Name < apps[j].Name })
	return apps, nil
}

func readManifest(path string) (app, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return app{}, err
	}
	var a app
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return app{}, fmt.Errorf("%s: %v", path, err)
	}
	a.manifest = path
	if want := strings.TrimSuffix(filepath.Base(path), ".json"); a.Name != want {
		return app{}, fmt.Errorf("%s: name %q, want the file's name %q", path, a.Name, want)
	}
	if !commitPattern.MatchString(a.Commit) {
		return app{}, fmt.Errorf("%s: commit %q is not 40 lowercase hex digits", path, a.Commit)
	}
	if a.Language != "js" && a.Language != "ts" {
		return app{}, fmt.Errorf("%s: language %q, want js or ts", path, a.Language)
	}
	if !strings.HasPrefix(a.URL, "https://") {
		return app{}, fmt.Errorf("%s: url %q is not an https URL", path, a.URL)
	}
	if a.Root != "" && !filepath.IsLocal(a.Root) {
		return app{}, fmt.Errorf("%s: root %q leaves the checkout", path, a.Root)
	}
	return a, nil
}

// cacheDir is where checkouts live: $ECOSYSTEM_DIR, else $XDG_CACHE_HOME/nodecoach-ecosystem,
// else $HOME/.cache/nodecoach-ecosystem.
func cacheDir(getenv func(string) string) (string, error) {
	if dir := getenv("ECOSYSTEM_DIR"); dir != "" {
		return dir, nil
	}
	if xdg := getenv("XDG_CACHE_HOME"); xdg != "" {
		return filepath.Join(xdg, "nodecoach-ecosystem"), nil
	}
	home := getenv("HOME")
	if home == "" {
		return "", fmt.Errorf("no ECOSYSTEM_DIR, XDG_CACHE_HOME or HOME to keep the checkouts in")
	}
	return filepath.Join(home, ".cache", "nodecoach-ecosystem"), nil
}
