package interp_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// The language benchmarks of BENCHMARKS.md for wl alone; the bench/ module runs the same
// programs against gopher-lua and tengo. The sources are those of
// ../shared/perf-workloads/wl (without their comments), written here so that the benchmarks
// run without the shared folder. Every benchmark checks the script's printed result.

// benchFib30 is recursive fib(30) (the shared fib.wl computes fib(27)).
const benchFib30 = `Trace(fib(30))

PROCÉDURE fib(n est un entier)
SI n < 2 ALORS
	RENVOYER n
FIN
RENVOYER fib(n - 1) + fib(n - 2)
`

// benchSumLoop adds 1..10,000,000; a 4-byte entier would overflow.
const benchSumLoop = `total est un entier sur 8 octets = 0
POUR i = 1 _A_ 10000000
	total += i
FIN
Trace(total)
`

// benchCalls calls a two-parameter procedure 1,000,000 times.
const benchCalls = `acc est un entier sur 8 octets = 0
POUR i = 1 _A_ 1000000
	acc = add2(acc, i)
FIN
Trace(acc)

PROCÉDURE add2(a est un entier sur 8 octets, b est un entier sur 8 octets)
RENVOYER a + b
`

// benchStartup is the 20-line start-up script.
const benchStartup = `t est un tableau d'entiers
POUR i = 1 _A_ 50
	Ajoute(t, sq(i))
FIN
total est un entier = 0
POUR TOUT v DE t
	total += v
FIN
s est une chaîne
POUR i = 1 _A_ 10
	s += "x"
FIN
SI total > 1000 ALORS
	total += Taille(s)
FIN
Trace(total)

PROCÉDURE sq(x est un entier)
RENVOYER x * x
`

// benchStrCat appends a 10-character string n times, then prints the length.
func benchStrCat(n int) string {
	return fmt.Sprintf(`s est une chaîne
POUR i = 1 _A_ %d
	s += "abcdefghij"
FIN
Trace(Taille(s))
`, n)
}

// benchCompile parses and compiles src with the standard library, once.
func benchCompile(b *testing.B, src string) *interp.Program {
	b.Helper()
	p, err := parser.New()
	if err != nil {
		b.Fatal(err)
	}
	f, err := p.Parse("bench.wl", src)
	if err != nil {
		b.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		b.Fatal(err)
	}
	prog, _, err := interp.Compile(lib, f)
	if err != nil {
		b.Fatal(err)
	}
	return prog
}

// benchRun compiles src once, runs it b.N times and checks what the last run printed.
func benchRun(b *testing.B, src, want string) {
	b.Helper()
	prog := benchCompile(b, src)
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
			b.Fatal(err)
		}
	}
	benchCheck(b, &out, want)
}

func benchCheck(b *testing.B, out *bytes.Buffer, want string) {
	b.Helper()
	if got := strings.TrimSpace(out.String()); got != want {
		b.Fatalf("printed %q, want %q", got, want)
	}
}

// BenchmarkFib30 computes fib(30) recursively.
func BenchmarkFib30(b *testing.B) { benchRun(b, benchFib30, "832040") }

// BenchmarkSumLoop runs a 10,000,000-iteration integer loop.
func BenchmarkSumLoop(b *testing.B) { benchRun(b, benchSumLoop, "50000005000000") }

// BenchmarkCalls makes 1,000,000 calls of a two-argument procedure.
func BenchmarkCalls(b *testing.B) { benchRun(b, benchCalls, "500000500000") }

// BenchmarkStrCat appends s += "abcdefghij" n times. Appends are amortised when the time per
// append (the ns/append metric) stays flat as n grows.
func BenchmarkStrCat(b *testing.B) {
	for _, n := range []int{20000, 40000, 80000, 160000, 200000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchRun(b, benchStrCat(n), fmt.Sprint(10*n))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/append")
		})
	}
}

// BenchmarkStartup parses, compiles and runs the 20-line script in each iteration. The
// parser and the library are built once, as an embedding host does; BenchmarkStartupCold
// builds them in each iteration too, as each run of the wl command does.
func BenchmarkStartup(b *testing.B) {
	p, err := parser.New()
	if err != nil {
		b.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		b.Fatal(err)
	}
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		benchStartupOnce(b, p, lib, &out)
	}
	benchCheck(b, &out, "42935")
}

// BenchmarkStartupCold is BenchmarkStartup with parser.New and builtins.New in the loop.
func BenchmarkStartupCold(b *testing.B) {
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		p, err := parser.New()
		if err != nil {
			b.Fatal(err)
		}
		lib, err := builtins.New()
		if err != nil {
			b.Fatal(err)
		}
		benchStartupOnce(b, p, lib, &out)
	}
	benchCheck(b, &out, "42935")
}

func benchStartupOnce(b *testing.B, p *parser.Parser, lib *interp.Library, out *bytes.Buffer) {
	f, err := p.Parse("startup.wl", benchStartup)
	if err != nil {
		b.Fatal(err)
	}
	prog, _, err := interp.Compile(lib, f)
	if err != nil {
		b.Fatal(err)
	}
	if err := prog.Run(interp.Options{Stdout: out}); err != nil {
		b.Fatal(err)
	}
}
