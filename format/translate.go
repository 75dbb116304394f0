package format

import (
	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
	"sync"
)

// keywordsEnglish maps the canonical French reserved words to English ones; the words both
// languages share (PROCEDURE, GLOBAL, LOCAL, CONSTANT, EXTERN) are absent.
var keywordsEnglish = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"SI": "IF", "ALORS": "THEN", "SINON": "ELSE", "FIN": "END", "SELON": "SWITCH", "CAS": "CASE",
		"TANTQUE": "WHILE", "BOUCLE": "LOOP", "POUR": "FOR", "SORTIR": "BREAK", "CONTINUER": "CONTINUE",
		"RENVOYER": "RESULT", "RETOUR": "RETURN", "FONCTION": "FUNCTION", "ET": "AND", "OU": "OR",
		"_ET_": "_AND_", "_OU_": "_OR_", "PAS": "NOT", "SOIT": "LET", "GLOBALE": "GLOBAL",
		"LOCALE": "LOCAL", "CONSTANTE": "CONSTANT", "CONSTANTES": "CONSTANTS", "FAIRE": "DO",
		"QUAND": "WHEN", "EST": "IS", "SONT": "ARE", "DANS": "IN", "UTILISER": "USING",
		"AUTRE": "OTHER", "AUTRES": "OTHER",
	}
})

// keywordsFrench maps the canonical English reserved words to French ones.
var keywordsFrench = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"IF": "SI", "THEN": "ALORS", "ELSE": "SINON", "END": "FIN", "SWITCH": "SELON", "CASE": "CAS",
		"WHILE": "TANTQUE", "LOOP": "BOUCLE", "FOR": "POUR", "BREAK": "SORTIR", "CONTINUE": "CONTINUER",
		"RESULT": "RENVOYER", "RETURN": "RETOUR", "FUNCTION": "FONCTION", "AND": "ET", "OR": "OU",
		"_AND_": "_ET_", "_OR_": "_OU_", "NOT": "PAS", "LET": "SOIT", "CONSTANTS": "CONSTANTES",
		"DO": "FAIRE", "WHEN": "QUAND", "IS": "EST", "ARE": "SONT", "IN": "DANS", "USING": "UTILISER",
		"OTHER": "AUTRE",
	}
})

// softEnglish and softFrench translate the contextual keywords translate knows the place of:
// those of POUR/FOR lines, À FAIRE TANTQUE and CAS ERREUR:. French words carry their accents.
var softEnglish = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"TOUT": "EACH", "TOUTE": "EACH", "TOUS": "EACH", "TOUTES": "EACH", "CHAINE": "STRING",
		"DE": "OF", "A": "TO", "_A_": "_TO_", "SEPAREE": "SEPARATED", "SEPAREES": "SEPARATED",
		"SEPARE": "SEPARATED", "PAR": "BY", "ERREUR": "ERROR", "ELEMENT": "ELEMENT",
	}
})

var softFrench = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"EACH": "TOUT", "STRING": "CHAÎNE", "OF": "DE", "TO": "À", "_TO_": "_À_",
		"SEPARATED": "SÉPARÉE", "BY": "PAR", "ERROR": "ERREUR", "STEP": "PAS", "ELEMENT": "ÉLÉMENT",
	}
})

// nameTarget is what a library name becomes: the current name of its registration in each
// language. ambiguous marks a name that stands for registrations translated differently
// (a property of two types), which translate leaves alone.
type nameTarget struct {
	fr, en    string
	keys      [2]string // the Fold keys of fr and en
	ambiguous bool
}

func (t nameTarget) in(l Lang) string {
	if l == French {
		return t.fr
	}
	return t.en
}

// nameTables maps the Fold of every library name to its target: plain names (functions,
// constants, variables, types), member names (properties and methods of the library's
// types, for members whose receiver's type is not known) and functions alone (x.F(...) is
// F(x, ...)).
type nameTables struct {
	plain, member, funcs map[string]nameTarget
}

