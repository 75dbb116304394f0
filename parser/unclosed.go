package parser

import (
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// unclosedBlock finds the innermost block left open at the end of a file, to explain an
// "unexpected end of file": it follows the keywords that open and close blocks line by line
// (a one-line SI ... ALORS stmt opens nothing).
func unclosedBlock(toks []lexer.Token) *lexer.Token {
	var stack []*lexer.Token
	lineStart := true
	for i := range toks {
		t := &toks[i]
		if t.Type == wlex.Sep {
			lineStart = true
			continue
		}
		if !lineStart {
			continue
		}
		lineStart = false
		if t.Type == wlex.Ident && (t.Value == "A" || t.Value == "TO") && i+1 < len(toks) &&
			(toks[i+1].Value == "FAIRE" || toks[i+1].Value == "DO") {
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
			continue
		}
		if t.Type != wlex.Keyword {
			continue
		}
		switch t.Value {
		case "FIN", "END":
			if n := len(stack); n > 0 {
				stack = stack[:n-1]
			}
		case "PROCEDURE", "FONCTION", "FUNCTION":
			if i+1 < len(toks) && (toks[i+1].Value == "INTERNE" || toks[i+1].Value == "INTERNAL") {
				stack = append(stack, t)
			} else {
				// A top-level procedure ends the previous one; it has no FIN.
				stack = stack[:0]
			}
		case "SI", "IF":
			if opensIfBlock(toks[i:]) {
				stack = append(stack, t)
			}
		case "SELON", "SWITCH", "TANTQUE", "WHILE", "BOUCLE", "LOOP", "POUR", "FOR", "QUAND", "WHEN", "UTILISER", "USING":
			stack = append(stack, t)
		case "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS":
			if i+1 < len(toks) && toks[i+1].Type == wlex.Sep {
				stack = append(stack, t)
			}
		}
	}
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}

// opensIfBlock reports whether the SI/IF starting toks is the block form: nothing follows
// ALORS/THEN on its line.
func opensIfBlock(toks []lexer.Token) bool {
	for i := 1; i < len(toks); i++ {
		t := toks[i]
		if t.Type == wlex.Sep {
			return true
		}
		if t.Type == wlex.Keyword && (t.Value == "ALORS" || t.Value == "THEN") {
			return i+1 < len(toks) && toks[i+1].Type == wlex.Sep && toks[i+1].Value == "\n"
		}
	}
	return true
}

// closerOf names the keyword that closes a block opened by kw, in kw's language.
func closerOf(kw string) string {
	switch kw {
	case "IF", "SWITCH", "WHILE", "LOOP", "FOR", "WHEN", "USING", "CONSTANT", "CONSTANTS", "PROCEDURE", "FUNCTION":
		return "END"
	}
	return "FIN"
}
