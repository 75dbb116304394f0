package lexer

import (
	"strings"
	"testing"

	plexer "github.com/alecthomas/participle/v2/lexer"
	"github.com/google/go-cmp/cmp"
)

type tok struct {
	Type  plexer.TokenType
	Value string
}

func lexAll(t *testing.T, src string) []tok {
	t.Helper()
	toks, err := New().Tokens("t.wl", src)
	if err != nil {
		t.Fatalf("Tokens(%q): %v", src, err)
	}
	var out []tok
	for _, k := range toks {
		if k.Type == EOF {
			break
		}
		out = append(out, tok{k.Type, k.Value})
	}
	return out
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []tok
	}{
		{"keywords fold to canonical spelling", "si Sinon FiN procédure",
			[]tok{{Keyword, "SI"}, {Keyword, "SINON"}, {Keyword, "FIN"}, {Keyword, "PROCEDURE"}, {Sep, "\n"}}},
		{"soft keywords stay identifiers", "à _À_ de",
			[]tok{{Ident, "A"}, {Ident, "_A_"}, {Ident, "DE"}, {Sep, "\n"}}},
		{"accented identifiers", "AgeCalculé = 1",
			[]tok{{Ident, "AgeCalculé"}, {Punct, "="}, {Number, "1"}, {Sep, "\n"}}},
		{"doubled quotes and no escapes", `"a""b\n"`,
			[]tok{{String, `a"b\n`}, {Sep, "\n"}}},
		{"string left open continues", "\"ligne 1\nligne 2\"",
			[]tok{{String, "ligne 1\nligne 2"}, {Sep, "\n"}}},
		{"typographic quotes", "“x”", []tok{{String, "x"}, {Sep, "\n"}}},
		{"bracket literal", "s = [\n  {\"a\": 1}\n]\n",
			[]tok{{Ident, "s"}, {Punct, "="}, {String, "  {\"a\": 1}"}, {Sep, "\n"}}},
		{"optional separator is not a literal", "s + [fSep] + b",
			[]tok{{Ident, "s"}, {Punct, "+"}, {Punct, "["}, {Ident, "fSep"}, {Punct, "]"}, {Punct, "+"}, {Ident, "b"}, {Sep, "\n"}}},
		{"continuation with comment", "f(1, ... // suite\n2)",
			[]tok{{Ident, "f"}, {Punct, "("}, {Number, "1"}, {Punct, ","}, {Number, "2"}, {Punct, ")"}, {Sep, "\n"}}},
		{"crlf and semicolons", "x\r\n\r\nb;c",
			[]tok{{Ident, "x"}, {Sep, "\n"}, {Ident, "b"}, {Sep, ";"}, {Ident, "c"}, {Sep, "\n"}}},
		{"comment to end of line", "x // y = 2\n",
			[]tok{{Ident, "x"}, {Sep, "\n"}}},
		{"numbers", "12 1.5 0x0D 1e3",
			[]tok{{Number, "12"}, {Number, "1.5"}, {Number, "0x0D"}, {Number, "1e3"}, {Sep, "\n"}}},
		{"operators longest first", "x <= b <> c ~= y ~~ e [= f [=] g =] h ++ -- += -= *= /= ..",
			[]tok{{Ident, "x"}, {Punct, "<="}, {Ident, "b"}, {Punct, "<>"}, {Ident, "c"}, {Punct, "~="},
				{Ident, "y"}, {Punct, "~~"}, {Ident, "e"}, {Punct, "[="}, {Ident, "f"}, {Punct, "[=]"},
				{Ident, "g"}, {Punct, "=]"}, {Ident, "h"}, {Punct, "++"}, {Punct, "--"}, {Punct, "+="},
				{Punct, "-="}, {Punct, "*="}, {Punct, "/="}, {Punct, ".."}, {Sep, "\n"}}},
		{"nested brackets are single tokens", "t[u[1]]",
			[]tok{{Ident, "t"}, {Punct, "["}, {Ident, "u"}, {Punct, "["}, {Number, "1"}, {Punct, "]"}, {Punct, "]"}, {Sep, "\n"}}},
		{"procedure body gets a separator before }", "procedure() { RENVOYER 1 }",
			[]tok{{Keyword, "PROCEDURE"}, {Punct, "("}, {Punct, ")"}, {Punct, "{"}, {Keyword, "RENVOYER"},
				{Number, "1"}, {Sep, "\n"}, {Punct, "}"}, {Sep, "\n"}}},
		{"indirection braces get none", "{\"x\"}..Visible",
			[]tok{{Punct, "{"}, {String, "x"}, {Punct, "}"}, {Punct, ".."}, {Ident, "Visible"}, {Sep, "\n"}}},
		{"string resource", "Info(<§$0001§>)",
			[]tok{{Ident, "Info"}, {Punct, "("}, {String, "<§$0001§>"}, {Punct, ")"}, {Sep, "\n"}}},
		{"compile directive", "<SI CibleExécution = Java>\nx\n<FIN>",
			[]tok{{DirIf, "CibleExécution = Java"}, {Sep, "\n"}, {Ident, "x"}, {Sep, "\n"}, {DirEnd, ""}, {Sep, "\n"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, lexAll(t, tt.src)); diff != "" {
				t.Errorf("tokens of %q (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestPositions(t *testing.T) {
	toks, err := New().Tokens("t.wl", "é = 1\r\n  Trace(x)")
	if err != nil {
		t.Fatal(err)
	}
	var trace plexer.Token
	for _, k := range toks {
		if k.Value == "Trace" {
			trace = k
		}
	}
	if trace.Pos.Line != 2 || trace.Pos.Column != 3 {
		t.Errorf("Trace at %d:%d, want 2:3", trace.Pos.Line, trace.Pos.Column)
	}
	if toks[1].Pos.Column != 3 {
		t.Errorf("= at column %d, want 3 (columns count characters)", toks[1].Pos.Column)
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x = \"abc", `t.wl:1:5: string not closed`},
		{"x = 1 ... y", `t.wl:1:7: "..." continues a line`},
		{"x = 1 \x01", `t.wl:1:7: unexpected character`},
		{"<§abc", `t.wl:1:1: string resource not closed`},
	}
	for _, tt := range tests {
		_, err := New().Tokens("t.wl", tt.src)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Tokens(%q) error = %v, want prefix %q", tt.src, err, tt.want)
		}
	}
}

// TestReservedMemberNames: a reserved word is a name right after a member access written
// against its object and before EST/IS in a declaration, and a keyword everywhere else.
func TestReservedMemberNames(t *testing.T) {
	tests := []struct {
		src  string
		word string // the token checked, by its position among the words
		at   int
		want plexer.TokenType
	}{
		{"x.Autre", "Autre", 2, Ident},
		{"x..Fin", "Fin", 2, Ident},
		{"t[1]:When", "When", 5, Ident},
		{"f().ou", "ou", 4, Ident},
		{"Autre est une chaîne", "Autre", 0, Ident},
		{"End  IS int", "End", 0, Ident},
		{"x. Autre", "AUTRE", 2, Keyword},
		{"x .Autre", "AUTRE", 2, Keyword},
		{"CAS ERREUR:RETOUR", "RETOUR", 3, Keyword},
		{"CAS 1:RETOUR", "RETOUR", 3, Keyword},
		{"AUTRE CAS:", "AUTRE", 0, Keyword},
		{"a OU b", "OU", 1, Keyword},
		{"FIN", "FIN", 0, Keyword},
	}
	for _, tt := range tests {
		got := lexAll(t, tt.src)
		if tt.at >= len(got) || got[tt.at] != (tok{tt.want, tt.word}) {
			t.Errorf("%q: tokens %v, want %v at %d", tt.src, got, tok{tt.want, tt.word}, tt.at)
		}
	}
}
