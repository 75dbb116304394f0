package interp_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

// TestRecursionLimits: endless recursion ends in a fatal WLanguage error before the Go
// stack runs out, for plain procedures (after maxDepth calls) and for procedures whose code
// nests as deep as the parser allows (after fewer calls, each taking much stack).
func TestRecursionLimits(t *testing.T) {
	rep := strings.Repeat
	tests := []struct {
		name, src string
		want      string
	}{
		{"plain", "F()\nPROCÉDURE F()\nF()",
			`^t\.wl:3:1: too many nested calls \(more than 20000\): endless recursion\?$`},
		{"in an expression", "F(1)\nPROCÉDURE F(n)\nRENVOYER F(n + 1) + 1",
			`^t\.wl:3:10: too many nested calls \(more than 20000\): endless recursion\?$`},
		{"through a builtin calling back", "t est un tableau de 2 entiers\nF()\nPROCÉDURE F()\nTableauTrie(t, ttFonction, procédure(a, b) { F(); RENVOYER 0 })",
			`^t\.wl:4:\d+: too many nested calls \(more than 20000\): endless recursion\?$`},
		{"deeply nested code", "t est un tableau de 1 entiers\nF(1)\nPROCÉDURE F(n)\n" + rep("POUR TOUT v DE t\n", 990) +
			"x est un variant = " + rep("Abs(", 990) + "F(n + 1)" + rep(")", 990) + "\n" + rep("FIN\n", 990),
			`^t\.wl:994:\d+: too many nested calls \(\d+, of procedures whose code nests deeply\): endless recursion\?$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := compile(t, nil, interp.CompileOptions{}, tt.src).Run(interp.Options{})
			var re *interp.RuntimeError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a fatal error", err)
			}
			if !regexp.MustCompile(tt.want).MatchString(re.Error()) || len(re.Stack) == 0 {
				t.Errorf("got %v, want %s", re, tt.want)
			}
		})
	}
}

// TestArraysHoldingThemselves: an array inside itself, or the same array met many times,
// converts to a string, is copied and is handed to Go without looping, and with its shape.
func TestArraysHoldingThemselves(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, `t est un tableau de variants
Ajoute(t, 1)
Ajoute(t, t)
Trace(t)
u est un tableau de variants
u <= t
Trace(TableauOccurrence(u), TableauOccurrence(u[2]), TableauOccurrence(u[2][2][2]))
Ajoute(u, 3)
Trace(TableauOccurrence(u), TableauOccurrence(u[2]), TableauOccurrence(t))
PROCÉDURE Cycle()
c est un tableau de variants
Ajoute(c, "a")
Ajoute(c, c)
RENVOYER c`)
	var out bytes.Buffer
	th := prog.NewThread(interp.Options{Stdout: &out})
	if err := th.Run(); err != nil {
		t.Fatal(err)
	}
	// The copy holds itself as the original did: adding to it adds to its inner self.
	if want := "1\t\n2, 2, 2\n3, 3, 2\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	v, err := th.Call("Cycle")
	if err != nil {
		t.Fatal(err)
	}
	c, ok := v.([]any)
	if !ok || len(c) != 2 || c[0] != "a" {
		t.Fatalf("Cycle() = %#v", v)
	}
	if inner, ok := c[1].([]any); !ok || len(inner) != 2 || &inner[0] != &c[0] {
		t.Errorf("the Go value does not hold itself: %#v", c[1])
	}
}

// TestDeeplyNestedValues: arrays nested far deeper than the Go stack would allow a
// recursion to follow are copied, converted and measured without recursing.
func TestDeeplyNestedValues(t *testing.T) {
	prog := compile(t, nil, interp.CompileOptions{}, `v est un variant = 1
POUR i = 1 À 200000
	v = [v]
FIN
u est un tableau de variants = v
Trace(u)
s est une chaîne = Répète("x", 100000)
PROCÉDURE Profond()
RENVOYER v`)
	var out bytes.Buffer
	th := prog.NewThread(interp.Options{Stdout: &out, MaxMemory: 256 << 20})
	if err := th.Run(); err != nil {
		t.Fatal(err)
	}
	if out.String() != "\n" {
		t.Errorf("output %q", out.String())
	}
	v, err := th.Call("Profond")
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for {
		a, ok := v.([]any)
		if !ok {
			break
		}
		depth++
		v = a[0]
	}
	if depth != 200000 || v != int64(1) {
		t.Errorf("depth %d, innermost %v", depth, v)
	}
}

func TestFormatSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 bytes"},
		{100, "100 bytes"},
		{1536, "1536 bytes"},
		{2048, "2 KiB"},
		{64 << 20, "64 MiB"},
		{1536 << 20, "1536 MiB"},
		{2 << 30, "2 GiB"},
	}
	for _, tt := range tests {
		if got := interp.FormatSize(tt.n); got != tt.want {
			t.Errorf("FormatSize(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

// TestRunAtNestingLimit compiles and runs code nested as deep as the parser allows: the
// compiler and the run, which recurse over the syntax tree, stay within the Go stack.
func TestRunAtNestingLimit(t *testing.T) {
	rep := strings.Repeat
	n := parser.MaxNesting
	tests := []struct{ name, src, want string }{
		{"blocks and parentheses", rep("SI Vrai ALORS\n", n-1) + "x est un entier = " + rep("(", n-1) + "1" + rep(")", n-1) + "\nTrace(x)\n" + rep("FIN\n", n-1), "1\n"},
		{"unary minus", "x est un entier = " + rep("- ", n) + "1\nTrace(x)", "1\n"},
		{"chain of +", "x est un entier = 0" + rep(" + 1", n) + "\nTrace(x)", "1000\n"},
		{"chain of concatenations", "s est une chaîne = \"\"\nx est une chaîne = s" + rep(" + s", n) + "\nTrace(Taille(x))", "0\n"},
		{"nested calls", "Trace(" + rep("Id(", n-1) + "7" + rep(")", n-1) + ")\nPROCÉDURE Id(v)\nRENVOYER v", "7\n"},
		{"array literals", "v est un variant = " + rep("[", n) + "5" + rep("]", n) + "\nTrace(TableauOccurrence(v))", "1\n"},
		{"array types", "t est un " + rep("tableau de ", n) + "entiers\nTrace(TableauOccurrence(t))", "0\n"},
		{"loops", "t est un tableau de 1 entiers\n" + rep("POUR TOUT e DE t\n", n-1) + "Trace(\"fond\")\n" + rep("FIN\n", n-1), "fond\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := compile(t, nil, interp.CompileOptions{}, tt.src).Run(interp.Options{Stdout: &out}); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Errorf("output %q, want %q", out.String(), tt.want)
			}
		})
	}
}
