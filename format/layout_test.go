package format

import (
	"strings"
	"testing"
)

// TestLayout checks each layout rule on a small source.
func TestLayout(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"indent SI", "si x alors\ny=1\nsinon\ny=2\nfin\n", "SI x ALORS\n\ty = 1\nSINON\n\ty = 2\nFIN\n"},
		{"one-line SI opens nothing", "SI x ALORS y = 1\nz = 2\n", "SI x ALORS y = 1\nz = 2\n"},
		{"SINON SI", "IF a THEN\nb()\nELSE IF c\nd()\nEND\n", "IF a THEN\n\tb()\nELSE IF c\n\td()\nEND\n"},
		{"nested loops", "POUR i = 1 A 3\nTANTQUE x\nBOUCLE\nSORTIR\nFIN\nFIN\nFIN\n",
			"POUR i = 1 A 3\n\tTANTQUE x\n\t\tBOUCLE\n\t\t\tSORTIR\n\t\tFIN\n\tFIN\nFIN\n"},
		{"SELON CAS", "SELON x\nCAS 1\na()\nCAS 2, 3\nb()\nAUTRE CAS\nc()\nFIN\nd()\n",
			"SELON x\n\tCAS 1\n\t\ta()\n\tCAS 2, 3\n\t\tb()\n\tAUTRE CAS\n\t\tc()\nFIN\nd()\n"},
		{"BOUCLE A FAIRE TANTQUE", "BOUCLE\nx++\nÀ FAIRE TANTQUE x < 3\ny()\n", "BOUCLE\n\tx++\nÀ FAIRE TANTQUE x < 3\ny()\n"},
		{"QUAND EXCEPTION", "QUAND EXCEPTION DANS\na()\nFAIRE\nb()\nFIN\n", "QUAND EXCEPTION DANS\n\ta()\nFAIRE\n\tb()\nFIN\n"},
		{"procedures are not indented", "PROCEDURE p()\nSI x\ny()\nFIN\nprocédure q()\nz()\n",
			"PROCEDURE p()\nSI x\n\ty()\nFIN\nPROCÉDURE q()\nz()\n"},
		{"internal procedure", "PROCÉDURE INTERNE p()\nx()\nFIN\n", "PROCÉDURE INTERNE p()\n\tx()\nFIN\n"},
		{"CAS ERREUR section", "x()\nCAS ERREUR:\nTrace(1)\n", "x()\nCAS ERREUR:\n\tTrace(1)\n"},
		{"structure", "ST est une Structure\nnom est une chaîne\nFIN\n", "ST est une Structure\n\tnom est une chaîne\nFIN\n"},
		{"GLOBAL section", "GLOBAL\ng is int\nLOCAL\nl est un entier\nx = 1\n", "GLOBAL\n\tg is int\nLOCAL\n\tl est un entier\nx = 1\n"},
		{"CONSTANT block", "CONSTANTE\nA1 = 1\nFIN\n", "CONSTANTE\n\tA1 = 1\nFIN\n"},
		{"operators", "x=a+b*-c\ny=(a<>b)ET(c<=d)\n", "x = a + b * -c\ny = (a <> b) ET (c <= d)\n"},
		{"commas and brackets", "f( a ,b )\nt[ 1 ]= 2\n", "f(a, b)\nt[1] = 2\n"},
		{"members", "x . y = o..Prop\n", "x.y = o..Prop\n"},
		{"unary minus after keyword", "RENVOYER -1\n", "RENVOYER -1\n"},
		{"est is lower case", "x EST UN entier\ny IS string\n", "x est UN entier\ny is string\n"},
		{"trailing blanks", "x = 1   \n", "x = 1\n"},
		{"comments kept", "SI x // why\n// alone\ny()   // after\nFIN\n", "SI x // why\n\t// alone\n\ty()   // after\nFIN\n"},
		{"blank lines kept", "a()\n\n\nb()\n", "a()\n\n\nb()\n"},
		{"continuation", "x = f(1, ...\n2)\n", "x = f(1, ...\n\t2)\n"},
		{"continuation with comment", "x = 1 + ... // more\n   2\n", "x = 1 + ... // more\n\t2\n"},
		{"open brackets", "x = f(1,\n2)\n", "x = f(1,\n\t2)\n"},
		{"strings byte for byte", "x = \"a  ,b\" + \"[% y %]\"\n", "x = \"a  ,b\" + \"[% y %]\"\n"},
		{"multi-line string", "x = [\n  a  \n    b\n  ]\ny()\n", "x = [\n  a  \n    b\n  ]\ny()\n"},
		{"CRLF kept", "SI x\r\ny()\r\nFIN\r\n", "SI x\r\n\ty()\r\nFIN\r\n"},
		{"no final line break", "x=1", "x = 1"},
		{"semicolons", "a=1;b=2\n", "a = 1; b = 2\n"},
		{"POUR on one line", "POUR i = 1 A 2; Trace(i); FIN\nx()\n", "POUR i = 1 A 2; Trace(i); FIN\nx()\n"},
		{"directive", "<SI CibleExécution = wl>\nx()\n<FIN>\n", "<SI CibleExécution = wl>\nx()\n<FIN>\n"},
		{"duration literal", "Multitâche(10ms)\n", "Multitâche(10ms)\n"},
		{"<- stays together", "b<-a\nc <- d\nx = a < -b\n", "b <- a\nc <- d\nx = a < -b\n"},
		{"[[ substring and [ [ index", "x = s[[2 A 3]]\ny = t[ [1] ]\n", "x = s[[2 A 3]]\ny = t[ [1]]\n"},
		{"member colons kept", "x = o:m + t[1]:nom + C::M\n", "x = o:m + t[1]:nom + C::M\n"},
		{"class sections", "C est une Classe\nhérite de B\nPRIVÉ\nr est un réel\nPUBLIC GLOBAL\nn est un entier\nGLOBAL\ng est un entier\nCONSTANTE\nK = 1\nFIN\nFIN\nx = 1\n",
			"C est une Classe\n\thérite de B\nPRIVÉ\n\tr est un réel\nPUBLIC GLOBAL\n\tn est un entier\nGLOBAL\n\tg est un entier\n\tCONSTANTE\n\t\tK = 1\n\tFIN\nFIN\nx = 1\n"},
		{"English structure", "N is Structure\nm is Email\nEND\n", "N is Structure\n\tm is Email\nEND\n"},
		{"methods like procedures", "PROCÉDURE PRIVÉE C::M()\nSI x\ny()\nFIN\nPROCEDURE C::N()\nz()\n",
			"PROCÉDURE PRIVÉE C::M()\nSI x\n\ty()\nFIN\nPROCEDURE C::N()\nz()\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source([]byte(tt.src), Options{Filename: "t.wl"})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", strings.ReplaceAll(string(got), "\t", "→"), strings.ReplaceAll(tt.want, "\t", "→"))
			}
			again, err := Source(got, Options{Filename: "t.wl"})
			if err != nil || string(again) != string(got) {
				t.Errorf("not idempotent: %q, %v", again, err)
			}
		})
	}
}

