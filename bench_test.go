package wl_test

import (
	"context"
	"testing"

	"github.com/wl-lang/wl"
)

// BenchmarkBuiltinCalls measures a loop of builtin calls, which check the run's context
// after each call, with a context that cannot be cancelled and with one that can.
func BenchmarkBuiltinCalls(b *testing.B) {
	prog, err := wl.Compile("bench.wl", []byte(`s est une chaîne = "abcdef"
n est un entier
POUR i = 1 À 1000000
	n += Taille(s)
FIN`), nil)
	if err != nil {
		b.Fatal(err)
	}
	cancellable, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, bc := range []struct {
		name string
		ctx  context.Context
	}{{"background", context.Background()}, {"cancellable", cancellable}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := prog.Run(bc.ctx, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCompile measures compiling a small script, library included.
func BenchmarkCompile(b *testing.B) {
	src := []byte("PROCÉDURE Double(n)\nRENVOYER 2 * n\n")
	for b.Loop() {
		if _, err := wl.Compile("b.wl", src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRun measures a run of a compiled program that does little: the cost of a run
// for a host that runs one program many times.
func BenchmarkRun(b *testing.B) {
	prog, err := wl.Compile("b.wl", []byte("x est un entier = gnX * 2"), &wl.CompileOptions{Globals: []string{"gnX"}})
	if err != nil {
		b.Fatal(err)
	}
	opts := &wl.RunOptions{Globals: map[string]any{"gnX": 21}}
	for b.Loop() {
		if err := prog.Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}
