package format

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/wl-lang/wl/lexer"
)

// wordPair is a word of structures and classes in French and in English.
type wordPair struct{ fr, en string }

func (w wordPair) in(l Lang) string {
	if l == French {
		return w.fr
	}
	return w.en
}

// The words of structures and classes. The lexer gives them as identifiers (or soft
// keywords): they are words only where the parser looks for them, see classWords.
var (
	pairFree      = wordPair{"libérer", "delete"}
	pairNew       = wordPair{"allouer", "new"}
	pairSelf      = wordPair{"objet", "object"}
	pairAncestor  = wordPair{"Ancêtre", "Ancestor"}
	pairInherits  = wordPair{"hérite", "inherits"}
	pairFrom      = wordPair{"de", "from"}
	pairCtor      = wordPair{"Constructeur", "Constructor"}
	pairDtor      = wordPair{"Destructeur", "Destructor"}
	pairDynamic   = wordPair{"dynamique", "dynamic"}
	pairClass     = wordPair{"Classe", "Class"}
	pairPublic    = wordPair{"PUBLIC", "PUBLIC"}
	pairPrivate   = wordPair{"PRIVÉ", "PRIVATE"}
	pairProtected = wordPair{"PROTÉGÉ", "PROTECTED"}
	// The modifiers of a method agree with PROCÉDURE: PROCÉDURE PRIVÉE C::M().
	pairPrivateProc   = wordPair{"PRIVÉE", "PRIVATE"}
	pairProtectedProc = wordPair{"PROTÉGÉE", "PROTECTED"}
	pairPublicProc    = wordPair{"PUBLIQUE", "PUBLIC"}
	pairVirtual       = wordPair{"VIRTUELLE", "VIRTUAL"}
	pairAbstract      = wordPair{"ABSTRAITE", "ABSTRACT"}
)

// accessPair is the pair of the access word at sp[i]; proc picks the forms written after
// PROCÉDURE.
func accessPair(sp []span, i int, proc bool) (wordPair, bool) {
	switch {
	case kw(sp, i, "PUBLIC", "PUBLIQUE"):
		if proc {
			return pairPublicProc, true
		}
		return pairPublic, true
	case kw(sp, i, "PRIVE", "PRIVEE", "PRIVATE"):
		if proc {
			return pairPrivateProc, true
		}
		return pairPrivate, true
	case kw(sp, i, "PROTEGE", "PROTEGEE", "PROTECTED"):
		if proc {
			return pairProtectedProc, true
		}
		return pairProtected, true
	case proc && kw(sp, i, "VIRTUELLE", "VIRTUAL"):
		return pairVirtual, true
	case proc && kw(sp, i, "ABSTRAITE", "ABSTRACT"):
		return pairAbstract, true
	}
	return wordPair{}, false
}

// isWord reports whether sp[i] is an identifier whose Fold key is one of words.
func isWord(sp []span, i int, words ...string) bool {
	if i < 0 || i >= len(sp) || sp[i].tok.Type != lexer.Ident {
		return false
	}
	f := lexer.Fold(sp[i].tok.Value)
	for _, w := range words {
		if f == w {
			return true
		}
	}
	return false
}

// isArticle reports whether sp[i] is un, une, a or an.
func isArticle(sp []span, i int) bool { return kw(sp, i, "UN", "UNE", "A", "AN") }

// doubleColon reports whether sp[i] and sp[i+1] are the two ":" of "::".
func doubleColon(sp []span, i int) bool {
	return i >= 0 && i+1 < len(sp) && punct(sp[i]) == ":" && punct(sp[i+1]) == ":" && sp[i].end == sp[i+1].start
}