// TestEncoding checks that the source's encoding and byte-order mark are kept, or changed
// when asked.
func TestEncoding(t *testing.T) {
	latin := []byte("x=\"\xe9t\xe9\"\n") // Windows-1252
	got, err := Source(latin, Options{})
	if err != nil || string(got) != "x = \"\xe9t\xe9\"\n" {
		t.Errorf("Windows-1252 kept: %q %v", got, err)
	}
	got, err = Source(latin, Options{Encoding: UTF8})
	if err != nil || string(got) != "x = \"été\"\n" {
		t.Errorf("to UTF-8: %q %v", got, err)
	}
	withBOM := []byte("\xEF\xBB\xBFx=\"été\"\n")
	got, err = Source(withBOM, Options{})
	if err != nil || string(got) != "\xEF\xBB\xBFx = \"été\"\n" {
		t.Errorf("BOM kept: %q %v", got, err)
	}
	got, err = Source([]byte("x=\"été\"\n"), Options{Encoding: Windows1252})
	if err != nil || string(got) != "x = \"\xe9t\xe9\"\n" {
		t.Errorf("to Windows-1252: %q %v", got, err)
	}
	if _, err := Source([]byte("x=\"€ 中\"\n"), Options{Encoding: Windows1252}); err == nil {
		t.Error("a character Windows-1252 lacks: no error")
	}
}

// TestLexError checks that a source that does not lex gives a positioned error.
func TestLexError(t *testing.T) {
	_, err := Source([]byte("x = \"open\n"), Options{Filename: "bad.wl"})
	if err == nil || !strings.HasPrefix(err.Error(), "bad.wl:1:5:") {
		t.Errorf("got %v", err)
	}
}
