package parser

import (
	"fmt"
	"strings"
	"testing"
)

func mustParse(t *testing.T, src string) *File {
	t.Helper()
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return f
}

func firstStmt(t *testing.T, src string) Stmt {
	t.Helper()
	f := mustParse(t, src)
	if len(f.Main.Block.Stmts) == 0 {
		t.Fatalf("%q: no statement", src)
	}
	return f.Main.Block.Stmts[0]
}

func TestOneLineAndBlockIf(t *testing.T) {
	s := firstStmt(t, "SI x ALORS y = 1 ; z = 2 SINON w = 3\nTrace(1)").(*IfStmt)
	if s.Then != nil || len(s.InlineThen) != 2 || len(s.InlineElse) != 1 {
		t.Errorf("one-line IF: then=%v inline=%d else=%d", s.Then, len(s.InlineThen), len(s.InlineElse))
	}
	b := firstStmt(t, "SI x ALORS\n y = 1\nSINON SI z\n y = 2\nSINON\n y = 3\nFIN").(*IfStmt)
	if b.Then == nil || len(b.ElseIfs) != 1 || b.Else == nil {
		t.Errorf("block IF: %+v", b)
	}
	nothen := firstStmt(t, "IF x\n y = 1\nEND").(*IfStmt)
	if nothen.Then == nil {
		t.Errorf("IF without THEN at the end of the line is a block")
	}
	nested := firstStmt(t, "SI a ALORS\n SI b ALORS c = 1\nFIN").(*IfStmt)
	if inner, ok := nested.Then.Stmts[0].(*IfStmt); !ok || inner.InlineThen == nil {
		t.Errorf("one-line IF inside a block IF: %#v", nested.Then.Stmts[0])
	}
}

func TestCaseConditions(t *testing.T) {
	s := firstStmt(t, "SELON x\nCAS 1, 2: a = 1\nCAS 3 À 5\nCAS À 8\nCAS > 9\nCAS 4 <= * <= 6\nCAS ~~ \"x\"\nAUTRE CAS\nFIN").(*SwitchStmt)
	if len(s.Cases) != 7 {
		t.Fatalf("%d cases, want 7", len(s.Cases))
	}
	if _, ok := s.Cases[0].Conds[1].(*CaseValue); !ok || len(s.Cases[0].Conds) != 2 {
		t.Errorf("CAS 1, 2: %#v", s.Cases[0].Conds)
	}
	if r, ok := s.Cases[1].Conds[0].(*CaseRange); !ok || r.From == nil {
		t.Errorf("CAS 3 À 5: %#v", s.Cases[1].Conds[0])
	}
	if r, ok := s.Cases[2].Conds[0].(*CaseRange); !ok || r.From != nil {
		t.Errorf("CAS À 8: %#v", s.Cases[2].Conds[0])
	}
	if v, ok := s.Cases[3].Conds[0].(*CaseValue); !ok || v.Op != ">" {
		t.Errorf("CAS > 9: %#v", s.Cases[3].Conds[0])
	}
	if _, ok := s.Cases[4].Conds[0].(*CaseBetween); !ok {
		t.Errorf("CAS 4 <= * <= 6: %#v", s.Cases[4].Conds[0])
	}
	if v, ok := s.Cases[5].Conds[0].(*CaseValue); !ok || v.Op != "~~" {
		t.Errorf("CAS ~~: %#v", s.Cases[5].Conds[0])
	}
	if !s.Cases[6].Other {
		t.Errorf("AUTRE CAS not recognised")
	}
	one := firstStmt(t, "SWITCH x\nCASE a: Trace(1); Trace(2)\nEND").(*SwitchStmt)
	if n := len(one.Cases[0].Body.Stmts); n != 2 {
		t.Errorf("CASE a: two statements on one line: got %d (the colon must not be a member access)", n)
	}
}

