package interp_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

func compile(t testing.TB, lib *interp.Library, opts interp.CompileOptions, src string) *interp.Program {
	t.Helper()
	p, err := parser.New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	if lib == nil {
		if lib, err = builtins.New(); err != nil {
			t.Fatal(err)
		}
	}
	prog, _, err := interp.CompileWith(lib, opts, f)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func TestGoFuncHostFunctions(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	add, err := interp.GoFunc([]string{"Additionne", "AddUp"}, func(a, b int) int { return a + b })
	if err != nil {
		t.Fatal(err)
	}
	greet, err := interp.GoFunc([]string{"Salue", "Greet"}, func(th *interp.Thread, name string, rest ...string) (string, error) {
		if name == "" {
			return "", errors.New("empty name")
		}
		return "bonjour " + name + strings.Join(rest, ""), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []*interp.Builtin{add, greet} {
		if err := lib.AddFunc(b); err != nil {
			t.Fatal(err)
		}
	}
	prog := compile(t, lib, interp.CompileOptions{}, `Trace(Additionne(2, "3"), addup(1, 1), Salue("Ada", "!", "?"))
QUAND EXCEPTION DANS
	Greet("")
FAIRE
	Trace("exception")
FIN
Greet("")`)
	var out bytes.Buffer
	err = prog.Run(interp.Options{Stdout: &out})
	if got, want := out.String(), "5, 2, bonjour Ada!?\nexception\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
	var re *interp.RuntimeError
	if !errors.As(err, &re) || re.Msg != "empty name" || re.Pos.Line != 7 || re.Pos.Column != 1 {
		t.Errorf("error = %#v", err)
	}
}

func TestGoFuncRejectsUnsupportedTypes(t *testing.T) {
	if _, err := interp.GoFunc([]string{"X"}, func(chan int) {}); err == nil {
		t.Error("a chan parameter was accepted")
	}
	if _, err := interp.GoFunc([]string{"X"}, func() (int, int) { return 0, 0 }); err == nil {
		t.Error("two non-error results were accepted")
	}
}

func TestCallProcedureFromGo(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, `gnBase est un entier = 100
PROCÉDURE Calcule(a, b est un entier)
RENVOYER gnBase + a * b
PROCEDURE Liste(n)
t est un tableau d'entiers
POUR i = 1 À n
	t[i] = i * i
FIN
RENVOYER t`)
	th := prog.NewThread(interp.Options{})
	if err := th.Run(); err != nil {
		t.Fatal(err)
	}
	got, err := th.Call("calcule", 6, "7")
	if err != nil || got != int64(142) {
		t.Errorf("Call = %v, %v", got, err)
	}
	list, err := th.Call("Liste", 3)
	if diff := cmp.Diff([]any{int64(1), int64(4), int64(9)}, list); err != nil || diff != "" {
		t.Errorf("Liste: %v %s", err, diff)
	}
	if _, err := th.Call("Absente"); err == nil {
		t.Error("calling a missing procedure succeeded")
	}
	if _, err := th.Call("Calcule", 1, 2, 3); err == nil {
		t.Error("too many arguments succeeded")
	}
}

func TestPredeclaredGlobals(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{Globals: []string{"gsServeur", "gtPorts"}},
		`Trace(gsServeur + ":" + gtPorts[2])`)
	var out bytes.Buffer
	err := prog.Run(interp.Options{Stdout: &out, Globals: map[string]any{"gsServeur": "smtp.example.com", "GTPORTS": []int{25, 587}}})
	if err != nil || out.String() != "smtp.example.com:587\n" {
		t.Errorf("out %q err %v", out.String(), err)
	}
	err = prog.Run(interp.Options{Globals: map[string]any{"inconnu": 1}})
	if err == nil || !strings.Contains(err.Error(), "not predeclared") {
		t.Errorf("unknown global: %v", err)
	}
}

func TestCancellationStopsABusyLoop(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, "BOUCLE\nFIN")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- prog.Run(interp.Options{Context: ctx}) }()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the loop did not stop")
	}
}

func TestStepLimit(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, "n est un entier\nTANTQUE Vrai\n\tn++\nFIN")
	err := prog.Run(interp.Options{MaxSteps: 10000})
	if !errors.Is(err, interp.ErrStepLimit) {
		t.Fatalf("err = %v, want the step limit", err)
	}
	var re *interp.RuntimeError
	if !errors.As(err, &re) || re.Pos.Line == 0 || len(re.Stack) == 0 {
		t.Errorf("step limit error without position or stack: %#v", err)
	}
}

// One compiled program runs concurrently from many goroutines without sharing state (run
// with -race).
func TestConcurrentRuns(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, `s est une chaîne = "x"
t est un tableau de chaînes
POUR i = 1 À 200
	s += "y"
	t[i] = s
FIN
Trace(t[200] = s, Fib(15))
PROCÉDURE Fib(n)
SI n < 2 ALORS RENVOYER n
RENVOYER Fib(n - 1) + Fib(n - 2)`)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out bytes.Buffer
			if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
				errs <- err
				return
			}
			if out.String() != "1, 610\n" {
				errs <- fmt.Errorf("output %q", out.String())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestValueConversions(t *testing.T) {
	now := time.Date(2026, 11, 24, 13, 45, 30, 0, time.UTC)
	in := map[string]any{"n": 3, "f": 1.5, "s": "é", "b": true, "list": []string{"a", "b"}, "t": now, "buf": []byte{0, 1}}
	v, err := interp.ValueOf(in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"b": true, "buf": []byte{0, 1}, "f": 1.5, "list": []any{"a", "b"}, "n": int64(3), "s": "é", "t": now}
	if diff := cmp.Diff(want, v.GoValue()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if _, err := interp.ValueOf(make(chan int)); err == nil {
		t.Error("a channel converted")
	}
}

func TestAtExit(t *testing.T) {
	lib, _ := builtins.New()
	var order []string
	reg, _ := interp.GoFunc([]string{"Enregistre"}, func(th *interp.Thread, s string) {
		th.AtExit(func() { order = append(order, s) })
	})
	lib.AddFunc(reg)
	prog := compile(t, lib, interp.CompileOptions{}, "Enregistre(\"a\")\nEnregistre(\"b\")\nt est un tableau d'entiers\nTrace(t[1])")
	if err := prog.Run(interp.Options{}); err == nil {
		t.Fatal("the fatal error was lost")
	}
	if strings.Join(order, ",") != "b,a" {
		t.Errorf("at-exit order %v", order)
	}
}
