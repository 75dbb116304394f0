package format

import (
	"testing"

	"github.com/wl-lang/wl/builtins"
)

// TestTranslateTypes checks the translation of declarations' types and of members.
func TestTranslateTypes(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		lang Lang
		src  string
		want string
	}{
		{"basic types to English", English, "x est un entier\ns, t sont des chaînes\nb est un booléen\nr est un Réel\nm est un monétaire\n",
			"x is int\ns, t are string\nb is boolean\nr is Real\nm is currency\n"},
		{"basic types to French", French, "x is int\ns, t are strings\nb is a boolean\nd is Date\nh is time\n",
			"x est un entier\ns, t sont des chaînes\nb est un booléen\nd est une Date\nh est une heure\n"},
		{"French stays French", French, "x est une entier\nt est un tableau de chaîne\n", "x est une entier\nt est un tableau de chaîne\n"},
		{"arrays to English", English, "t est un tableau d'entiers\nu est un tableau de chaînes\na est un tableau associatif de réels\nv est un tableau de 5 par 2 entiers\n",
			"t is array of int\nu is array of string\na is associative array of real\nv is array of 5 by 2 int\n"},
		{"arrays to French", French, "t is array of int\na is ASSOCIATIVE ARRAY of int\nm is array of Email\nn is array of strings\n",
			"t est un tableau d'entiers\na est un TABLEAU ASSOCIATIF d'entiers\nm est un tableau d'Email\nn est un tableau de chaînes\n"},
		{"modifiers and sizes to English", English, "n est un entier sans signe sur 2 octets\ns est une chaîne ANSI\n",
			"n is unsigned int on 2 bytes\ns is ANSI string\n"},
		{"modifiers and sizes to French", French, "n is unsigned int on 2 bytes\ns is ANSI string\n",
			"n est un entier sans signe sur 2 octets\ns est une chaîne ANSI\n"},
		{"parameters and results", English, "PROCEDURE P(a est une chaîne, LOCAL b entier = 2) : booléen\nf(procédure(x chaîne) { RENVOYER x })\n",
			"PROCEDURE P(a is string, LOCAL b int = 2) : boolean\nf(PROCÉDURE(x string) { RESULT x })\n"},
		{"tuple results", French, "PROCEDURE P() : (int, string)\n", "PROCEDURE P() : (entier, chaîne)\n"},
		{"library types", English, "s est une emailSessionSMTP\nr est un httpRequête\nt est un tableau d'Emails\n",
			"s is emailSMTPSession\nr is httpRequest\nt is array of Emails\n"},
		{"library types to French", French, "s is emailSMTPSession\nr is an httpRequest\n",
			"s est une emailSessionSMTP\nr est une httpRequête\n"},
		{"the script's classes keep their names", English, "C est une Classe\nFIN\no est un C\nt est un tableau de C\n",
			"C is Class\nEND\no is C\nt is array of C\n"},
		{"members of a typed receiver", English, "m est un Email\nTrace(m.Sujet, m..Expéditeur, m.Taille)\n",
			"m is Email\nTrace(m.Subject, m..Sender, m.Size)\n"},
		{"members of a session", French, "s is emailSMTPSession\ns.ServerAddress = \"h\"\ns..Port = 25\n",
			"s est une emailSessionSMTP\ns.AdresseServeur = \"h\"\ns..Port = 25\n"},
		{"JSON keys stay, its properties do not", English, "j est un JSON\nSI j..Existe ALORS Trace(j.Existe, j.Sujet)\n",
			"j is JSON\nIF j..Exist THEN Trace(j.Existe, j.Sujet)\n"},
		{"members of the script's structures stay", English, "S est une Structure\nSujet est une chaîne\nFIN\ns est un S\ns.Sujet = \"a\"\nx = y.Sujet + m.Expéditeur\n",
			"S is Structure\n\tSujet is string\nEND\ns is S\ns.Sujet = \"a\"\nx = y.Sujet + m.Sender\n"},
		{"elements of arrays and arrays", English, "t est un tableau de Email\nTrace(t[1].Sujet, t.Occurrence)\nt.Ajoute(x)\n",
			"t is array of Email\nTrace(t[1].Subject, t.Count)\nt.Add(x)\n"},
		{"parts of dates", French, "d is date\nd.Day = 2\nTrace(d..Year)\n", "d est une date\nd.Jour = 2\nTrace(d..Année)\n"},
		{"variants and objects keep their members", English, "v est un variant\nTrace(v.Sujet, objet.Sujet, o:Sujet)\n",
			"v is variant\nTrace(v.Sujet, object.Sujet, o:Sujet)\n"},
		{"loops", English, "t est un tableau de Email\nPOUR TOUT m DE t\nTrace(m.Sujet)\nFIN\nPOUR TOUT x DE v.items\nTrace(x.Valeur)\nFIN\n",
			"t is array of Email\nFOR EACH m OF t\n\tTrace(m.Subject)\nEND\nFOR EACH x OF v.items\n\tTrace(x.Valeur)\nEND\n"},
		{"members declared without EST", English, "S est une Structure\nnom chaîne\na, b entier\nPRIVÉ\nt tableau de réels\nFIN\n",
			"S is Structure\n\tnom string\n\ta, b int\nPRIVATE\n\tt array of real\nEND\n"},
		{"HTTP requests and attachments", English, "r est une httpRequête\nr.Méthode = httpGet\nr.Contenu = \"\"\na est un emailAttache\nTrace(a.Nom, a..Taille)\n",
			"r is httpRequest\nr.Method = httpGet\nr.Content = \"\"\na is emailAttach\nTrace(a.Name, a..Size)\n"},
		{"the Email structure", English, "Trace(Email.Sujet, Email..Expéditeur)\n", "Trace(Email.Subject, Email..Sender)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source([]byte(tt.src), Options{Lang: tt.lang, Library: lib})
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestTranslateDeclarations checks that the names included files declare stay the script's:
// a procedure named like a builtin, a structure's member named like a property, a global
// of that structure.
func TestTranslateDeclarations(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	prelude := "Fiche est une Structure\n\tExpéditeur est une chaîne\nFIN\ngFiche est une Fiche\nPROCEDURE Taille(s)\nRENVOYER s\n"
	src := "Trace(Taille(\"x\"), gFiche.Expéditeur, h.Expéditeur, m.Sujet, Droite(s, 1))\n"
	var d Declarations
	if err := d.Declare("prelude.wl", []byte(prelude)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		decls *Declarations
		want  string
	}{
		{&d, "Trace(Taille(\"x\"), gFiche.Expéditeur, h.Expéditeur, m.Subject, Right(s, 1))\n"},
		{nil, "Trace(Length(\"x\"), gFiche.Sender, h.Sender, m.Subject, Right(s, 1))\n"},
	} {
		got, err := Source([]byte(src), Options{Lang: English, Library: lib, Declarations: tt.decls})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tt.want {
			t.Errorf("with declarations %v: got\n%s\nwant\n%s", tt.decls != nil, got, tt.want)
		}
	}
	if err := d.Declare("bad.wl", []byte("x = \"open")); err == nil {
		t.Error("a file that does not lex declared nothing without an error")
	}
}