// classWords finds the words of structures and classes in the places the parser and the
// compiler take them as such, and gives the pair each is translated with: `libérer o` (a
// statement, never the function Supprime/Delete), `allouer un C(...)`, objet and Ancêtre,
// `hérite de`, `Constructeur Base(...)`, the Constructeur/Destructeur methods, the access
// words of class sections and of methods, dynamique in a declaration and the Classe of
// `X est une Classe`. declared holds the names the script declares, which stay names.
func classWords(sp []span, declared map[string]bool) map[int]wordPair {
	out := map[int]wordPair{}
	var body typeBody
	statements(sp, func(first, end int) {
		switch line := body.next(sp, first); {
		case line == opensBody:
			if k := end - 1; isWord(sp, k, "classe", "class") {
				out[k] = pairClass
			}
		case line == inBody:
			classLine(sp, first, out)
		case line != outsideBody:
		case isWord(sp, first, "liberer", "delete") && first+1 < end && sp[first+1].tok.Type == lexer.Ident:
			out[first] = pairFree
		case isWord(sp, first, "constructeur", "constructor") && first+1 < end && sp[first+1].tok.Type == lexer.Ident:
			out[first] = pairCtor
		case kw(sp, first, "PROCEDURE", "FONCTION", "FUNCTION"):
			j := first + 1
			for ; j < end; j++ {
				if p, ok := accessPair(sp, j, true); ok {
					out[j] = p
				} else if !kw(sp, j, "GLOBAL", "GLOBALE") {
					break
				}
			}
			if doubleColon(sp, j+1) && isWord(sp, j+3, "constructeur", "constructor") {
				out[j+3] = pairCtor
			} else if doubleColon(sp, j+1) && isWord(sp, j+3, "destructeur", "destructor") {
				out[j+3] = pairDtor
			}
		}
		exprWords(sp, first, end, declared, out)
	})
	return out
}

// classLine handles a statement in the body of a structure or class: its access words
// and `hérite de` (typeBody tells the FIN that ends the body from a CONSTANTE block's).
func classLine(sp []span, first int, out map[int]wordPair) {
	if isWord(sp, first, "herite", "inherits") {
		out[first] = pairInherits
		if kw(sp, first+1, "DE") || isWord(sp, first+1, "from") {
			out[first+1] = pairFrom
		}
		return
	}
	for j := first; ; j++ {
		if p, ok := accessPair(sp, j, false); ok {
			out[j] = p
		} else if !kw(sp, j, "GLOBAL", "GLOBALE", "LOCAL", "LOCALE") {
			break
		}
	}
}

// exprWords finds, in the statement sp[first:end], allouer/new before a class, objet and
// Ancêtre, Ancêtre:Constructeur and dynamique after the EST of a declaration.
func exprWords(sp []span, first, end int, declared map[string]bool, out map[int]wordPair) {
	decl := false
	for i := first; i < end; i++ {
		if kw(sp, i, "EST", "IS", "SONT", "ARE") {
			decl = true
		}
		if pv := punctAt(sp, i-1); pv == "." || pv == ".." || pv == ":" {
			if isWord(sp, i, "constructeur", "constructor") && isWord(sp, i-2, "ancetre", "ancestor") {
				out[i] = pairCtor
			}
			continue
		}
		if sp[i].tok.Type != lexer.Ident || declared[lexer.Fold(sp[i].tok.Value)] {
			continue
		}
		switch {
		case isWord(sp, i, "allouer", "new"):
			c := i + 1
			if isArticle(sp, c) && c+1 < end && sp[c+1].tok.Type == lexer.Ident {
				c++
			}
			if c < end && sp[c].tok.Type == lexer.Ident {
				if a := punctAt(sp, c+1); c+1 >= end || a == "(" || a == ")" || a == "," {
					out[i] = pairNew
				}
			}
		case isWord(sp, i, "objet", "object", "this"):
			out[i] = pairSelf
		case isWord(sp, i, "ancetre", "ancestor"):
			out[i] = pairAncestor
		case decl && isWord(sp, i, "dynamique", "dynamic"):
			out[i] = pairDynamic
		}
	}
}

// punctAt is the operator sp[i] is, or "" (also out of range).
func punctAt(sp []span, i int) string {
	if i < 0 || i >= len(sp) {
		return ""
	}
	return punct(sp[i])
}

// caseLike writes w in the case of src: capitals, a capital first letter, or lower case.
func caseLike(src, w string) string {
	switch {
	case strings.ToUpper(src) == src && strings.ToLower(src) != src:
		return strings.ToUpper(w)
	case startsUpper(src):
		r, n := utf8.DecodeRuneInString(w)
		return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
	}
	return strings.ToLower(w)
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}
