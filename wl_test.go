package wl_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/wl-lang/wl"
)

// watchdog bounds how long a test waits for a run that must stop: it guards against a hang,
// it does not time the run.
const watchdog = 20 * time.Second

func mustCompile(t testing.TB, src string, opts *wl.CompileOptions) *wl.Program {
	t.Helper()
	prog, err := wl.Compile("t.wl", []byte(src), opts)
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		opts *wl.CompileOptions
		want []string // the diagnostics
	}{
		{
			name: "syntax",
			src:  "x est un entier\nx = (1 + \n",
			want: []string{"t.wl:2:"},
		},
		{
			name: "compiler errors are all listed",
			src:  "SI Vrai ALORS SORTIR\nSI Vrai ALORS CONTINUER\n",
			want: []string{"t.wl:1:15: SORTIR/BREAK outside a loop", "t.wl:2:15: "},
		},
		{
			name: "include without a file system",
			src:  "EXTERN \"outils.wl\"\n",
			want: []string{"t.wl:1:1: EXTERN \"outils.wl\": cannot read outils.wl: no file system to include from (CompileOptions.FS)"},
		},
		{
			name: "missing include",
			src:  "EXTERN \"absent.wl\"\n",
			opts: &wl.CompileOptions{FS: fstest.MapFS{}},
			want: []string{"t.wl:1:1: EXTERN \"absent.wl\": open absent.wl: file does not exist"},
		},
		{
			name: "syntax error in an include",
			src:  "EXTERN \"outils.wl\"\n",
			opts: &wl.CompileOptions{FS: fstest.MapFS{"outils.wl": {Data: []byte("\nPROCÉDURE P(\n")}}},
			want: []string{"outils.wl:2:"},
		},
		{
			name: "unknown name in strict mode",
			src:  "Trace(Inconnue(1))\n",
			opts: &wl.CompileOptions{Strict: true},
			want: []string{"t.wl:1:7: "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wl.Compile("t.wl", []byte(tt.src), tt.opts)
			var ce *wl.CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v (%T), want a *wl.CompileError", err, err)
			}
			if len(ce.Diagnostics) != len(tt.want) {
				t.Fatalf("diagnostics %v, want %d", ce.Diagnostics, len(tt.want))
			}
			for i, d := range ce.Diagnostics {
				if !strings.HasPrefix(d.String(), tt.want[i]) || d.Line == 0 || d.Col == 0 || d.Warning {
					t.Errorf("diagnostic %d = %q (%+v), want it to start with %q", i, d, d, tt.want[i])
				}
			}
			if !strings.HasPrefix(err.Error(), tt.want[0]) {
				t.Errorf("Error() = %q", err)
			}
		})
	}
}