func newNameTables(lib *interp.Library) nameTables {
	sets := lib.NameSets()
	n := 0
	for _, s := range sets {
		n += len(s.Names)
	}
	nt := nameTables{plain: make(map[string]nameTarget, n), member: map[string]nameTarget{}, funcs: make(map[string]nameTarget, n)}
	for _, s := range sets {
		ms := []map[string]nameTarget{nt.plain}
		switch s.Kind {
		case interp.PropertyName, interp.MethodName:
			ms = []map[string]nameTarget{nt.member}
		case interp.FuncName:
			ms = append(ms, nt.funcs)
		}
		pairs := builtins.NamePairs(s.Names)
		keys := make([][2]string, len(pairs))
		for i, q := range pairs {
			keys[i] = [2]string{lexer.Fold(q.French), lexer.Fold(q.English)}
		}
		for _, n := range s.Names {
			k := lexer.Fold(n)
			pi := 0
			for i, qk := range keys {
				if qk[0] == k || qk[1] == k {
					pi = i
					break
				}
			}
			t := nameTarget{fr: pairs[pi].French, en: pairs[pi].English, keys: keys[pi]}
			for _, m := range ms {
				u := t
				if old, ok := m[k]; ok && (old.ambiguous || old.keys != t.keys) {
					u.ambiguous = true
				}
				m[k] = u
			}
		}
	}
	return nt
}

// Declarations are the names other files declare for a script (the files included with
// -I, the EXTERN files): translation leaves the script's uses of them as they are, and
// reads the types of their global variables.
type Declarations struct {
	names   map[string]bool
	members map[string]bool
	sources []string
}

// Declare adds the declarations of src, a whole source file as read from disk (a file
// that does not lex adds nothing and gives its error).
func (d *Declarations) Declare(filename string, src []byte) error {
	text := lexer.Decode(src)
	sp, err := spans(filename, text)
	if err != nil {
		return err
	}
	if d.names == nil {
		d.names, d.members = map[string]bool{}, map[string]bool{}
	}
	for k := range declaredNames(sp) {
		d.names[k] = true
	}
	for k := range classMembers(sp) {
		d.members[k] = true
	}
	d.sources = append(d.sources, text)
	return nil
}

// translator holds what translate knows of a script.
type translator struct {
	sp       []span
	lib      *interp.Library
	nt       nameTables
	declared map[string]bool      // names the script and its included files declare
	members  map[string]bool      // member names of their structures and classes
	vars     map[string]*typeDesc // declared variables with their types
}

