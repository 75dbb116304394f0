package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/interp"
)

// runLimits are the resource limits of `wl run` (--max-memory, --timeout, --max-steps).
type runLimits struct {
	maxMemory sizeFlag
	timeout   time.Duration
	maxSteps  int64
}

// flags registers the limit flags; the memory limit defaults to wl.DefaultMaxMemory.
func (l *runLimits) flags(fs *flag.FlagSet) {
	l.maxMemory = sizeFlag(wl.DefaultMaxMemory())
	fs.Var(&l.maxMemory, "max-memory", "stop the script when its values would take more than `SIZE` bytes (K, M, G suffixes; 0: no limit)")
	fs.DurationVar(&l.timeout, "timeout", 0, "stop the script after `DURATION` (30s, 5m, 1h30m; 0: no limit)")
	fs.Int64Var(&l.maxSteps, "max-steps", 0, "stop the script after `N` loop iterations and procedure calls (0: no limit)")
}

// check validates the values given.
func (l *runLimits) check() error {
	if l.timeout < 0 {
		return errors.New("wl run: --timeout must not be negative")
	}
	if l.maxSteps < 0 {
		return errors.New("wl run: --max-steps must not be negative")
	}
	return nil
}

// apply puts the limits in the run's options.
func (l *runLimits) apply(opts *interp.Options) {
	opts.MaxMemory = int64(l.maxMemory)
	opts.Timeout = l.timeout
	opts.MaxSteps = l.maxSteps
}

// setProcessMemoryLimit sets the Go runtime's soft memory limit of the wl process above the
// run's: the garbage collector then works harder before the process grows past what the
// run may hold. The run's own accounting counts the values it holds, not its garbage, nor
// the runtime's overhead.
func (l *runLimits) setProcessMemoryLimit() {
	if n := int64(l.maxMemory); n > 0 && n < math.MaxInt64/2 {
		debug.SetMemoryLimit(n + n/2 + 64<<20)
	}
}

// hardStopGrace is how long after its --timeout a run that did not stop is ended with the
// process.
const hardStopGrace = 2 * time.Second

// hardStop ends the process hardStopGrace after the run's time limit, if the run is still
// going: the run stops itself at its limit, but a builtin blocked in the system (opening or
// reading a named pipe or a terminal) cannot notice. The returned function disarms it.
func (l *runLimits) hardStop(script string, stderr io.Writer) (disarm func()) {
	if l.timeout <= 0 {
		return func() {}
	}
	t := time.AfterFunc(l.timeout+hardStopGrace, func() {
		fmt.Fprintf(stderr, "%s: time limit of %s exceeded: the script did not stop (blocked in the system), wl ends it\n", script, l.timeout)
		os.Exit(exitRuntime)
	})
	return func() { t.Stop() }
}

// sizeFlag is a byte count written as a number with an optional binary suffix: 1048576,
// 512K, 256M, 2G, 1T (KB/KiB, MB/MiB... are read the same, in any case).
type sizeFlag int64

func (s *sizeFlag) String() string { return interp.FormatSize(int64(*s)) }

func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil {
		return err
	}
	*s = sizeFlag(n)
	return nil
}

func parseSize(v string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(v))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	shift := 0
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		case 'T':
			shift = 40
		}
	}
	if shift > 0 {
		t = strings.TrimSpace(t[:len(t)-1])
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes with an optional K, M, G or T suffix (256M, 2G)", v)
	}
	if n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("invalid size %q: too large", v)
	}
	return n << shift, nil
}
