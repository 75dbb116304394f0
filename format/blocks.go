package format

import (
	"github.com/wl-lang/wl/lexer"
)

// frame is an open block.
type frame int

const (
	frameBlock   frame = iota // SI, POUR, TANTQUE... up to FIN
	frameSwitch               // SELON: its CAS lines are one level in
	frameCase                 // a CAS of a SELON, up to the next CAS or the FIN
	frameHandler              // CAS ERREUR: / CAS EXCEPTION: up to the end of the process
	frameSection              // the declarations after a GLOBAL or LOCAL line
	frameClass                // the members of a structure or class, up to its FIN
)

// blockStack follows the blocks open at a statement, from the keywords that open and close
// them (as the parser's unclosedBlock does), to indent each line.
type blockStack []frame

func (b *blockStack) level() int { return len(*b) }

func (b *blockStack) top() (frame, bool) {
	if len(*b) == 0 {
		return 0, false
	}
	return (*b)[len(*b)-1], true
}

func (b *blockStack) pop() {
	if len(*b) > 0 {
		*b = (*b)[:len(*b)-1]
	}
}

func (b *blockStack) push(f frame) { *b = append(*b, f) }

// kw reports whether sp[i] is the reserved word or contextual keyword canon (canonical
// spellings).
func kw(sp []span, i int, canon ...string) bool {
	if i >= len(sp) {
		return false
	}
	t := sp[i].tok
	if t.Type != lexer.Keyword && t.Type != lexer.Ident {
		return false
	}
	for _, c := range canon {
		if t.Value == c {
			return true
		}
	}
	return false
}

// endOfStatement reports whether sp[i] ends a statement (a separator or the end).
func endOfStatement(sp []span, i int) bool {
	return i >= len(sp) || sp[i].tok.Type == lexer.Sep
}

// statement updates the stack for the statement starting at sp[i] and returns the
// indentation of its line.
func (b *blockStack) statement(sp []span, i int) int {
	t := sp[i].tok
	if f, ok := b.top(); ok && f == frameSection && !isDecl(sp, i) && !kw(sp, i, "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS") {
		// The declarations of a GLOBAL or LOCAL section end at the first other statement.
		b.pop()
	}
	if f, ok := b.top(); ok && f == frameClass && isSectionLabel(sp, i) {
		// PUBLIC, PRIVÉ, GLOBAL... alone on their line: at the level of the class line, as
		// PC SOFT's text export writes them, the members under them one level in.
		return b.level() - 1
	}
	if t.Type == lexer.Ident {
		switch {
		case kw(sp, i, "A", "TO") && kw(sp, i+1, "FAIRE", "DO"):
			// À FAIRE TANTQUE c closes a BOUCLE.
			b.pop()
			return b.level()
		case isTypeDecl(sp, i):
			b.push(frameClass)
			return b.level() - 1
		case kw(sp, i, "INTERNE", "INTERNAL") && kw(sp, i+1, "PROCEDURE", "FONCTION", "FUNCTION"):
			b.push(frameBlock)
			return b.level() - 1
		}
		return b.level()
	}
	if t.Type != lexer.Keyword {
		return b.level()
	}
	switch t.Value {
	case "FIN", "END":
		if f, _ := b.top(); f == frameCase {
			b.pop()
		}
		b.pop()
		return b.level()
	case "GLOBAL", "GLOBALE", "LOCAL", "LOCALE":
		if endOfStatement(sp, i+1) {
			b.push(frameSection)
			return b.level() - 1
		}
	case "SINON", "ELSE", "FAIRE", "DO":
		return max(b.level()-1, 0)
	case "CAS", "CASE", "AUTRE", "AUTRES", "OTHER":
		if t.Value != "CAS" && t.Value != "CASE" && !kw(sp, i+1, "CAS", "CASE") {
			return b.level()
		}
		f, ok := b.top()
		switch {
		case ok && f == frameCase:
			b.pop()
			b.push(frameCase)
			return b.level() - 1
		case ok && f == frameSwitch:
			b.push(frameCase)
			return b.level() - 1
		case ok && f == frameHandler:
			b.pop()
		}
		// CAS ERREUR: / CAS EXCEPTION: runs to the end of its process.
		b.push(frameHandler)
		return b.level() - 1
	case "PROCEDURE", "FONCTION", "FUNCTION":
		if kw(sp, i+1, "INTERNE", "INTERNAL") {
			b.push(frameBlock)
			return b.level() - 1
		}
		// A top-level procedure ends the one before; its code is not indented.
		*b = (*b)[:0]
		return 0
	case "SI", "IF":
		if opensIfBlock(sp, i) {
			b.push(frameBlock)
			return b.level() - 1
		}
	case "SELON", "SWITCH":
		b.push(frameSwitch)
		return b.level() - 1
	case "TANTQUE", "WHILE", "BOUCLE", "LOOP", "POUR", "FOR", "QUAND", "WHEN", "UTILISER", "USING":
		b.push(frameBlock)
		return b.level() - 1
	case "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS":
		if endOfStatement(sp, i+1) {
			b.push(frameBlock)
			return b.level() - 1
		}
	}
	return b.level()
}

// opensIfBlock reports whether the SI at sp[i] is the block form: nothing follows ALORS on
// its line.
func opensIfBlock(sp []span, i int) bool {
	for j := i + 1; j < len(sp); j++ {
		t := sp[j].tok
		if t.Type == lexer.Sep {
			return true
		}
		if t.Type == lexer.Keyword && (t.Value == "ALORS" || t.Value == "THEN") {
			return j+1 >= len(sp) || (sp[j+1].tok.Type == lexer.Sep && sp[j+1].tok.Value == "\n")
		}
	}
	return true
}

// isTypeDecl reports whether the statement at sp[i] declares a structure or a class, whose
// members run to FIN: `Nom est une Structure`, `Name is a Class`.
func isTypeDecl(sp []span, i int) bool {
	j := i + 1
	if !kw(sp, j, "EST", "IS") {
		return false
	}
	j++
	if kw(sp, j, "UN", "UNE", "A", "AN") {
		j++
	}
	if j >= len(sp) || sp[j].tok.Type != lexer.Ident || !endOfStatement(sp, j+1) {
		return false
	}
	switch lexer.Fold(sp[j].tok.Value) {
	case "structure", "classe", "class":
		return true
	}
	return false
}

// isDecl reports whether the statement at sp[i] declares variables: `a, b sont des T`.
func isDecl(sp []span, i int) bool {
	for j := i; j < len(sp); j += 2 {
		if sp[j].tok.Type != lexer.Ident {
			return false
		}
		if kw(sp, j+1, "EST", "IS", "SONT", "ARE") {
			return true
		}
		if punct(sp[min(j+1, len(sp)-1)]) != "," {
			return false
		}
	}
	return false
}

// isSectionLabel reports whether the statement at sp[i] is a line of access words and
// GLOBAL/LOCAL alone (PUBLIC, PRIVÉ, PROTÉGÉ GLOBAL...), which opens a section of a class.
func isSectionLabel(sp []span, i int) bool {
	j := i
	for accessWord(sp, j) || kw(sp, j, "GLOBAL", "GLOBALE", "LOCAL", "LOCALE") {
		j++
	}
	return j > i && endOfStatement(sp, j)
}

// accessWord reports whether sp[i] is an access word of a class member or method.
func accessWord(sp []span, i int) bool {
	return kw(sp, i, "PUBLIC", "PUBLIQUE", "PRIVE", "PRIVEE", "PRIVATE", "PROTEGE", "PROTEGEE", "PROTECTED")
}
