package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/nodecoach/nodecoach/knowledge/analysis/analysistest"
	"github.com/nodecoach/nodecoach/knowledge/source"
)

// BenchmarkLSPTyping replays typing into a large file through the real binary over its
// pipes: each keystroke is a didChange, timed until the publishDiagnostics of that
// version arrives. "edit" types a statement into the middle of the file and deletes
// it again, keystroke after keystroke; "moving" does the same at five places spread
// over the file, going on to the next place at once, so that its first keystroke
// there is checked against the whole file. The server's own CPU time per keystroke is
// reported beside the wall times. Then hovers are timed and the server's peak RSS is
// read. The file is NODECOACH_BENCH_FILE (make bench uses mongoose's
// lib/document.js) or a generated ~5,000-line Express app.
func BenchmarkLSPTyping(b *testing.B) {
	path, src := analysistest.LargeFile(b)
	s := startSession(b)
	s.initialize(markdownClient())
	docURI := uri.File("/bench/" + strings.ReplaceAll(path, "/", "_"))
	s.open(docURI, string(src))
	s.waitDiagnostics(1)

	lines := source.NewLines(src)
	middle := []protocol.Position{{Line: uint32(lines.Count() / 2)}}
	var spread []protocol.Position
	for i := 1; i <= 5; i++ {
		spread = append(spread, protocol.Position{Line: uint32(lines.Count() * i / 6)})
	}
	version := int32(1)
	var edits, moving, hovers []time.Duration
	var editCPU, movingCPU time.Duration
	pid := s.cmd.Process.Pid
	for b.Loop() {
		before := serverCPU(pid)
		edits = append(edits, typeAndDelete(b, s, docURI, &version, middle)...)
		between := serverCPU(pid)
		moving = append(moving, typeAndDelete(b, s, docURI, &version, spread)...)
		editCPU, movingCPU = editCPU+between-before, movingCPU+serverCPU(pid)-between
	}
	hoverAt := hoverTarget(src, lines)
	for range 200 {
		start := time.Now()
		if _, err := s.server.Hover(context.Background(), &protocol.HoverParams{TextDocumentPositionParams: protocol.TextDocumentPositionParams{
			TextDocument: protocol.TextDocumentIdentifier{URI: docURI}, Position: hoverAt}}); err != nil {
			b.Fatal(err)
		}
		hovers = append(hovers, time.Since(start))
	}
	reportPercentiles(b, "edit", edits)
	reportPercentiles(b, "moving", moving)
	reportPercentiles(b, "hover", hovers)
	if editCPU > 0 {
		// What the server itself spent per keystroke: the firmer figure when other
		// work shares the machine, as waiting for a CPU counts in the wall times alone.
		b.ReportMetric(float64(editCPU.Microseconds())/1000/float64(len(edits)), "edit-server-cpu-ms")
		b.ReportMetric(float64(movingCPU.Microseconds())/1000/float64(len(moving)), "moving-server-cpu-ms")
	}
	b.ReportMetric(peakRSSMB(b, s.cmd.Process.Pid), "peak-RSS-MB")
	s.exit(true)
}

// typeAndDelete types a statement at the start of each line of at, one character per
// didChange, then deletes it the same way, and returns how long each keystroke took
// to be answered with the publishDiagnostics of its version.
func typeAndDelete(b *testing.B, s *session, docURI uri.URI, version *int32, at []protocol.Position) []time.Duration {
	const word = "const typed = value + 1; "
	var took []time.Duration
	for _, pos := range at {
		for i := range len(word) * 2 {
			*version++
			change := &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: pos, End: pos}, Text: string(word[i%len(word)])}
			if i >= len(word) { // backspace: remove the last typed character
				change = &protocol.TextDocumentContentChangePartial{Range: protocol.Range{
					Start: protocol.Position{Line: pos.Line, Character: pos.Character - 1}, End: pos}}
			}
			start := time.Now()
			if err := s.server.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
				TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: docURI}, Version: *version},
				ContentChanges: []protocol.TextDocumentContentChangeEvent{change},
			}); err != nil {
				b.Fatal(err)
			}
			s.waitDiagnostics(*version)
			took = append(took, time.Since(start))
			if i < len(word) {
				pos.Character++
			} else {
				pos.Character--
			}
		}
	}
	return took
}

// BenchmarkLSPOpenDocuments opens 200 documents in one server and reports its peak
// RSS: real files from NODECOACH_BENCH_CORPUS when set (make bench), else the sample
// apps' files over and over.
func BenchmarkLSPOpenDocuments(b *testing.B) {
	docs := benchDocuments(b, 200)
	for b.Loop() {
		s := startSession(b)
		s.initialize(markdownClient())
		for i, text := range docs {
			s.open(uri.File(fmt.Sprintf("/bench/doc-%d.js", i)), text)
		}
		for i := 0; i < len(docs); {
			if p := <-s.client.diags; p != nil {
				i++
			}
		}
		b.ReportMetric(peakRSSMB(b, s.cmd.Process.Pid), "peak-RSS-MB-200-docs")
		s.exit(true)
	}
}

// benchDocuments returns n JavaScript sources to open.
func benchDocuments(b *testing.B, n int) []string {
	var paths []string
	root := os.Getenv("NODECOACH_BENCH_CORPUS")
	if root == "" {
		root = "../../testdata"
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".js") && !strings.Contains(p, "node_modules") {
			paths = append(paths, p)
		}
		return nil
	})
	if len(paths) == 0 {
		b.Fatalf("no JavaScript files under %s", root)
	}
	docs := make([]string, n)
	for i := range docs {
		data, err := os.ReadFile(paths[i%len(paths)])
		if err != nil {
			b.Fatal(err)
		}
		docs[i] = string(data)
	}
	return docs
}

// hoverTarget is the first readFileSync or require call: an API with an entry.
func hoverTarget(src []byte, lines *source.Lines) protocol.Position {
	for _, needle := range []string{"readFileSync", "require("} {
		if i := bytes.Index(src, []byte(needle)); i >= 0 {
			p := lines.Position(i+1, source.UTF16)
			return protocol.Position{Line: p.Line, Character: p.Character}
		}
	}
	return protocol.Position{}
}

func reportPercentiles(b *testing.B, name string, ds []time.Duration) {
	if len(ds) == 0 {
		return
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	pct := func(p float64) float64 {
		return float64(ds[int(p*float64(len(ds)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), name+"-p50-ms")
	b.ReportMetric(pct(0.99), name+"-p99-ms")
}

// serverCPU is the CPU time the server's threads have run so far, from the
// scheduler's accounting of each thread (Linux); 0 where it cannot be read.
func serverCPU(pid int) time.Duration {
	paths, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var total time.Duration
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // a thread that ended meanwhile
		}
		if fields := strings.Fields(string(data)); len(fields) > 0 {
			ns, _ := strconv.ParseInt(fields[0], 10, 64)
			total += time.Duration(ns)
		}
	}
	return total
}

// peakRSSMB reads the process's high-water resident set size from /proc.
func peakRSSMB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Logf("peak RSS unavailable: %v", err)
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
