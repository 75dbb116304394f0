package emailbench

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/mailrt"
)

// BenchmarkSpoolRatio5000 measures what the durable spool costs asynchronous sending: the
// asynchronous script of BenchmarkSend5000 (5,000 small messages, 8 connections) with the
// spool in memory, on disk in the run's journal (mailrt.SyncJournal, the default of wl run:
// each message fdatasynced before EmailEnvoieMessage returns, group commit), with a file per
// message (mailrt.SyncEach: two fsyncs per message) and in the journal fdatasynced in the
// background (mailrt.SyncBatch). Each iteration runs the four in a rotating order, so that the
// load of the shared machine falls on all alike; it reports each rate and the ratios of the
// times to the in-memory one.
func BenchmarkSpoolRatio5000(b *testing.B) { benchSpoolRatio(b, 5000) }

func benchSpoolRatio(b *testing.B, n int) {
	c := startChild(b, childSpec{})
	dir := filepath.Join(spoolParent(b), "spool")
	modes := []struct {
		name string
		sync mailrt.SyncMode
	}{{"memory", 0}, {"journal", mailrt.SyncJournal}, {"each", mailrt.SyncEach}, {"batch", mailrt.SyncBatch}}
	runs := make([]*script, len(modes))
	for i, m := range modes {
		runs[i] = compile(b, c, sendScript(n, true))
		if m.name != "memory" {
			runs[i].spool = builtins.SpoolConfig{Dir: dir, Sync: m.sync}
		}
	}
	run := func(s *script) {
		s.run(b, "0")
		if m, _ := filepath.Glob(filepath.Join(dir, "*.msg")); len(m) > 0 {
			b.Fatalf("%d messages left in the spool", len(m))
		}
		if m, _ := filepath.Glob(filepath.Join(dir, "journal", "*")); len(m) > 0 {
			b.Fatalf("%d journal segments left in the spool", len(m))
		}
	}
	for _, s := range runs {
		run(s)
	}
	took := make([]time.Duration, len(runs))
	i := 0
	for b.Loop() {
		for k := range runs {
			j := (i + k) % len(runs)
			t := time.Now()
			run(runs[j])
			took[j] += time.Since(t)
		}
		i++
	}
	rate := func(d time.Duration) float64 { return float64(n*b.N) / d.Seconds() }
	for k, m := range modes {
		b.ReportMetric(rate(took[k]), m.name+"-msgs/s")
		if k > 0 {
			b.ReportMetric(took[k].Seconds()/took[0].Seconds(), m.name+"/memory")
		}
	}
	os.RemoveAll(dir)
}

// spoolParent is where the benchmark's spool goes: $EMAILBENCH_SPOOL_PARENT (to compare file
// systems), else a temporary directory.
func spoolParent(b *testing.B) string {
	if p := os.Getenv("EMAILBENCH_SPOOL_PARENT"); p != "" {
		d, err := os.MkdirTemp(p, "spool-bench-")
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { os.RemoveAll(d) })
		return d
	}
	return b.TempDir()
}