// translate rewrites p.words in opts.Lang: reserved words, the contextual keywords of known
// places, the types of declarations, the members of library types and the library's
// names, except names the script declares (a local variable named Message stays Message,
// and Taille does not become Length when the script has its own Length).
func translate(p *printer, opts Options) error {
	lib := opts.Library
	if lib == nil {
		var err error
		if lib, err = builtins.New(); err != nil {
			return err
		}
	}
	sp := p.spans
	declared := declaredNames(sp)
	members := classMembers(sp)
	vars := map[string]*typeDesc{}
	if d := opts.Declarations; d != nil {
		for k := range d.names {
			declared[k] = true
		}
		for k := range d.members {
			members[k] = true
		}
		// The globals of the included files, with their types.
		for _, src := range d.sources {
			isp, err := spans("", src)
			if err != nil {
				continue
			}
			ite := newTypeEdits(isp, src, opts.Lang, lib, declared)
			ite.run()
			for k, v := range ite.vars {
				vars[k] = v
			}
		}
	}
	te := newTypeEdits(sp, p.src, opts.Lang, lib, declared)
	te.run()
	for k, v := range te.vars {
		vars[k] = v
	}
	tr := &translator{sp: sp, lib: lib, nt: newNameTables(lib), declared: declared, members: members, vars: vars}
	class := classWords(sp, declared)
	kwMap, softMap := keywordsEnglish(), softEnglish()
	if opts.Lang == French {
		kwMap, softMap = keywordsFrench(), softFrench()
	}
	for i, s := range sp {
		t := s.tok
		if w, ok := te.words[i]; ok {
			p.words[i] = w
			continue
		}
		switch {
		case te.isType[i] && class[i] == (wordPair{}):
			// A word of a type that stays as it is (a class of the script's).
		case t.Type == lexer.Keyword && t.Value == "PAS" && opts.Lang == English && p.step[i]:
			p.words[i] = "STEP"
		case t.Type == lexer.Keyword:
			if w, ok := kwMap[t.Value]; ok {
				p.words[i] = keywordCase(w, w)
			}
		case t.Type == lexer.Ident && class[i] != (wordPair{}):
			if opts.Lang == English && isWord(sp, i, "this") {
				continue // this and object are both English
			}
			p.words[i] = caseLike(p.words[i], class[i].in(opts.Lang))
		case t.Type == lexer.Ident && p.keyword[i]:
			if w, ok := softMap[t.Value]; ok {
				if w == "TOUT" && kw(sp, i+1, "CHAINE", "STRING") {
					w = "TOUTE"
				}
				p.words[i] = w
			}
		case t.Type == lexer.Ident && i > 0 && (punct(sp[i-1]) == "." || punct(sp[i-1]) == ".."):
			// A member: a property of a library type, but also a key of a JSON value or a
			// field of the script's own structure; see memberTarget.
			tgt, ok := tr.memberTarget(i)
			if !ok {
				continue
			}
			if w := tgt.in(opts.Lang); lexer.Fold(w) != lexer.Fold(t.Value) {
				p.words[i] = w
			}
		case t.Type == lexer.Ident && i > 0 && punct(sp[i-1]) == ":":
			// o:membre, a member of a class of the script's.
		case t.Type == lexer.Ident:
			k := lexer.Fold(t.Value)
			if declared[k] {
				continue
			}
			tgt, ok := tr.nt.plain[k]
			if !ok || tgt.ambiguous {
				continue
			}
			w := tgt.in(opts.Lang)
			if declared[lexer.Fold(w)] || lexer.Fold(w) == k {
				continue
			}
			p.words[i] = w
		}
	}
	return nil
}

// contextKeywords marks the tokens that are keywords: the reserved words, and the
// contextual keywords in the places they are known to be ones (see softKeyword); step marks
// the PAS that is a POUR loop's step rather than a negation.
func contextKeywords(sp []span) (keyword, step []bool) {
	keyword = make([]bool, len(sp))
	step = make([]bool, len(sp))
	stmtStart := true
	first, depth := 0, 0
	for i, s := range sp {
		t := s.tok
		if t.Type == lexer.Sep {
			stmtStart = true
			depth = 0
			continue
		}
		if stmtStart {
			first = i
		}
		stmtStart = false
		switch punct(s) {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
		}
		switch t.Type {
		case lexer.Keyword:
			keyword[i] = true
			step[i] = t.Value == "PAS" && depth == 0 && isPourStep(sp, first, i, keyword)
		case lexer.Ident:
			keyword[i] = softKeyword(sp, first, i, depth, keyword)
		}
	}
	return keyword, step
}

// softKeyword reports whether the contextual keyword at sp[i] stands in one of the places
// it is known to be a keyword: POUR TOUT [CHAÎNE] ... DE ... SÉPARÉE PAR, POUR i = a À b
// PAS s, À FAIRE TANTQUE and CAS ERREUR:.
func softKeyword(sp []span, first, i, depth int, keyword []bool) bool {
	v := sp[i].tok.Value
	if _, ok := softEnglish()[v]; !ok {
		if _, ok := softFrench()[v]; !ok {
			return false
		}
	}
	switch {
	case i == first && kw(sp, i+1, "FAIRE", "DO") && (v == "A" || v == "TO"):
		return true
	case i == first+1 && kw(sp, first, "CAS", "CASE") && punct(sp[min(i+1, len(sp)-1)]) == ":":
		return v == "ERREUR" || v == "ERROR"
	}
	if !kw(sp, first, "POUR", "FOR") || sp[first].tok.Type != lexer.Keyword || depth != 0 {
		return false
	}
	switch v {
	case "TOUT", "TOUTE", "TOUS", "TOUTES", "EACH":
		return i == first+1
	case "CHAINE", "STRING", "ELEMENT":
		return i == first+2 && keyword[first+1]
	case "PAR", "BY":
		return keyword[i-1] && kw(sp, i-1, "SEPAREE", "SEPAREES", "SEPARE", "SEPARATED")
	case "ERREUR", "ERROR":
		return false
	}
	// DE, OF, À, TO, SÉPARÉE, STEP: after an operand.
	return endsOperand(sp[i-1]) && !keyword[i-1]
}

