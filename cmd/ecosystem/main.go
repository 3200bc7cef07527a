// Command ecosystem measures nodecoach on real, public Express applications pinned by
// commit (testdata/ecosystem/apps) against findings labelled by hand
// (testdata/ecosystem/labels): per rule true and false positives, misses, precision and
// recall, and the diff against the labels; and the route table of `nodecoach routes`
// against routes read by hand (testdata/ecosystem/routes): per app, how many are listed at
// the right full path. `make ecosystem` runs it; it is a development
// tool, not part of nodecoach, and the only part of the repository that runs programs
// (git, and the built nodecoach).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	format    string
	update    bool
	appsDir   string
	labelsDir string
	routesDir string
	// routesOnly measures the route table alone, without running check.
	routesOnly bool
	nodecoach  string
	only       map[string]bool
}

// run returns 2 on an internal error (a bad manifest or label file, a check that failed)
// and 0 otherwise, whatever the precision: the numbers are for people to read.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ecosystem", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.format, "format", "text", "text or json")
	fs.BoolVar(&o.update, "update", false, "add each unlabelled finding to its app's label file with the verdict ?")
	fs.StringVar(&o.appsDir, "apps", "testdata/ecosystem/apps", "the directory of app manifests")
	fs.StringVar(&o.labelsDir, "labels", "testdata/ecosystem/labels", "the directory of label files")
	fs.StringVar(&o.routesDir, "routes", "testdata/ecosystem/routes", "the directory of route label files")
	fs.BoolVar(&o.routesOnly, "routes-only", false, "measure only the route table (nodecoach routes), not the findings")
	fs.StringVar(&o.nodecoach, "nodecoach", "bin/nodecoach", "the nodecoach binary to measure")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: ecosystem [--format text|json] [--update] [--routes-only] [APP...]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.format != "text" && o.format != "json" {
		fmt.Fprintf(stderr, "ecosystem: unknown format %q (text or json)\n", o.format)
		return 2
	}
	if o.update && o.routesOnly {
		fmt.Fprintln(stderr, "ecosystem: --update labels findings, which --routes-only does not measure")
		return 2
	}
	if fs.NArg() > 0 {
		o.only = map[string]bool{}
		for _, name := range fs.Args() {
			o.only[name] = true
		}
	}
	r, failed := measure(o, stderr)
	var err error
	if o.format == "json" {
		err = r.writeJSON(stdout)
	} else {
		err = r.writeText(stdout)
	}
	if err != nil || failed {
		if err != nil {
			fmt.Fprintln(stderr, "ecosystem:", err)
		}
		return 2
	}
	return 0
}

// measure checks every app it can reach and scores it; failed reports whether any app
// could not be measured for a reason other than being unreachable.
func measure(o options, stderr io.Writer) (r report, failed bool) {
	fail := func(format string, args ...any) {
		fmt.Fprintf(stderr, "ecosystem: "+format+"\n", args...)
		failed = true
	}
	apps, err := loadApps(o.appsDir)
	if err != nil {
		fail("%v", err)
		return r, true
	}
	dir, err := cacheDir(os.Getenv)
	if err != nil {
		fail("%v", err)
		return r, true
	}
	bin, err := filepath.Abs(o.nodecoach)
	if err != nil {
		fail("%v", err)
		return r, true
	}
	byRule := map[string]*counts{}
	r.Skipped, r.New, r.Lost = []skip{}, []entry{}, []entry{}
	r.Routes = newRoutesReport()
	for _, a := range apps {
		if o.only != nil && !o.only[a.Name] {
			continue
		}
		checkout, err := ensureCheckout(a, dir)
		if errors.Is(err, errNotReachable) {
			fmt.Fprintf(stderr, "ecosystem: %s: %v\n", a.Name, err)
			r.Skipped = append(r.Skipped, skip{App: a.Name, Reason: "not reachable"})
			continue
		}
		if err != nil {
			fail("%s: %v", a.Name, err)
			continue
		}
		root := filepath.Join(checkout, filepath.FromSlash(a.Root))
		if err := measureRoutes(o, bin, a.Name, root, r.Routes); err != nil {
			fail("%s: %v", a.Name, err)
		}
		if o.routesOnly {
			continue
		}
		labelsPath := filepath.Join(o.labelsDir, a.Name+".tsv")
		labels, err := readLabels(labelsPath)
		if err != nil {
			fail("%v", err)
			continue
		}
		findings, err := runCheck(bin, root)
		if err != nil {
			fail("%s: %v", a.Name, err)
			continue
		}
		s := score(findings, labels)
		r.add(a.Name, s, byRule)
		if o.update && len(s.New) > 0 {
			if err := writeLabels(labelsPath, withNew(labels, s)); err != nil {
				fail("%s: %v", a.Name, err)
			}
		}
	}
	r.finish(byRule)
	r.Routes.finish()
	if o.routesOnly {
		r.Rules, r.Apps = nil, nil
	}
	return r, failed
}

// measureRoutes scores the app's route table against its route labels; an app without a
// route label file registers no Express routes (or is not read yet) and is left out.
func measureRoutes(o options, bin, name, root string, into *routesReport) error {
	labels, err := readRouteLabels(filepath.Join(o.routesDir, name+".tsv"))
	if err != nil || labels == nil {
		return err
	}
	routes, err := runRoutes(bin, root)
	if err != nil {
		return err
	}
	into.add(name, scoreRoutes(routes, labels))
	return nil
}
