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
// spool in memory, on disk with an fsync per message (mailrt.SyncEach, the default of wl run),
// and on disk with fsyncs in groups (mailrt.SyncBatch). Each iteration runs the three in a
// rotating order, so that the load of the shared machine falls on all alike; it reports each
// rate and the ratios of the times to the in-memory one.
func BenchmarkSpoolRatio5000(b *testing.B) { benchSpoolRatio(b, 5000) }

func benchSpoolRatio(b *testing.B, n int) {
	c := startChild(b, childSpec{})
	dir := filepath.Join(spoolParent(b), "spool")
	mem := compile(b, c, sendScript(n, true))
	each := compile(b, c, sendScript(n, true))
	each.spool = builtins.SpoolConfig{Dir: dir, Sync: mailrt.SyncEach}
	batch := compile(b, c, sendScript(n, true))
	batch.spool = builtins.SpoolConfig{Dir: dir, Sync: mailrt.SyncBatch}
	runs := []*script{mem, each, batch}
	run := func(s *script) {
		s.run(b, "0")
		if m, _ := filepath.Glob(filepath.Join(dir, "*.msg")); len(m) > 0 {
			b.Fatalf("%d messages left in the spool", len(m))
		}
	}
	for _, s := range runs {
		run(s)
	}
	var took [3]time.Duration
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
	b.ReportMetric(rate(took[0]), "memory-msgs/s")
	b.ReportMetric(rate(took[1]), "each-msgs/s")
	b.ReportMetric(rate(took[2]), "batch-msgs/s")
	b.ReportMetric(took[1].Seconds()/took[0].Seconds(), "each/memory")
	b.ReportMetric(took[2].Seconds()/took[0].Seconds(), "batch/memory")
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
