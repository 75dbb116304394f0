package lexer

// A keyword's canonical spelling is the upper-case, accent-free form of its French or English
// name ("SINON", "ELSE"). Hard keywords are reserved: the lexer gives them the Keyword token
// type. Soft keywords only mean something in a few places ("a" and "TO" in a POUR/FOR loop,
// "DE"/"OF" in POUR TOUT, the articles of a declaration...), so they stay identifiers and only
// their spelling is made canonical; the grammar matches them by value and a script may still
// use them as names.

var hardKeywords = []string{
	// French
	"SI", "ALORS", "SINON", "FIN", "SELON", "CAS", "TANTQUE", "BOUCLE", "POUR", "SORTIR",
	"CONTINUER", "RENVOYER", "RETOUR", "PROCEDURE", "FONCTION", "ET", "OU", "_ET_", "_OU_",
	"PAS", "SOIT", "GLOBAL", "GLOBALE", "LOCAL", "LOCALE", "CONSTANT", "CONSTANTE",
	"CONSTANTES", "FAIRE", "QUAND", "EST", "SONT", "DANS", "EXTERN", "UTILISER",
	"AUTRE", "AUTRES",
	// English
	"IF", "THEN", "ELSE", "END", "SWITCH", "CASE", "WHILE", "LOOP", "FOR", "BREAK",
	"CONTINUE", "RESULT", "RETURN", "FUNCTION", "AND", "OR", "_AND_", "_OR_", "NOT", "LET",
	"CONSTANTS", "DO", "WHEN", "IS", "ARE", "IN", "USING", "OTHER",
}

var softKeywords = []string{
	"A", "_A_", "TO", "_TO_", "DE", "OF", "D", "SUR", "ON", "UN", "UNE", "AN", "DES",
	"TOUT", "TOUTE", "TOUS", "TOUTES", "EACH", "ELEMENT", "CHAINE", "STRING", "SEPAREE",
	"SEPAREES", "SEPARE", "SEPARATED", "PAR", "BY", "ERREUR",
	"ERROR", "EXCEPTION", "STEP", "TABLEAU", "TABLEAUX", "ARRAY", "ARRAYS", "ASSOCIATIF",
	"ASSOCIATIFS", "ASSOCIATIVE", "OCTETS",
	"OCTET", "BYTES", "BYTE", "INTERNE", "INTERNAL", "LIGNE", "ROW", "VALEUR", "VALUE",
	"CLE", "KEY",
	// Access and kind modifiers of class members and methods (PROCÉDURE PRIVÉE C::M()).
	"PRIVE", "PRIVEE", "PROTEGE", "PROTEGEE", "PUBLIC", "PUBLIQUE", "PRIVATE", "PROTECTED",
	"VIRTUELLE", "VIRTUAL", "ABSTRAITE", "ABSTRACT",
}

// keywordTable maps the Fold key of every keyword to its canonical spelling and hardness.
type keywordTable map[string]keyword

type keyword struct {
	canon string
	hard  bool
}

func newKeywordTable() keywordTable {
	t := make(keywordTable, len(hardKeywords)+len(softKeywords))
	for _, k := range softKeywords {
		t[Fold(k)] = keyword{canon: k}
	}
	for _, k := range hardKeywords {
		t[Fold(k)] = keyword{canon: k, hard: true}
	}
	return t
}

// IsReserved reports whether name (any case, with or without accents) is a reserved word
// (a hard keyword). It does the work of Definition.IsHardKeyword without a Definition.
func IsReserved(name string) bool {
	f := Fold(name)
	for _, k := range hardKeywords {
		if foldsASCII(k, f) {
			return true
		}
	}
	return false
}

// foldsASCII reports whether Fold(k) == f for a keyword k, which is upper-case ASCII: its
// Fold is its lower case, compared here byte by byte without building it (IsReserved runs for
// every variable a script declares).
func foldsASCII(k, f string) bool {
	if len(k) != len(f) {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != f[i] {
			return false
		}
	}
	return true
}