func TestExpressionShapes(t *testing.T) {
	tests := []struct {
		src  string
		want string // the Go type of the assigned value
	}{
		{"x = s[[2 À 3]]", "*parser.Substring"},
		{"x = t[u[1]]", "*parser.Index"},
		{"x = a < b < c", "*parser.Between"},
		{"x = v DANS (1, 2)", "*parser.In"},
		{"x = v PAS DANS (1, 2)", "*parser.In"},
		{"x = c ? 1 SINON 2", "*parser.Cond"},
		{"x = o..Prop", "*parser.Member"},
		{"x = o:Methode()", "*parser.Call"},
		{"x = (1, 2)", "*parser.Tuple"},
		{"x = a + [\",\"] + b", "*parser.Binary"},
		{"x = procedure(a chaîne) { RENVOYER a }", "*parser.ProcLit"},
		{"x = PAS a = b", "*parser.Unary"},
	}
	for _, tt := range tests {
		s := firstStmt(t, tt.src).(*SimpleStmt)
		a := s.Action.(*Assign)
		if got := typeName(a.Value); got != tt.want {
			t.Errorf("%q: value is %s, want %s", tt.src, got, tt.want)
		}
	}
	// NOT binds looser than comparison: PAS a = b is PAS (a = b).
	s := firstStmt(t, "x = PAS a = b").(*SimpleStmt)
	if u := s.Action.(*Assign).Value.(*Unary); typeName(u.X) != "*parser.Binary" {
		t.Errorf("PAS a = b parsed as %s", typeName(u.X))
	}
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

func TestDeclarations(t *testing.T) {
	d := firstStmt(t, "a, b sont des tableaux associatifs d'entiers").(*DeclStmt)
	ref := d.Type.(*TypeRef)
	if len(d.Names) != 2 || !ref.Array || !ref.Associative || ref.Elem.Words[0] != "entiers" {
		t.Errorf("decl: %+v type %+v", d, ref)
	}
	d = firstStmt(t, "n est un entier sur 8 octets = 0").(*DeclStmt)
	if ref := d.Type.(*TypeRef); ref.Size != 8 || d.Value == nil {
		t.Errorf("entier sur 8 octets: %+v", ref)
	}
	d = firstStmt(t, "t is array of strings").(*DeclStmt)
	if ref := d.Type.(*TypeRef); !ref.Array || ref.Elem.Words[0] != "strings" {
		t.Errorf("array of strings: %+v", ref)
	}
	l := firstStmt(t, "soit (a, b) = (1, 2)").(*LetStmt)
	if len(l.Names) != 2 {
		t.Errorf("soit (a, b): %+v", l)
	}
}

func TestLoops(t *testing.T) {
	f := firstStmt(t, "POUR i = 10 _A_ 1 PAS -2\nFIN").(*ForStmt)
	if f.Eval != "_A_" || f.Step == nil {
		t.Errorf("POUR: %+v", f)
	}
	e := firstStmt(t, "POUR TOUT ÉLÉMENT v, k, i DE t\nFIN").(*ForEachStmt)
	if len(e.Vars) != 3 {
		t.Errorf("POUR TOUT ÉLÉMENT: %+v", e)
	}
	s := firstStmt(t, "POUR TOUTE CHAÎNE s DE x SÉPARÉE PAR RC\nFIN").(*ForEachStringStmt)
	if s.Var != "s" {
		t.Errorf("POUR TOUTE CHAÎNE: %+v", s)
	}
	l := firstStmt(t, "BOUCLE\n x = 1\nÀ FAIRE TANTQUE x < 3").(*LoopStmt)
	if l.While == nil {
		t.Errorf("BOUCLE ... À FAIRE TANTQUE: %+v", l)
	}
	c := firstStmt(t, "LOOP (10)\nEND").(*LoopStmt)
	if c.Count == nil {
		t.Errorf("LOOP (10): %+v", c)
	}
}

func TestProcedures(t *testing.T) {
	f := mustParse(t, "Trace(1)\nPROCEDURE A(LOCAL x est un entier = 2, y) : booléen\nRENVOYER Vrai\nPROCÉDURE B\nRETOUR\nCAS ERREUR:\nTrace(2)")
	if len(f.Procs) != 2 {
		t.Fatalf("%d procedures, want 2", len(f.Procs))
	}
	a := f.Procs[0]
	if len(a.Params) != 2 || !a.Params[0].Local || a.Params[0].Default == nil || a.Result == nil {
		t.Errorf("A: %+v", a)
	}
	if len(f.Procs[1].Body.Handlers) != 1 {
		t.Errorf("B: CAS ERREUR section not parsed")
	}
}

func TestSyntaxErrors(t *testing.T) {
	p, _ := New()
	tests := []struct{ src, want string }{
		{"SI x ALORS\nTrace(1)", "t.wl:1:1: SI has no matching FIN"},
		{"IF x THEN\nTrace(1)", "t.wl:1:1: IF has no matching END"},
		{"x = 1 +", "t.wl:1:8: expected an expression"},
		{"x = (1", "t.wl:1:7: expected \")\""},
		{"FIN", "t.wl:1:1: unexpected \"FIN\""},
		{"x = \"abc", "t.wl:1:5: string not closed"},
	}
	for _, tt := range tests {
		_, err := p.Parse("t.wl", tt.src)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}