func TestCompileRejectsBadHostFunctions(t *testing.T) {
	tests := []struct {
		name string
		fn   wl.Func
		want string
	}{
		{"builtin name", wl.Func{Names: []string{"Trace"}, Fn: func() {}}, "already a function"},
		{"not a function", wl.Func{Names: []string{"F"}, Fn: 3}, "is not a function"},
		{"unsupported parameter", wl.Func{Names: []string{"F"}, Fn: func(chan int) {}}, "not supported"},
		{"no name", wl.Func{Fn: func() {}}, "no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := wl.Compile("t.wl", []byte("Trace(1)"), &wl.CompileOptions{Funcs: []wl.Func{tt.fn}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	prog := mustCompile(t, "SI Faux ALORS Inconnue()\nTrace(1)", nil)
	w := prog.Warnings()
	if len(w) != 1 || !w[0].Warning || w[0].Line != 1 || !strings.Contains(w[0].String(), "warning: ") {
		t.Errorf("warnings %v", w)
	}
}

func TestCompileFSIncludes(t *testing.T) {
	fsys := fstest.MapFS{
		"scripts/main.wl":        {Data: []byte("EXTERN \"lib\\outils.wl\"\nTrace(gsPréfixe + Titre(\"ada\"))\n")},
		"scripts/lib/outils.wl":  {Data: []byte("EXTERN \"casse.wl\"\nPROCÉDURE Titre(s)\nRENVOYER Majuscule(Gauche(s, 1)) + Minuscule(Milieu(s, 2))\n")},
		"scripts/lib/casse.wl":   {Data: []byte("// nothing but a comment\n")},
		"prelude.wl":             {Data: []byte("gsPréfixe est une chaîne = \"Mme \"\nTrace(\"prelude\")\n")},
		"scripts/windows1252.wl": {Data: []byte("Trace(\"\xe9t\xe9\")\n")},
	}
	tests := []struct {
		name, file string
		includes   []string
		want       string
	}{
		{"EXTERN relative to the including file", "scripts/main.wl", []string{"prelude.wl"}, "prelude\nMme Ada\n"},
		{"Windows-1252 source", "scripts/windows1252.wl", nil, "été\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog, err := wl.CompileFS(fsys, tt.file, &wl.CompileOptions{Includes: tt.includes})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out}); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("output %q, want %q", out.String(), tt.want)
			}
		})
	}
	// Compile reads the script from memory and its inclusions from FS.
	prog, err := wl.Compile("scripts/main.wl", []byte("EXTERN \"lib/outils.wl\"\nTrace(Titre(\"GRACE\"))"), &wl.CompileOptions{FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out}); err != nil || out.String() != "Grace\n" {
		t.Errorf("Compile with FS: %q, %v", out.String(), err)
	}
}

func TestRunOptions(t *testing.T) {
	clock := func() time.Time { return time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC) }
	tests := []struct {
		name      string
		src       string
		globals   []string
		opts      wl.RunOptions
		stdout    string
		stderr    string
		errSubstr string
	}{
		{name: "writers", src: "Trace(\"out\")\nErreur(\"err\")", stdout: "out\n", stderr: "err\n"},
		{name: "globals", src: "Trace(gnN + 1, gtL[2], gaM[\"k\"], gbB)\ngnN = 5", globals: []string{"gnN", "gtL", "gaM", "gbB"},
			opts:   wl.RunOptions{Globals: map[string]any{"GNN": 41, "gtL": []string{"a", "b"}, "gaM": map[string]int{"k": 7}, "gbB": true}},
			stdout: "42, b, 7, 1\n"},
		{name: "unset global is Null", src: "Trace(gx = Null)", globals: []string{"gx"}, stdout: "1\n"},
		{name: "global not predeclared", src: "Trace(1)", opts: wl.RunOptions{Globals: map[string]any{"inconnu": 1}}, errSubstr: "not predeclared"},
		{name: "global of a type with no WLanguage value", src: "Trace(1)", globals: []string{"g"},
			opts: wl.RunOptions{Globals: map[string]any{"g": make(chan int)}}, errSubstr: "cannot convert"},
		{name: "clock", src: "Trace(DateSys(), HeureSys())", opts: wl.RunOptions{Now: clock}, stdout: "20300102, 03040500\n"},
		{name: "seed", src: "Trace(Hasard(1000000) = Hasard(1000000))", opts: wl.RunOptions{Seed: 7}, stdout: "0\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := mustCompile(t, tt.src, &wl.CompileOptions{Globals: tt.globals})
			var out, errOut bytes.Buffer
			opts := tt.opts
			opts.Stdout, opts.Stderr = &out, &errOut
			err := prog.Run(context.Background(), &opts)
			if tt.errSubstr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errSubstr) {
					t.Fatalf("err = %v, want %q", err, tt.errSubstr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.stdout || errOut.String() != tt.stderr {
				t.Errorf("stdout %q stderr %q, want %q %q", out.String(), errOut.String(), tt.stdout, tt.stderr)
			}
		})
	}
	// A nil context and nil options are the defaults.
	//lint:ignore SA1012 a nil context is documented as Background
	if err := mustCompile(t, "Trace(1)", nil).Run(nil, nil); err != nil { //nolint:staticcheck
		t.Error(err)
	}
}

var errHost = errors.New("the host refuses")