// isPourStep reports whether the PAS at sp[i] is the step of a POUR loop (after an operand)
// rather than a negation.
func isPourStep(sp []span, first, i int, keyword []bool) bool {
	return kw(sp, first, "POUR", "FOR") && i > first && endsOperand(sp[i-1]) && !keyword[i-1]
}

// endsOperand reports whether s can end an expression.
func endsOperand(s span) bool {
	switch s.tok.Type {
	case lexer.Ident, lexer.Number, lexer.String:
		return true
	}
	v := punct(s)
	return v == ")" || v == "]"
}

// declaredNames collects the Fold of every name the script declares: variables (`a, b sont
// des T`, SOIT, POUR loop variables), procedures and their parameters, constants.
func declaredNames(sp []span) map[string]bool {
	d := map[string]bool{}
	add := func(i int) {
		if i < len(sp) && sp[i].tok.Type == lexer.Ident {
			d[lexer.Fold(sp[i].tok.Value)] = true
		}
	}
	stmtStart := true
	inConst := false
	for i := 0; i < len(sp); i++ {
		t := sp[i].tok
		if t.Type == lexer.Sep {
			stmtStart = true
			continue
		}
		if !stmtStart {
			continue
		}
		stmtStart = false
		switch {
		case isDecl(sp, i):
			for j := i; j < len(sp) && !kw(sp, j, "EST", "IS", "SONT", "ARE"); j++ {
				add(j)
			}
		case inConst && t.Type == lexer.Ident && punct(sp[min(i+1, len(sp)-1)]) == "=":
			add(i)
		case kw(sp, i, "FIN", "END"):
			inConst = false
		case t.Type == lexer.Keyword && kw(sp, i, "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS"):
			if endOfStatement(sp, i+1) {
				inConst = true
			}
			add(i + 1)
		case t.Type == lexer.Keyword && kw(sp, i, "SOIT", "LET"):
			for j := i + 1; j < len(sp) && !endOfStatement(sp, j) && punct(sp[j]) != "="; j++ {
				add(j)
			}
		case t.Type == lexer.Keyword && kw(sp, i, "POUR", "FOR"):
			for j := i + 1; j < len(sp) && !endOfStatement(sp, j); j++ {
				if sp[j].tok.Type == lexer.Ident && !kw(sp, j, "TOUT", "TOUTE", "TOUS", "TOUTES", "EACH", "ELEMENT", "CHAINE", "STRING") {
					add(j)
					if punct(sp[min(j+1, len(sp)-1)]) != "," {
						break
					}
				}
			}
		case kw(sp, i, "PROCEDURE", "FONCTION", "FUNCTION", "INTERNE", "INTERNAL"):
			j := i + 1
			if kw(sp, j, "PROCEDURE", "FONCTION", "FUNCTION", "INTERNE", "INTERNAL") {
				j++
			}
			for accessWord(sp, j) || kw(sp, j, "GLOBAL", "GLOBALE", "VIRTUELLE", "VIRTUAL", "ABSTRAITE", "ABSTRACT") {
				j++
			}
			add(j)
			if doubleColon(sp, j+1) {
				// PROCÉDURE C::M(): the method's name, which the class's code calls alone.
				j += 3
				add(j)
			}
			depth := 0
			for j++; j < len(sp) && !endOfStatement(sp, j); j++ {
				switch punct(sp[j]) {
				case "(":
					depth++
					if depth == 1 {
						addParam(sp, j+1, add)
					}
				case ")":
					depth--
				case ",":
					if depth == 1 {
						addParam(sp, j+1, add)
					}
				}
			}
		}
	}
	return d
}

// addParam declares the parameter that starts at sp[j] ([LOCAL] name).
func addParam(sp []span, j int, add func(int)) {
	if kw(sp, j, "LOCAL", "LOCALE") {
		j++
	}
	add(j)
}
