package parser

import (
	"fmt"
	"strings"
	"testing"
)

// TestNestingLimit parses each nesting construct at MaxNesting levels, which is accepted,
// and one level deeper, which is a syntax error at the place where the limit is passed.
func TestNestingLimit(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rep := strings.Repeat
	const block = "statement nested in more than 1000 blocks"
	const expr = "expression nested more than 1000 levels deep"
	tests := []struct {
		name  string
		build func(n int) string
		// line and col of the error with MaxNesting+1 levels, msg its message.
		line, col int
		msg       string
	}{
		{"SI blocks", func(n int) string { return rep("SI Vrai ALORS\n", n) + "Trace(1)\n" + rep("FIN\n", n) }, 1002, 1, block},
		{"POUR blocks", func(n int) string { return rep("POUR i = 1 À 2\n", n) + "Trace(1)\n" + rep("FIN\n", n) }, 1002, 1, block},
		{"TANTQUE blocks", func(n int) string { return rep("TANTQUE Faux\n", n) + "Trace(1)\n" + rep("FIN\n", n) }, 1002, 1, block},
		{"SELON blocks", func(n int) string { return rep("SELON 1\nCAS 1\n", n) + "Trace(1)\n" + rep("FIN\n", n) }, 2003, 1, block},
		{"QUAND EXCEPTION blocks", func(n int) string {
			return rep("QUAND EXCEPTION DANS\n", n) + "Trace(1)\n" + rep("FAIRE\nFIN\n", n)
		}, 1002, 1, block},
		{"procedure blocks", func(n int) string {
			return "PROCÉDURE P()\n" + rep("BOUCLE\n", n) + "SORTIR\n" + rep("FIN\n", n)
		}, 1003, 1, block},
		{"parentheses", func(n int) string { return "x = " + rep("(", n) + "1" + rep(")", n) }, 1, 1006, expr},
		{"array literals", func(n int) string { return "x = " + rep("[", n) + "1" + rep("]", n) }, 1, 1006, expr},
		{"unary minus", func(n int) string { return "x = " + rep("- ", n) + "1" }, 1, 2005, expr},
		{"PAS", func(n int) string { return "x = " + rep("PAS ", n) + "Vrai" }, 1, 4005, expr},
		{"calls in an expression", func(n int) string { return "x = " + rep("F(", n) + "1" + rep(")", n) }, 1, 2006, expr},
		{"calls in a statement", func(n int) string { return rep("F(", n) + "1" + rep(")", n) }, 1, 2002, expr},
		{"chain of +", func(n int) string { return "x = 1" + rep(" + 1", n) }, 1, 4007, expr},
		{"chain of ET", func(n int) string { return "x = a" + rep(" ET a", n) }, 1, 5007, expr},
		{"chain of members", func(n int) string { return "x = a" + rep(".b", n) }, 1, 2006, expr},
		{"chain of indexes", func(n int) string { return "x = t" + rep("[1]", n) }, 1, 3006, expr},
		{"array types", func(n int) string { return "t est un " + rep("tableau de ", n) + "entiers" }, 1, 11021, "type nested more than 1000 levels deep"},
		// An anonymous procedure's body goes on counting the blocks and the expression
		// levels it sits in: each one nested adds a level of both.
		{"anonymous procedures", func(n int) string {
			return rep("f = procédure()\n{\n", n-1) + "Trace(1)\n" + rep("}\n", n-1)
		}, 2001, 6, expr},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := p.Parse("t.wl", tt.build(MaxNesting)); err != nil {
				t.Errorf("%d levels: %v", MaxNesting, err)
			}
			_, err := p.Parse("t.wl", tt.build(MaxNesting+1))
			want := fmt.Sprintf("t.wl:%d:%d: %s", tt.line, tt.col, tt.msg)
			if err == nil || err.Error() != want {
				t.Errorf("%d levels: got %v, want %s", MaxNesting+1, err, want)
			}
		})
	}
}

// TestDeepNestingIsAnError parses far deeper nesting than the limit: a syntax error, where
// the recursion of the parser (and of the compiler after it) used to exhaust the Go stack.
func TestDeepNestingIsAnError(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	rep := strings.Repeat
	tests := []struct{ name, src, want string }{
		{"100,000 SI blocks", rep("SI Vrai ALORS\n", 100000) + "Trace(1)\n" + rep("FIN\n", 100000),
			"t.wl:1002:1: statement nested in more than 1000 blocks"},
		{"200,000 parentheses", "x = " + rep("(", 200000) + "1" + rep(")", 200000),
			"t.wl:1:1006: expression nested more than 1000 levels deep"},
		{"200,000 brackets", "x = " + rep("[", 200000) + rep("]", 200000),
			"t.wl:1:1006: expression nested more than 1000 levels deep"},
		{"200,000 unary minus", "x = " + rep("- ", 200000) + "1",
			"t.wl:1:2005: expression nested more than 1000 levels deep"},
		{"200,000 PAS", "x = " + rep("NOT ", 200000) + "1",
			"t.wl:1:4005: expression nested more than 1000 levels deep"},
		{"100,000 nested calls", "x = " + rep("F(", 100000) + rep(")", 100000),
			"t.wl:1:2006: expression nested more than 1000 levels deep"},
		{"200,000 chained +", "x = 1" + rep("+1", 200000),
			"t.wl:1:2006: expression nested more than 1000 levels deep"},
		{"unclosed parentheses", "x = " + rep("(", 200000),
			"t.wl:1:1006: expression nested more than 1000 levels deep"},
		{"in a string's [% %]", "x = \"[%" + rep("(", 2000) + "1" + rep(")", 2000) + "%]\"",
			"t.wl:1:5: expression nested more than 1000 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Parse("t.wl", tt.src)
			if err == nil || err.Error() != tt.want {
				t.Errorf("got %v, want %s", err, tt.want)
			}
		})
	}
}