func TestHostFunctions(t *testing.T) {
	type seen struct {
		ctx bool
	}
	var mu sync.Mutex
	var got seen
	funcs := []wl.Func{
		{Names: []string{"Additionne", "AddUp"}, Fn: func(a, b int64) int64 { return a + b }},
		{Names: []string{"Décris", "Describe"}, Fn: func(s string, f float64, b bool, raw []byte, d time.Duration, rest ...string) string {
			return fmt.Sprintf("%s|%g|%t|%x|%s|%s", s, f, b, raw, d, strings.Join(rest, "+"))
		}},
		{Names: []string{"Jour", "Day"}, Fn: func(tm time.Time) int { return tm.Day() }},
		{Names: []string{"Liste", "List"}, Fn: func(n int) []int { return []int{n, n * n} }},
		{Names: []string{"Refuse", "Refuse2"}, Fn: func() error { return errHost }},
		{Names: []string{"RefuseValeur"}, Fn: func(s string) (string, error) {
			if s == "" {
				return "", fmt.Errorf("empty: %w", errHost)
			}
			return s, nil
		}},
		{Names: []string{"Panique"}, Fn: func() { panic("host bug") }},
		{Names: []string{"AvecContexte"}, Fn: func(ctx context.Context) bool {
			mu.Lock()
			got.ctx = ctx.Value(ctxKey{}) == "run"
			mu.Unlock()
			return true
		}},
	}
	tests := []struct {
		name   string
		src    string
		stdout string
		// err, when set, is the start of the run's error, which must wrap errHost.
		err  string
		proc string // Stack[0].Proc of the error
	}{
		{name: "French and English names", src: "Trace(Additionne(2, \"3\"), ADDUP(1, 1), additionne(-1, 1))", stdout: "5, 2, 0\n"},
		{name: "typed arguments", src: "Trace(Décris(\"é\", 1.5, Vrai, \"AB\", 1500, \"x\", \"y\"))\nTrace(Describe(\"s\", 2, Faux, \"\", 0))",
			stdout: "é|1.5|true|4142|1.5s|x+y\ns|2|false||0s|\n"},
		{name: "date argument", src: "Trace(Jour(\"20261124\"), Day(\"20260301120000\"))", stdout: "24, 1\n"},
		{name: "array result", src: "t est un tableau d'entiers = Liste(3)\nTrace(t.Occurrence, t[2])", stdout: "2, 9\n"},
		{name: "context", src: "Trace(AvecContexte())", stdout: "1\n"},
		{name: "error ends the run", src: "Trace(1)\nP()\nTrace(2)\nPROCÉDURE P()\nRefuse()", stdout: "1\n",
			err: "t.wl:5:1: the host refuses", proc: "P"},
		{name: "wrapped error", src: "RefuseValeur(\"\")", err: "t.wl:1:1: empty: the host refuses", proc: "main code"},
		{name: "QUAND EXCEPTION handles it", src: "QUAND EXCEPTION DANS\n\tRefuse2()\nFAIRE\n\tTrace(\"pris: \" + ExceptionInfo(errMessage))\nFIN\nTrace(\"suite\")",
			stdout: "pris: the host refuses\nsuite\n"},
		{name: "CAS EXCEPTION handles it", src: "P()\nTrace(\"suite\")\nPROCÉDURE P()\nRefuse()\nCAS EXCEPTION:\n\tTrace(\"pris: \" + ExceptionInfo(errMessage))",
			stdout: "pris: the host refuses\nsuite\n"},
		{name: "a panic is an internal error", src: "Panique()", err: "t.wl:1:1: internal error: "},
		{name: "wrong argument count", src: "Additionne(1)", err: "t.wl:1:1: Additionne: wrong number of parameters"},
	}
	prog := func(src string) *wl.Program { return mustCompile(t, src, &wl.CompileOptions{Funcs: funcs}) }
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			ctx := context.WithValue(context.Background(), ctxKey{}, "run")
			err := prog(tt.src).Run(ctx, &wl.RunOptions{Stdout: &out})
			if out.String() != tt.stdout {
				t.Errorf("stdout %q, want %q", out.String(), tt.stdout)
			}
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *wl.Error
			if !errors.As(err, &e) || !strings.HasPrefix(e.Error(), tt.err) {
				t.Fatalf("err = %v (%T), want a *wl.Error %q", err, err, tt.err)
			}
			if tt.proc != "" {
				if !errors.Is(err, errHost) {
					t.Errorf("%v does not wrap the host's error", err)
				}
				if len(e.Stack) == 0 || e.Stack[0].Proc != tt.proc || e.Stack[0].Line != e.Line {
					t.Errorf("stack %+v, want %s first", e.Stack, tt.proc)
				}
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if !got.ctx {
		t.Error("the host function did not receive the run's context")
	}
}

type ctxKey struct{}

func TestCallProcedures(t *testing.T) {
	prog := mustCompile(t, `gnTotal est un entier = gnDépart
PROCÉDURE Ajoute(n est un entier)
gnTotal += n
RENVOYER gnTotal
PROCÉDURE Infos(s)
a est un tableau associatif d'entiers
a["longueur"] = Taille(s)
RENVOYER a
PROCEDURE Echoue(n)
RENVOYER Echoue2(n)
PROCEDURE Echoue2(n)
t est un tableau de 1 entiers
RENVOYER t[n]
PROCEDURE Rien()
PROCEDURE Termine()
FinProgramme()
`, &wl.CompileOptions{Globals: []string{"gnDépart"}})
	ctx := context.Background()
	opts := &wl.RunOptions{Globals: map[string]any{"gnDépart": 100}}

	got, err := prog.Call(ctx, opts, "ajoute", 5)
	if err != nil || got != int64(105) {
		t.Errorf("Call(Ajoute) = %v, %v", got, err)
	}
	in, err := prog.Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	tests := []struct {
		proc string
		args []any
		want any
		err  string
	}{
		{proc: "Ajoute", args: []any{1}, want: int64(101)},
		{proc: "AJOUTE", args: []any{"2"}, want: int64(103)}, // the globals stay
		{proc: "Infos", args: []any{"abc"}, want: map[string]any{"longueur": int64(3)}},
		{proc: "Rien", want: nil},
		{proc: "Termine", want: nil},
		{proc: "Ajoute", args: []any{0}, want: int64(103)}, // FinProgramme ended only the call
		{proc: "Absente", err: "no procedure named Absente"},
		{proc: "Ajoute", args: []any{1, 2}, err: "t.wl:"},
		{proc: "Ajoute", args: []any{make(chan int)}, err: "argument 1: cannot convert"},
		{proc: "Echoue", args: []any{2}, err: "t.wl:13:11: index 2 out of range"},
	}
	for _, tt := range tests {
		got, err := in.Call(ctx, tt.proc, tt.args...)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s%v: err = %v, want %q", tt.proc, tt.args, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s%v: %v", tt.proc, tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s%v (-want +got):\n%s", tt.proc, tt.args, diff)
		}
	}
	_, err = in.Call(ctx, "Echoue", 3)
	var e *wl.Error
	if !errors.As(err, &e) {
		t.Fatalf("err %T", err)
	}
	var procs []string
	for _, f := range e.Stack {
		procs = append(procs, f.Proc)
	}
	if diff := cmp.Diff([]string{"Echoue2", "Echoue"}, procs[:2]); diff != "" {
		t.Errorf("stack (-want +got):\n%s\n%s", diff, e.Backtrace())
	}
	// A failing main code fails Start and Call.
	bad := mustCompile(t, "t est un tableau de 1 entiers\nTrace(t[5])\nPROCEDURE P()", nil)
	if _, err := bad.Start(ctx, nil); !errors.As(err, &e) || e.Line != 2 {
		t.Errorf("Start: %v", err)
	}
	if _, err := bad.Call(ctx, nil, "P"); !errors.As(err, &e) || e.Line != 2 {
		t.Errorf("Call: %v", err)
	}
}
