package interp_test

import (
	"bytes"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/wl-lang/wl/interp"
)

// benchMethodCalls is benchCalls with the procedure written as a method of a class: the
// cost of a method call against a procedure call (BENCHMARKS.md).
const benchMethodCalls = `Acc est une Classe
	total est un entier sur 8 octets
FIN
o est un Acc
acc est un entier sur 8 octets = 0
POUR i = 1 _A_ 1000000
	acc = o.add2(acc, i)
FIN
Trace(acc)

PROCÉDURE Acc::add2(a est un entier sur 8 octets, b est un entier sur 8 octets)
RENVOYER a + b
`

// benchMembers reads and writes a structure's members 1,000,000 times.
const benchMembers = `P est une Structure
	x est un entier sur 8 octets
	y est un entier sur 8 octets
FIN
p est un P
POUR i = 1 _A_ 1000000
	p.x = p.x + i
	p.y = p.x
FIN
Trace(p.y)
`

func BenchmarkMethodCalls(b *testing.B) { benchRun(b, benchMethodCalls, "500000500000") }

func BenchmarkMembers(b *testing.B) { benchRun(b, benchMembers, "500000500000") }

// ratioCalls is the number of calls of each short run of BenchmarkMethodRatio.
const ratioCalls = 20000

// ratioLoop is the loop of the call benchmarks with call as its body and ratioCalls turns;
// an empty call gives the loop alone.
func ratioLoop(class, call, procs string) string {
	return fmt.Sprintf("%sacc est un entier sur 8 octets = 0\nPOUR i = 1 _A_ %d\n\tacc = %s\nFIN\nTrace(acc)\n%s", class, ratioCalls, call, procs)
}

// BenchmarkMethodRatio measures what a method call costs against a procedure call (issue
// 12: at most 1.5 times) on a machine whose load comes in bursts. Each iteration runs three
// short programs of 20,000 turns 100 times each, interleaved in a rotating order: the loop
// calling a procedure add2(acc, i), the loop calling o.add2(acc, i), a method of a class,
// and the loop doing acc = acc + i without a call. It reports
//   - method/proc: the median over the 100 triples of the method loop's time over the
//     procedure loop's, whole loops (the measure of the earlier version of this benchmark);
//   - call-ratio: the median of (method loop − plain loop) / (procedure loop − plain loop),
//     the cost of one call against the other without the loop around them, with its first
//     and third quartiles (call-ratio-p25, -p75);
//   - call-ratio-min: the same from each loop's fastest run, which outside load can only
//     slow down;
//   - proc-ns/call and method-ns/call: the fastest runs' cost per call, loop removed.
func BenchmarkMethodRatio(b *testing.B) {
	progs := []*interp.Program{
		benchCompile(b, ratioLoop("", "add2(acc, i)", "\nPROCÉDURE add2(a est un entier sur 8 octets, b est un entier sur 8 octets)\nRENVOYER a + b\n")),
		benchCompile(b, ratioLoop("Acc est une Classe\n\ttotal est un entier sur 8 octets\nFIN\no est un Acc\n", "o.add2(acc, i)",
			"\nPROCÉDURE Acc::add2(a est un entier sur 8 octets, b est un entier sur 8 octets)\nRENVOYER a + b\n")),
		benchCompile(b, ratioLoop("", "acc + i", "")),
	}
	const repeats = 100
	want := fmt.Sprint(ratioCalls * (ratioCalls + 1) / 2)
	var out bytes.Buffer
	run := func(p *interp.Program) time.Duration {
		out.Reset()
		start := time.Now()
		if err := p.Run(interp.Options{Stdout: &out}); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		benchCheck(b, &out, want)
		return d
	}
	var whole, calls []float64
	best := []time.Duration{1 << 62, 1 << 62, 1 << 62}
	for b.Loop() {
		for r := range repeats {
			var t [3]time.Duration
			for k := range progs {
				j := (r + k) % len(progs)
				t[j] = run(progs[j])
				best[j] = min(best[j], t[j])
			}
			whole = append(whole, float64(t[1])/float64(t[0]))
			calls = append(calls, float64(t[1]-t[2])/float64(t[0]-t[2]))
		}
	}
	b.ReportMetric(median(whole), "method/proc")
	b.ReportMetric(median(calls), "call-ratio")
	b.ReportMetric(quantile(calls, 0.25), "call-ratio-p25")
	b.ReportMetric(quantile(calls, 0.75), "call-ratio-p75")
	b.ReportMetric(float64(best[1]-best[2])/float64(best[0]-best[2]), "call-ratio-min")
	b.ReportMetric(float64(best[0]-best[2])/ratioCalls, "proc-ns/call")
	b.ReportMetric(float64(best[1]-best[2])/ratioCalls, "method-ns/call")
}

// median of xs (sorted in place).
func median(xs []float64) float64 { return quantile(xs, 0.5) }

// quantile q of xs (sorted in place), interpolated between the two nearest values.
func quantile(xs []float64, q float64) float64 {
	sort.Float64s(xs)
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}
