package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/nodecoach/nodecoach/knowledge/analysis"
	"github.com/nodecoach/nodecoach/knowledge/entries"
	"github.com/nodecoach/nodecoach/knowledge/rules"
	"github.com/nodecoach/nodecoach/knowledge/source"
	"github.com/nodecoach/nodecoach/knowledge/topics"
)

// fileTopics is one checked file's topics as `topics --format json` prints them.
type fileTopics struct {
	File   string      `json:"file"`
	Topics []fileTopic `json:"topics"`
}

// fileTopic is one entry a file touches: how often, and where first (1-based line,
// UTF-16 column, as in `check`).
type fileTopic struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Count  int    `json:"count"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// projectTopic is one entry across the project, with the interview questions it
// answers.
type projectTopic struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Docs      string     `json:"docs"`
	Files     int        `json:"files"`
	Places    int        `json:"places"`
	Questions []question `json:"questions"`
}

type question struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// topicsCmd lists, per file and for the whole project, the knowledge entries the code
// touches: what a learner should read about, and which interview questions it answers.
func topicsCmd(args []string, stdout, stderr io.Writer) int {
	// topics.Collect makes the analysis collect member expressions (process.env,
	// cluster.isPrimary) in the same walk as the rules' nodes.
	format, paths, a, log, ok := reportCommand("topics", args, stderr, append(rules.All(), topics.Collect))
	if !ok {
		return 2
	}
	files, walkErr := listFiles(paths, log)
	found := make([][]topics.Topic, len(files))
	located := make([]fileTopics, len(files))
	checked := make([]bool, len(files))
	errs := make([]error, len(files))
	eachFile(files, log, func(i int, path string) {
		checked[i], errs[i] = a.analyze(path, nil, func(f *analysis.File, res analysis.Result) {
			found[i] = topics.ForFile(res.Resolver, res.Findings)
			located[i] = locate(path, f.Src, found[i])
		})
	})
	failed := walkErr != nil
	if walkErr != nil {
		log.Printf("nodecoach: %v\n", walkErr)
	}
	var perFile []fileTopics
	var all [][]topics.Topic
	for i, err := range errs {
		if err != nil {
			log.Printf("nodecoach: %s: %v\n", files[i], err)
			failed = true
		}
		if checked[i] {
			perFile = append(perFile, located[i])
			all = append(all, found[i])
		}
	}
	project := projectTopics(topics.Summarize(all))
	var err error
	if format == "json" {
		err = printTopicsJSON(stdout, perFile, project)
	} else {
		err = printTopicsText(stdout, perFile, project)
	}
	if err != nil || failed {
		return 2
	}
	return 0
}

// locate turns each topic's first byte offset into a line and column.
func locate(path string, src []byte, found []topics.Topic) fileTopics {
	lines := source.NewLines(src)
	ft := fileTopics{File: path, Topics: []fileTopic{}}
	for _, t := range found {
		p := lines.Position(int(t.First), source.UTF16)
		ft.Topics = append(ft.Topics, fileTopic{ID: t.Entry.ID, Title: t.Entry.Title, Count: t.Count, Line: int(p.Line) + 1, Column: int(p.Character) + 1})
	}
	return ft
}

func projectTopics(totals []topics.Total) []projectTopic {
	out := make([]projectTopic, 0, len(totals))
	for _, t := range totals {
		p := projectTopic{ID: t.Entry.ID, Title: t.Entry.Title, Docs: t.Entry.Docs, Files: t.Files, Places: t.Places, Questions: []question{}}
		for _, id := range t.Entry.Source {
			p.Questions = append(p.Questions, question{ID: id, Text: entries.Question(id)})
		}
		out = append(out, p)
	}
	return out
}

func printTopicsJSON(w io.Writer, files []fileTopics, project []projectTopic) error {
	if files == nil {
		files = []fileTopics{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Files  []fileTopics   `json:"files"`
		Topics []projectTopic `json:"topics"`
	}{files, project})
}

// printTopicsText prints one line per file that touches a topic,
// `src/app.js: Event loop · CORS · JWT`, then each topic of the project, most touched
// first, with the interview questions it answers.
func printTopicsText(w io.Writer, files []fileTopics, project []projectTopic) error {
	bw := bufio.NewWriter(w)
	touching := 0
	for _, f := range files {
		if len(f.Topics) == 0 {
			continue
		}
		touching++
		titles := make([]string, len(f.Topics))
		for i, t := range f.Topics {
			titles[i] = t.Title
		}
		fmt.Fprintf(bw, "%s: %s\n", f.File, strings.Join(titles, " · "))
	}
	if len(project) == 0 {
		fmt.Fprintf(bw, "no topics in %s\n", plural(len(files), "file"))
		return bw.Flush()
	}
	fmt.Fprintf(bw, "\n%s in %d of %s:\n", plural(len(project), "topic"), touching, plural(len(files), "file"))
	for _, p := range project {
		fmt.Fprintf(bw, "\n%s (%s): %s in %s\n", p.Title, p.ID, plural(p.Places, "place"), plural(p.Files, "file"))
		width := 0
		for _, q := range p.Questions {
			width = max(width, len(q.ID))
		}
		for _, q := range p.Questions {
			fmt.Fprintf(bw, "  %-*s  %s\n", width, q.ID, q.Text)
		}
		if len(p.Questions) == 0 {
			fmt.Fprintln(bw, "  (no interview question: nodecoach wrote this entry)")
		}
	}
	return bw.Flush()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
