package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/nodecoach/nodecoach/server"
)

// stdio joins stdin and stdout into the stream the LSP connection runs over. Closing
// it closes stdin, which unblocks the connection's pending read so it can end.
type stdio struct {
	in  *os.File
	out io.Writer
}

func (s stdio) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s stdio) Write(p []byte) (int, error) { return s.out.Write(p) }
func (s stdio) Close() error                { return s.in.Close() }

func serve(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Bool("stdio", true, "speak LSP over stdin/stdout (the only transport; accepted for editors that pass it)")
	logFile := fs.String("log-file", "", "write logs to this file instead of stderr")
	level := fs.String("log-level", "info", "debug, info, warn or error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log, closeLog, err := newLogger(*logFile, *level, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "nodecoach: %v\n", err)
		return 2
	}
	defer closeLog()
	// stdout carries LSP frames only: anything else printing to os.Stdout would corrupt
	// the stream, so the process-wide stdout is pointed at stderr from here on.
	out := os.Stdout
	os.Stdout = os.Stderr
	s := server.New(server.Options{Name: "nodecoach", Version: version, Logger: log})
	code := s.Serve(context.Background(), stdio{in: os.Stdin, out: out})
	log.Info("exiting", zap.Int("code", code))
	return code
}

func newLogger(file, level string, stderr io.Writer) (*zap.Logger, func(), error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, nil, err
	}
	sink := zapcore.AddSync(stderr)
	closer := func() {}
	if file != "" {
		f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return nil, nil, fmt.Errorf("log file: %w", err)
		}
		sink, closer = zapcore.AddSync(f), func() { f.Close() }
	}
	enc := zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	return zap.New(zapcore.NewCore(enc, zapcore.Lock(sink), lvl)), closer, nil
}
