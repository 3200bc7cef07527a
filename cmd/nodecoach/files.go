package main

import (
	"sync"

	"github.com/nodecoach/nodecoach/knowledge/cores"
	"github.com/nodecoach/nodecoach/knowledge/workspace"
)

// listFiles walks paths into the files to check, in lexical order. The whole list
// comes first so that the progress bar knows its total.
func listFiles(paths []string, log *console) ([]string, error) {
	return listFilesWith(paths, nil, log)
}

// listFilesWith is listFiles with the minified-bundle verdicts of a cache (nil: every
// large file is looked at).
func listFilesWith(paths []string, verdicts workspace.Verdicts, log *console) ([]string, error) {
	var files []string
	err := workspace.WalkWith(paths, verdicts, func(path string) { files = append(files, path) }, func(s workspace.Skipped) {
		log.Printf("nodecoach: skipped %s: %s\n", s.Path, s.Reason)
	})
	return files, err
}

// eachFile calls fn for every file on all cores, with a progress bar on a terminal
// when the run is long enough to need one.
func eachFile(files []string, log *console, fn func(i int, path string)) {
	show := log.wantsProgress(len(files))
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	for range min(cores.Workers(), max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i, files[i])
				if show {
					mu.Lock()
					done++
					log.progress(done, len(files))
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if show {
		log.endProgress()
	}
}
