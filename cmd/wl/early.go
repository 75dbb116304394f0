package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/parser"
)

// early is the start-up work of `wl run` that main starts on other goroutines before
// anything else, so that it overlaps with reading the flags and the script instead of
// following them on the main goroutine: building the grammar (for run, check and test),
// the default memory limit (it reads the control group's files) and setting up the signals
// (it starts the runtime's signal threads). Main, which tests call, has none of it and does
// the same work in line.
type early struct {
	// maxMemory receives wl.DefaultMaxMemory().
	maxMemory chan int64
	// signals receives the run's context, cancelled at the first SIGINT or SIGTERM, and the
	// function that restores the signals' default behaviour.
	signals chan runSignals
}

// runSignals is what signal.NotifyContext returns.
type runSignals struct {
	ctx  context.Context
	stop context.CancelFunc
}

// startEarly starts the early work for the command line args (os.Args[1:]); nil when the
// command has none.
func startEarly(args []string) *early {
	if len(args) == 0 || (args[0] != "run" && args[0] != "check" && args[0] != "test") {
		return nil
	}
	// These commands parse: the grammar is built once per process (parser.New), so start
	// on it now, on another core if there is one. Their own parser.New waits for it, and
	// reports its error if it failed.
	go func() {
		growStack(false) // building the grammar recurses as deep as parsing does
		parser.New()     //nolint:errcheck
	}()
	if args[0] != "run" {
		return nil
	}
	e := &early{maxMemory: make(chan int64, 1), signals: make(chan runSignals, 1)}
	go func() {
		// Until signal.NotifyContext returns, SIGINT and SIGTERM end the process, as they
		// did before wl run set them up in line: nothing the run cleans up exists yet, since
		// cmdRun waits for the context before it starts anything.
		ctx, stop := notifyContext()
		e.signals <- runSignals{ctx, stop}
	}()
	go func() { e.maxMemory <- wl.DefaultMaxMemory() }()
	return e
}

// notifyContext is the context of a run: cancelled at the first SIGINT (Ctrl-C) or SIGTERM,
// so that the run stops and cleans up (the spool's journal, the sandbox, temporary files).
func notifyContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// defaultMaxMemory is the default of --max-memory: the value computed early, if any.
func (e *early) defaultMaxMemory() func() int64 {
	if e == nil {
		return nil
	}
	return func() int64 { return <-e.maxMemory }
}

// runContext is the run's context and its stop function: the one set up early, if any.
func (e *early) runContext() (context.Context, context.CancelFunc) {
	if e == nil {
		return notifyContext()
	}
	s := <-e.signals
	return s.ctx, s.stop
}
