package format

import (
	"testing"

	"github.com/wl-lang/wl/builtins"
)

// TestTranslate checks what --lang translates and what it leaves.
func TestTranslate(t *testing.T) {
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
		{"keywords to English", English, "SI a ET PAS b ALORS\nRENVOYER 1\nSINON\nRETOUR\nFIN\n",
			"IF a AND NOT b THEN\n\tRESULT 1\nELSE\n\tRETURN\nEND\n"},
		{"keywords to French", French, "WHILE x OR y\nBREAK\nEND\n", "TANTQUE x OU y\n\tSORTIR\nFIN\n"},
		{"functions and constants", English, "x = Taille(SansEspace(s, sscDébut))\n", "x = Length(NoSpace(s, sscStart))\n"},
		{"old names to the current one", French, "n = emailOptionSecuredTLS + optionSSL\n", "n = emailProtocoleSMTPS + optionTLS\n"},
		{"old names to the current English one", English, "d = DateDuJour()\n", "d = Today()\n"},
		{"the script's names stay", English, "Gauche est une chaîne\nTrace(Gauche, Droite(s, 1))\n",
			"Gauche is string\nTrace(Gauche, Right(s, 1))\n"},
		{"no capture by a declared name", English, "Length est un entier\nx = Taille(s)\n", "Length is int\nx = Taille(s)\n"},
		{"procedure and parameters", English, "PROCEDURE p(Milieu, LOCAL Gauche)\nRENVOYER Milieu + Gauche + Droite(s)\n",
			"PROCEDURE p(Milieu, LOCAL Gauche)\nRESULT Milieu + Gauche + Right(s)\n"},
		{"members of unknown receivers", English, "x = e.Sujet + Gauche(s, 2).Expéditeur\n", "x = e.Subject + Left(s, 2).Sender\n"},
		{"members of what may have members of its own", English, "x = f().Sujet + JSONVersVariant(s).Sujet + e.a.Sujet + e[1].b[2].Sujet\n",
			"x = f().Sujet + JSONToVariant(s).Sujet + e.a.Sujet + e[1].b[2].Sujet\n"},
		{"strings and comments stay", English, "Trace(\"Taille SI\") // Taille\n", "Trace(\"Taille SI\") // Taille\n"},
		{"POUR line", English, "POUR i = a À b PAS -1\nFIN\n", "FOR i = a TO b STEP -1\nEND\n"},
		{"POUR TOUT", English, "POUR TOUTE CHAÎNE s DE t SÉPARÉE PAR RC\nFIN\n", "FOR EACH STRING s OF t SEPARATED BY CR\nEND\n"},
		{"FOR EACH to French", French, "FOR EACH STRING s OF t SEPARATED BY CR\nEND\n", "POUR TOUTE CHAÎNE s DE t SÉPARÉE PAR RC\nFIN\n"},
		{"STEP to PAS", French, "FOR i = 1 TO 9 STEP 2\nx = NOT y\nEND\n", "POUR i = 1 À 9 PAS 2\n\tx = PAS y\nFIN\n"},
		{"À FAIRE TANTQUE", English, "BOUCLE\nx++\nÀ FAIRE TANTQUE x < 3\n", "LOOP\n\tx++\nTO DO WHILE x < 3\n"},
		{"CAS ERREUR", English, "x()\nCAS ERREUR:\nTrace(ErreurInfo())\n", "x()\nCASE ERROR:\n\tTrace(ErrorInfo())\n"},
		{"a variable named a stays", English, "a est un entier\nPOUR i = a À 3\nFIN\n", "a is int\nFOR i = a TO 3\nEND\n"},
		{"delete is the statement", French, "delete s\nDelete(t, 1)\n", "libérer s\nSupprime(t, 1)\n"},
		{"libérer is the statement", English, "libérer s\nSupprime(t, 1)\n", "delete s\nDelete(t, 1)\n"},
		{"new and object", French, "o = new C(1)\nRESULT this.a + object.b\n", "o = allouer C(1)\nRENVOYER objet.a + objet.b\n"},
		{"this stays English", English, "RENVOYER this.a + objet.b\n", "RESULT this.a + object.b\n"},
		{"class declaration", English, "C est une Classe\nhérite de B\nPRIVÉ\nr est un réel\nFIN\no est un C dynamique\n",
			"C is Class\n\tinherits from B\nPRIVATE\n\tr is real\nEND\no is C dynamic\n"},
		{"constructors and ancestor", French, "PROCEDURE PRIVATE C::Constructor()\nConstructor B(1)\nAncestor:Constructor(2)\nPROCEDURE C::Destructor()\n",
			"PROCEDURE PRIVÉE C::Constructeur()\nConstructeur B(1)\nAncêtre:Constructeur(2)\nPROCEDURE C::Destructeur()\n"},
		{"method names stay", English, "PROCEDURE C::Taille()\nRENVOYER Taille() + Taille(s)\n", "PROCEDURE C::Taille()\nRESULT Taille() + Taille(s)\n"},
		{"names of the script stay", French, "delete est un entier\nx = new + delete\n", "delete est un entier\nx = new + delete\n"},
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
