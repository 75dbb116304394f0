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

// The language benchmarks of BENCHMARKS.md (wl alone; bench/ compares with gopher-lua and
// tengo). Each checks the script's printed result.
var workloads = []struct {
	name, src, want string
}{
	{"Fib30", `Trace(fib(30))
PROCÉDURE fib(n est un entier)
SI n < 2 ALORS
	RENVOYER n
FIN
RENVOYER fib(n - 1) + fib(n - 2)`, "832040"},
	{"Loop10M", `total est un entier sur 8 octets = 0
POUR i = 1 _A_ 10000000
	total += i
FIN
Trace(total)`, "50000005000000"},
	{"Calls1M", `acc est un entier sur 8 octets = 0
POUR i = 1 _A_ 1000000
	acc = add2(acc, i)
FIN
Trace(acc)
PROCÉDURE add2(a est un entier sur 8 octets, b est un entier sur 8 octets)
RENVOYER a + b`, "500000500000"},
	{"Append200k", appendScript(200000), "2000000"},
}

func appendScript(n int) string {
	return fmt.Sprintf(`s est une chaîne
POUR i = 1 _A_ %d
	s += "abcdefghij"
FIN
Trace(Taille(s))`, n)
}

// startupScript is the 20-line start-up workload.
const startupScript = `t est un tableau d'entiers
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

func benchRun(b *testing.B, prog *interp.Program, want string) {
	b.Helper()
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
			b.Fatal(err)
		}
	}
	if got := strings.TrimSpace(out.String()); got != want {
		b.Fatalf("result %q, want %q", got, want)
	}
}

func BenchmarkWorkloads(b *testing.B) {
	for _, w := range workloads {
		b.Run(w.name, func(b *testing.B) {
			benchRun(b, compile(b, nil, interp.CompileOptions{}, w.src), w.want)
		})
	}
}

// BenchmarkAppendLinear shows that s += x is amortised: time per append stays flat as the
// string grows.
func BenchmarkAppendLinear(b *testing.B) {
	for _, n := range []int{20000, 40000, 80000, 160000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			benchRun(b, compile(b, nil, interp.CompileOptions{}, appendScript(n)), fmt.Sprint(n*10))
		})
	}
}

// BenchmarkStartup parses, compiles and runs the 20-line script each time. The parser and
// the library are built once, as a host or the CLI does.
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
		f, err := p.Parse("startup.wl", startupScript)
		if err != nil {
			b.Fatal(err)
		}
		prog, _, err := interp.Compile(lib, f)
		if err != nil {
			b.Fatal(err)
		}
		if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
			b.Fatal(err)
		}
	}
	if got := strings.TrimSpace(out.String()); got != "42935" {
		b.Fatalf("result %q", got)
	}
}
