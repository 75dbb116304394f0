package interp_test

import (
	"bytes"
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

// BenchmarkMethodRatio runs the procedure-call loop and the method-call loop in turn in
// each iteration, so that both see the same machine load, and reports method/proc, the
// ratio of their times.
func BenchmarkMethodRatio(b *testing.B) {
	proc, meth := benchCompile(b, benchCalls), benchCompile(b, benchMethodCalls)
	var out bytes.Buffer
	var tp, tm time.Duration
	for b.Loop() {
		for _, run := range []struct {
			prog *interp.Program
			t    *time.Duration
		}{{proc, &tp}, {meth, &tm}} {
			out.Reset()
			start := time.Now()
			if err := run.prog.Run(interp.Options{Stdout: &out}); err != nil {
				b.Fatal(err)
			}
			*run.t += time.Since(start)
			benchCheck(b, &out, "500000500000")
		}
	}
	b.ReportMetric(float64(tm)/float64(tp), "method/proc")
}
