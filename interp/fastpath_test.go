package interp_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/wl-lang/wl/interp"
)

// TestFastPathSemantics checks the edges of the compiled fast paths of calls, comparisons
// and integer arithmetic (a variable or a constant integer as an operand, integer
// parameters, frames reused between calls): each must give what the general path gives.
func TestFastPathSemantics(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"int64 + constant promotes to real on overflow", `x est un entier sur 8 octets = 9223372036854775807
Trace(x + 1, 1 + x, x + 0, x - -1)`, "9223372036854780000, 9223372036854780000, 9223372036854775807, 9223372036854780000"},
		{"int64 - constant promotes to real on overflow", `y est un entier sur 8 octets = -9223372036854775807
Trace(y - 1, y - 2, y - 0, y + -2)`, "-9223372036854775808, -9223372036854780000, -9223372036854775807, -9223372036854780000"},
		{"local variables: + and - of two variables overflow", `f()
PROCÉDURE f()
a est un entier sur 8 octets = 9223372036854775807
b est un entier sur 8 octets = 2
c est un entier sur 8 octets = -9223372036854775807
Trace(a + b, c - b, a - b, c + b)`, "9223372036854780000, -9223372036854780000, 9223372036854775805, -9223372036854775805"},
		{"a string operand against a constant", `s est un variant = "10"
Trace(s < 9, s + 1, s - 1, s = 10, s <> 10)`, "0, 101, 9, 1, 0"},
		{"a real operand against a constant", `r est un variant = 1.5
Trace(r < 2, r + 1, r - 1, r = 1.5, r >= 1, r > 1, r <= 1)`, "1, 2.5, 0.5, 1, 1, 1, 0"},
		{"Null operand against a constant", `n est un variant
Trace(n < 1, n + 1, n - 1, n = 0, n <> 0)`, "1, 1, -1, 1, 0"},
		{"boolean operand", `b est un variant = Vrai
Trace(b + 1, b = 1, b - 1)`, "2, 1, 0"},
		{"date operand", `d est une date = "20260102"
Trace(d + 1, d - 1, d > 20260101)`, "20260103, 20260101, 1"},
		{"comparisons in a procedure, parameter against constants", `Trace(cmp(5), cmp(1), cmp("abc"), cmp(3), cmp(2))
PROCÉDURE cmp(n)
SI n < 2 ALORS RENVOYER "lt"
SI n >= 5 ALORS RENVOYER "ge"
SI n = 3 ALORS RENVOYER "eq"
SI n <> 4 ALORS RENVOYER "ne"
RENVOYER n - 1`, "ge, lt, ge, eq, ne"},
		{"entier parameter wraps and converts", `Trace(w(3000000000), w(2.7), w("12"), w(-2147483648 - 1), w(-5))
PROCÉDURE w(n est un entier)
RENVOYER n`, "-1294967296, 2, 12, 2147483647, -5"},
		{"entier sur 8 octets parameter converts", `Trace(w(3000000000), w(2.7), w("12"), w(Vrai))
PROCÉDURE w(n est un entier sur 8 octets)
RENVOYER n`, "3000000000, 2, 12, 1"},
		{"parameters are passed by reference unless LOCAL", `a est un entier = 5
inc(a)
Trace(a)
incl(a)
Trace(a)
PROCÉDURE inc(x)
x = x + 1
PROCÉDURE incl(LOCAL x)
x = x + 1`, "6\n6"},
		{"a typed parameter written back wraps", `g est un entier sur 8 octets = 2147483647
bump(g)
Trace(g)
PROCÉDURE bump(x est un entier)
x++`, "-2147483648"},
		{"no RENVOYER gives nothing after a call that returned", `Trace(one(), none(), one(), none())
PROCÉDURE one()
RENVOYER 1
PROCÉDURE none()
z est un entier = 1`, "1, , 1,"},
		{"defaults see the given parameters", `Trace(def(1), def(1, 5))
PROCÉDURE def(p, q = p + 1)
RENVOYER p + q`, "3, 6"},
		{"a fresh activation starts with zeroed locals", `Trace(loc(1), loc(2))
PROCÉDURE loc(n)
x est un variant
SI n = 2 ALORS RENVOYER x
x = 7
RENVOYER x`, "7,"},
		{"method calls on a global, a local and a member receiver", `C est une Classe
	n est un entier
	fils est un C dynamique
FIN
g est un C
g.n = 1
Trace(g.add(2, 3), f())
PROCÉDURE f()
o est un C
o.n = 10
o.fils = allouer un C
o.fils.n = 100
RENVOYER o.add(1, 2) + o.fils.add(3000000000, 0)
PROCÉDURE C::add(a est un entier, b)
RENVOYER n + a + b`, "6, -1294967183"},
		{"a method assigns its parameters passed by reference", `C est une Classe
FIN
o est un C
x est un entier = 1
y est un entier = 2
o.swap(x, y)
Trace(x, y)
PROCÉDURE C::swap(a, b)
t est un entier = a
a = b
b = t`, "2, 1"},
		{"RENVOYER ending a block inside a loop and an IF", `Trace(first(5), first(20))
PROCÉDURE first(n)
POUR i = 1 _A_ 10
	SI i > n ALORS
		x est un entier = i * 10
		RENVOYER x + 1
	FIN
	Trace("i" + i)
FIN
RENVOYER "none"`, "i1\ni2\ni3\ni4\ni5\ni1\ni2\ni3\ni4\ni5\ni6\ni7\ni8\ni9\ni10\n61, none"},
		{"recursion", `Trace(fib(20))
PROCÉDURE fib(n est un entier)
SI n < 2 ALORS
	RENVOYER n
FIN
RENVOYER fib(n - 1) + fib(n - 2)`, "6765"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog := compile(t, nil, interp.CompileOptions{}, tc.src+"\n")
			var out bytes.Buffer
			if err := prog.Run(interp.Options{Stdout: &out}); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(out.String()); got != tc.want {
				t.Errorf("printed %q, want %q", got, tc.want)
			}
		})
	}
}

// TestFastPathErrors checks that the fast paths report the general path's errors.
func TestFastPathErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"compare an array with a constant", `t est un tableau d'entiers
SI t < 2 ALORS Trace(1)`, "cannot compare array with integer"},
		{"subtract a constant from an array", `t est un tableau d'entiers
Trace(t - 1)`, "cannot subtract integer from array"},
		{"add a constant to an array in a procedure", `f()
PROCÉDURE f()
t est un tableau d'entiers
Trace(t + 1)`, "cannot add array and integer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			prog := compile(t, nil, interp.CompileOptions{}, tc.src+"\n")
			err := prog.Run(interp.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
