package format

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// basicName is a basic type in both languages: the French singular and plural (which
// "des" and "tableau de" take), the English name (singular, as PC SOFT's English examples
// write "array of int"), and the gender of the French name for its article.
type basicName struct {
	fr, frPlural, en string
	feminine         bool
}

// basicTypes maps the Fold of every spelling of the basic types that interp's type table
// (interp/types.go, basicType) knows in both languages to its names. double, float, bool,
// ansi and unicode are not translated: they are the same word in both languages.
var basicTypes = sync.OnceValue(func() map[string]*basicName {
	m := map[string]*basicName{}
	add := func(b *basicName, spellings ...string) {
		for _, s := range spellings {
			m[s] = b
		}
	}
	add(&basicName{"chaîne", "chaînes", "string", true}, "chaine", "chaines", "string", "strings")
	add(&basicName{"entier", "entiers", "int", false}, "entier", "entiers", "int", "ints", "integer", "integers")
	add(&basicName{"réel", "réels", "real", false}, "reel", "reels", "real", "reals")
	add(&basicName{"numérique", "numériques", "numeric", false}, "numerique", "numeriques", "numeric", "numerics")
	add(&basicName{"monétaire", "monétaires", "currency", false}, "monetaire", "monetaires", "currency", "currencies")
	add(&basicName{"booléen", "booléens", "boolean", false}, "booleen", "booleens", "boolean", "booleans")
	add(&basicName{"buffer", "buffers", "buffer", false}, "buffer", "buffers")
	add(&basicName{"date", "dates", "date", true}, "date", "dates")
	add(&basicName{"heure", "heures", "time", true}, "heure", "heures", "time", "times")
	add(&basicName{"dateheure", "dateheures", "datetime", true}, "dateheure", "dateheures", "datetime", "datetimes")
	add(&basicName{"durée", "durées", "duration", true}, "duree", "durees", "duration", "durations")
	add(&basicName{"variant", "variants", "variant", false}, "variant", "variants")
	return m
})

// frenchWords are the Fold keys of the French spellings of basicTypes, to tell which
// language a type word is written in.
var frenchWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"chaine": true, "chaines": true, "entier": true, "entiers": true, "reel": true, "reels": true,
		"numerique": true, "numeriques": true, "monetaire": true, "monetaires": true,
		"booleen": true, "booleens": true, "heure": true, "heures": true, "dateheure": true,
		"dateheures": true, "duree": true, "durees": true,
	}
})

// englishWords are the Fold keys of the English spellings of basicTypes that differ from
// the French ones.
var englishWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"string": true, "strings": true, "int": true, "ints": true, "integer": true, "integers": true,
		"real": true, "reals": true, "numeric": true, "numerics": true, "currency": true,
		"currencies": true, "boolean": true, "booleans": true, "time": true, "times": true,
		"datetime": true, "datetimes": true, "duration": true, "durations": true,
	}
})

// typeDesc is what a type written in the script is, for the receivers of members: a type
// of the library, a basic type, an array of an element type, or another name (a structure
// or class of the scripts, variant).
type typeDesc struct {
	array  bool
	elem   *typeDesc
	lib    *interp.ObjectType
	basic  *basicName
	script bool // a name that is not the library's: a structure or class of the scripts
}

// variantType is the type of values whose members must stay: variants, and the loop
// variables and members of values not known to be of a library type.
var variantType = sync.OnceValue(func() *typeDesc { return &typeDesc{basic: basicTypes()["variant"]} })

// variant reports whether d is the variant type.
func (d *typeDesc) variant() bool { return d.basic != nil && d.basic.en == "variant" }

// typeEdits translates the type references of declarations (`x est un entier` ↔ `x is
// int`, `tableau associatif d'entiers` ↔ `associative array of int`, `: booléen`,
// `procedure(p chaîne)`) and records the type of each declared variable.
type typeEdits struct {
	sp    []span
	src   string
	lang  Lang
	lib   *interp.Library
	words map[int]string // the new text of tokens: "" drops one, several words add some
	// isType marks the tokens read as part of a type, which translate leaves to typeEdits.
	isType map[int]bool
	// vars maps the Fold of declared variable and parameter names to their type.
	vars map[string]*typeDesc
	// scripts holds the Fold of the names the scripts declare (their classes keep theirs).
	scripts map[string]bool
}

func newTypeEdits(sp []span, src string, lang Lang, lib *interp.Library, declared map[string]bool) *typeEdits {
	return &typeEdits{sp: sp, src: src, lang: lang, lib: lib, words: map[int]string{}, isType: map[int]bool{},
		vars: map[string]*typeDesc{}, scripts: declared}
}

// run finds every type reference: after EST/IS/SONT/ARE, the parameters of procedures
// written without EST (procedure(p chaîne)) and the result types after a procedure's
// parameters.
func (te *typeEdits) run() {
	var body typeBody
	statements(te.sp, func(first, end int) {
		if body.next(te.sp, first) == inBody && body.nested == 0 && !isDecl(te.sp, first) {
			te.memberWithoutEst(first, end)
		}
		te.statement(first, end)
	})
}

// memberWithoutEst reads the type of a member of a structure or class declared without
// EST/IS (`nom chaîne`, `a, b entier`), as the parser's memberDecl allows.
func (te *typeEdits) memberWithoutEst(first, end int) {
	sp := te.sp
	j := first
	for accessWord(sp, j) || kw(sp, j, "GLOBAL", "GLOBALE", "LOCAL", "LOCALE") {
		j++
	}
	if isWord(sp, j, "herite", "inherits") {
		return
	}
	for ; j < end && sp[j].tok.Type == lexer.Ident; j += 2 {
		if punctAt(sp, j+1) != "," {
			break
		}
	}
	if j+1 < end && sp[j].tok.Type == lexer.Ident && sp[j+1].tok.Type == lexer.Ident {
		te.typeRef(j+1, end, false, false)
	}
}

// statement handles the type references of sp[first:end].
func (te *typeEdits) statement(first, end int) {
	sp := te.sp
	if isTypeDecl(sp, first) {
		// X est une Structure / X is Structure: only the article.
		k := first + 2
		kind := k
		if kw(sp, k, "UN", "UNE", "A", "AN") {
			kind++
		}
		if isWord(sp, kind, "classe", "class") {
			te.words[kind] = caseLike(sp[kind].text(te.src), pairClass.in(te.lang))
		}
		if kind > k {
			te.isType[k] = true
			te.article(k, k+1, true, false, true)
		} else {
			te.article(-1, k, true, false, true)
		}
		return
	}
	if isDecl(sp, first) {
		j := first
		var names []int
		for ; !kw(sp, j, "EST", "IS", "SONT", "ARE"); j++ {
			if sp[j].tok.Type == lexer.Ident {
				names = append(names, j)
			}
		}
		plural := kw(sp, j, "SONT", "ARE")
		d, _ := te.typeRef(j+1, end, true, plural)
		for _, n := range names {
			te.vars[lexer.Fold(sp[n].tok.Value)] = d
		}
	}
	if kw(sp, first, "POUR", "FOR") && sp[first].tok.Type == lexer.Keyword {
		te.loop(first, end)
	}
	for i := first; i < end; i++ {
		if !kw(sp, i, "PROCEDURE", "FONCTION", "FUNCTION") || sp[i].tok.Type != lexer.Keyword {
			continue
		}
		if !(i == first || i == first+1 && kw(sp, first, "INTERNE", "INTERNAL")) && punctAt(sp, i+1) != "(" {
			// procédure as a type (x est une procédure), not a declaration.
			continue
		}
		j := i + 1
		for j < end && punctAt(sp, j) != "(" {
			if punctAt(sp, j) == ":" {
				if !doubleColon(sp, j) {
					break
				}
				j++
			}
			j++
		}
		if punctAt(sp, j) == "(" {
			j = te.params(j, end)
		}
		if punctAt(sp, j) == ":" && !doubleColon(sp, j) {
			te.resultType(j+1, end)
		}
	}
}

// loop records the types of the variables of POUR TOUT [CHAÎNE | ÉLÉMENT] x [, ...] DE t:
// the elements of t when t is a declared array, strings for POUR TOUTE CHAÎNE, else a
// variant (the elements of a JSON value or of a member keep their members).
func (te *typeEdits) loop(first, end int) {
	sp := te.sp
	j := first + 1
	if !kw(sp, j, "TOUT", "TOUTE", "TOUS", "TOUTES", "EACH") {
		return
	}
	j++
	str := kw(sp, j, "CHAINE", "STRING")
	if str || kw(sp, j, "ELEMENT") {
		j++
	}
	var names []int
	for ; j < end && sp[j].tok.Type == lexer.Ident && !kw(sp, j, "DE", "OF"); j++ {
		names = append(names, j)
		if punctAt(sp, j+1) != "," {
			j++
			break
		}
		j++
	}
	if len(names) == 0 {
		return
	}
	d := variantType()
	switch {
	case str:
		d = &typeDesc{basic: basicTypes()["chaine"]}
	case kw(sp, j, "DE", "OF", "DANS", "IN") && j+1 < end && sp[j+1].tok.Type == lexer.Ident && (j+2 >= end || endOfStatement(sp, j+2) || kw(sp, j+2, "SEPAREE", "SEPAREES", "SEPARE", "SEPARATED")):
		if t := te.vars[lexer.Fold(sp[j+1].tok.Value)]; t != nil && t.array && t.elem != nil {
			d = t.elem
		}
	}
	te.vars[lexer.Fold(sp[names[0]].tok.Value)] = d
}

// params reads the parameters in the brackets opening at sp[open] and returns the index
// after the closing one.
func (te *typeEdits) params(open, end int) int {
	sp := te.sp
	j := open + 1
	for j < end && punctAt(sp, j) != ")" {
		if kw(sp, j, "LOCAL", "LOCALE") {
			j++
		}
		name := j
		j++
		var d *typeDesc
		switch {
		case kw(sp, j, "EST", "IS"):
			d, j = te.typeRef(j+1, end, true, false)
		case j < end && sp[j].tok.Type == lexer.Ident:
			d, j = te.typeRef(j, end, false, false)
		}
		if d != nil && name < len(sp) && sp[name].tok.Type == lexer.Ident {
			te.vars[lexer.Fold(sp[name].tok.Value)] = d
		}
		// Skip a default value up to the next parameter.
		depth := 0
		for ; j < end; j++ {
			switch punctAt(sp, j) {
			case "(", "[":
				depth++
			case "]":
				depth--
			case ")":
				if depth == 0 {
					return j + 1
				}
				depth--
			case ",":
				if depth == 0 {
					j++
					goto next
				}
			}
		}
		return j
	next:
	}
	return j + 1
}

// resultType reads `: T` or `: (T, U)` from sp[j].
func (te *typeEdits) resultType(j, end int) {
	sp := te.sp
	if punctAt(sp, j) != "(" {
		te.typeRef(j, end, false, false)
		return
	}
	for j++; j < end && punctAt(sp, j) != ")"; {
		_, j = te.typeRef(j, end, false, false)
		if punctAt(sp, j) == "," {
			j++
		} else {
			break
		}
	}
}

// typeRef reads a type reference from sp[k], as the parser's typeRef does, records its
// translation, and returns what it is and the index after it. article tells that the
// type follows EST/IS/SONT/ARE, where French writes an article (un, une, des) and English
// none; plural that it follows SONT/ARE or an array's "de".
func (te *typeEdits) typeRef(k, end int, article, plural bool) (*typeDesc, int) {
	sp := te.sp
	if k >= end {
		return nil, k
	}
	art := -1
	if kw(sp, k, "UN", "UNE", "A", "AN", "DES") && k+1 < end && (sp[k+1].tok.Type == lexer.Ident || kw(sp, k+1, "PROCEDURE", "FONCTION", "FUNCTION")) {
		art = k
		te.isType[k] = true
		if kw(sp, k, "DES") {
			plural = true
		}
		k++
	}
	first := k
	d := &typeDesc{}
	if kw(sp, k, "ASSOCIATIF", "ASSOCIATIFS", "ASSOCIATIVE") && kw(sp, k+1, "TABLEAU", "TABLEAUX", "ARRAY", "ARRAYS") {
		te.array(k, k+1, true)
		k += 2
		d.array = true
		return te.arrayRest(d, k, end, art, first, article)
	}
	if kw(sp, k, "TABLEAU", "TABLEAUX", "ARRAY", "ARRAYS") {
		d.array = true
		if kw(sp, k+1, "ASSOCIATIF", "ASSOCIATIFS", "ASSOCIATIVE") {
			te.array(k, k+1, false)
			k += 2
		} else {
			te.array(k, -1, false)
			k++
		}
		return te.arrayRest(d, k, end, art, first, article)
	}
	var words []int
	for k < end {
		t := sp[k].tok
		if kw(sp, k, "PROCEDURE", "FONCTION", "FUNCTION") && len(words) == 0 && t.Type == lexer.Keyword {
			words = append(words, k)
			k++
			break
		}
		if t.Type != lexer.Ident || kw(sp, k, "SUR", "ON") {
			break
		}
		words = append(words, k)
		k++
	}
	if len(words) == 0 {
		return nil, k
	}
	fem := te.words1(words, d, plural)
	if punctAt(sp, k) == "(" {
		k = skipBrackets(sp, k, end)
		for k < end && isWord(sp, k, "dynamique", "dynamic") {
			k++
		}
	}
	if kw(sp, k, "SUR", "ON") && k+1 < end && sp[k+1].tok.Type == lexer.Number {
		te.set(k, "sur", "on")
		k += 2
		switch {
		case kw(sp, k, "OCTETS", "BYTES"):
			te.set(k, "octets", "bytes")
			k++
		case kw(sp, k, "OCTET", "BYTE"):
			te.set(k, "octet", "byte")
			k++
		}
	}
	te.article(art, first, article, plural, fem)
	return d, k
}

// arrayRest reads what follows "tableau [associatif]": options, dimensions, "de" and the
// element type.
func (te *typeEdits) arrayRest(d *typeDesc, k, end, art, first int, article bool) (*typeDesc, int) {
	sp := te.sp
	if punctAt(sp, k) == "(" {
		k = skipBrackets(sp, k, end)
	}
	if kw(sp, k, "DE", "OF") && k+1 < end && sp[k+1].tok.Type == lexer.Number {
		te.of(k, -1, k+1)
		k++
	}
	for k < end && sp[k].tok.Type == lexer.Number {
		k++
		if kw(sp, k, "PAR", "BY") {
			te.set(k, "par", "by")
			k++
		} else if p := punctAt(sp, k); p == "*" || p == "," {
			k++
		}
	}
	switch {
	case kw(sp, k, "DE", "OF"):
		te.of(k, -1, k+1)
		k++
	case kw(sp, k, "D") && punctAt(sp, k+1) == "'":
		te.of(k, k+1, k+2)
		k += 2
	}
	if k < end && sp[k].tok.Type == lexer.Ident {
		d.elem, k = te.typeRef(k, end, false, true)
	}
	te.article(art, first, article, false, false)
	return d, k
}

// array translates "tableau" (at i) and "associatif" (at assoc, -1 when absent); assocFirst
// tells that "associatif" was written first.
func (te *typeEdits) array(i, assoc int, assocFirst bool) {
	sp := te.sp
	te.isType[i], te.isType[assoc] = true, assoc >= 0
	if assoc < 0 {
		te.set(i, "tableau", "array")
		return
	}
	a, t := assoc, i
	if assocFirst {
		a, t = i, assoc
	}
	fr := kw(sp, t, "TABLEAU", "TABLEAUX")
	if (te.lang == French) == fr {
		return
	}
	arr, asc := sp[t].text(te.src), sp[a].text(te.src)
	if te.lang == French {
		te.words[i] = caseLike(arr, "tableau") + " " + caseLike(asc, "associatif")
	} else {
		te.words[i] = caseLike(asc, "associative") + " " + caseLike(arr, "array")
	}
	te.words[i+1] = ""
}

// of translates the "de"/"of" at k (with the "'" of "d'" at apos, -1 when absent) before
// the token at next: French elides it before a vowel.
func (te *typeEdits) of(k, apos, next int) {
	sp := te.sp
	te.isType[k] = true
	if apos >= 0 {
		te.isType[apos] = true
	}
	isFr := kw(sp, k, "DE", "D")
	if te.lang == English {
		if !isFr {
			return
		}
		te.words[k] = caseLike(sp[k].text(te.src), "of")
		if apos >= 0 {
			te.words[apos] = ""
		}
		return
	}
	if isFr {
		return
	}
	te.words[k] = "de"
	if next < len(sp) && sp[next].tok.Type == lexer.Ident {
		w := te.frenchElem(next)
		if r, _ := utf8.DecodeRuneInString(w); strings.ContainsRune("aeiouyhéèêàâîôûAEIOUYHÉÈÊÀÂÎÔÛ", r) {
			te.words[k] = "d'"
		}
	}
}

// frenchElem is the French word an array's element type starts with (after its
// translation, which typeRef records after "de").
func (te *typeEdits) frenchElem(i int) string {
	w := te.sp[i].text(te.src)
	if b := basicTypes()[lexer.Fold(w)]; b != nil {
		return b.frPlural
	}
	if kw(te.sp, i, "ARRAY", "ARRAYS", "ASSOCIATIVE") {
		return "tableau"
	}
	return w
}

// words1 translates the words of a type that is not an array (`entier`, `chaîne ANSI`,
// `unsigned int`, `emailSessionSMTP`) and fills d; it returns whether the French article
// is feminine.
func (te *typeEdits) words1(ws []int, d *typeDesc, plural bool) (fem bool) {
	sp := te.sp
	basicAt := -1
	modifiers := 0
	for _, i := range ws {
		te.isType[i] = true
		f := lexer.Fold(sp[i].tok.Value)
		switch {
		case basicTypes()[f] != nil:
			if basicAt < 0 {
				basicAt = i
				d.basic = basicTypes()[f]
			}
		case f == "sans" || f == "signe" || f == "unsigned" || f == "ansi" || f == "unicode" || f == "utf8":
			modifiers++
		case sp[i].tok.Type == lexer.Keyword:
			// procédure: a variable holding a procedure.
			fem = true
		case te.scripts[f]:
			d.script = true
		default:
			if ot := te.lib.Type(sp[i].tok.Value); ot != nil {
				d.lib = ot
				te.libType(i, ot)
				fem = feminineType(ot)
			} else {
				d.script = true
			}
		}
	}
	if basicAt < 0 {
		return fem
	}
	b := d.basic
	f := lexer.Fold(sp[basicAt].tok.Value)
	if (te.lang == French && !englishWords()[f]) || (te.lang == English && !frenchWords()[f]) {
		return b.feminine
	}
	if modifiers+1 != len(ws) {
		te.words[basicAt] = caseLike(sp[basicAt].text(te.src), b.in(te.lang, plural))
		return b.feminine
	}
	// A basic type with modifiers: French writes them after (entier sans signe, chaîne
	// ANSI), English before (unsigned int, ANSI string).
	var mods []string
	for _, i := range ws {
		switch f := lexer.Fold(sp[i].tok.Value); {
		case i == basicAt:
		case f == "signe":
		case f == "sans" || f == "unsigned":
			mods = append(mods, map[Lang]string{French: "sans signe", English: "unsigned"}[te.lang])
		default:
			mods = append(mods, sp[i].text(te.src))
		}
	}
	name := caseLike(sp[basicAt].text(te.src), b.in(te.lang, plural))
	phrase := strings.Join(append(mods, name), " ")
	if te.lang == French {
		phrase = strings.Join(append([]string{name}, mods...), " ")
	}
	for n, i := range ws {
		te.words[i] = ""
		if n == 0 {
			te.words[i] = phrase
		}
	}
	return b.feminine
}

// in is the basic type's name in l.
func (b *basicName) in(l Lang, plural bool) string {
	switch {
	case l == English:
		return b.en
	case plural:
		return b.frPlural
	}
	return b.fr
}

// libType translates the name of a library type at i; a plural spelling that is another
// name of the same type (Emails) stays.
func (te *typeEdits) libType(i int, ot *interp.ObjectType) {
	w := te.sp[i].tok.Value
	f := lexer.Fold(w)
	for _, p := range builtins.NamePairs(ot.Names) {
		if lexer.Fold(p.French) != f && lexer.Fold(p.English) != f {
			continue
		}
		t := p.English
		if te.lang == French {
			t = p.French
		}
		tf := lexer.Fold(t)
		if tf == f || tf == f+"s" || f == tf+"s" {
			return
		}
		te.words[i] = t
		return
	}
}

// feminineType tells the gender of a library type's French name by its head noun: une
// emailSessionSMTP, une httpRequête, un Email.
func feminineType(ot *interp.ObjectType) bool {
	f := lexer.Fold(ot.Names[0])
	for _, w := range []string{"session", "requete", "reponse", "archive", "jointe", "attache"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// article writes the article of a type at first (art is the article's index, -1 when none
// was written): English drops it, French writes un, une or des where the type follows
// EST/SONT.
func (te *typeEdits) article(art, first int, article, plural, fem bool) {
	sp := te.sp
	if te.lang == English {
		if art >= 0 && kw(sp, art, "UN", "UNE", "DES") {
			te.words[art] = ""
		}
		return
	}
	if art >= 0 && !kw(sp, art, "A", "AN") {
		return
	}
	if !article && art < 0 {
		return
	}
	a := "un"
	switch {
	case plural:
		a = "des"
	case fem:
		a = "une"
	}
	if art >= 0 {
		te.words[art] = caseLike(sp[art].text(te.src), a)
		return
	}
	w, ok := te.words[first]
	if !ok {
		w = sp[first].text(te.src)
		if sp[first].tok.Type == lexer.Keyword {
			w = keywordCase(w, sp[first].tok.Value)
		}
	}
	if w == "" {
		return
	}
	te.words[first] = a + " " + w
}

// set writes the word at i in the target language, in the case it was written in, unless
// it is written in that language already.
func (te *typeEdits) set(i int, fr, en string) {
	te.isType[i] = true
	src := te.sp[i].text(te.src)
	f := lexer.Fold(src)
	if (te.lang == French && f != lexer.Fold(en)) || (te.lang == English && f != lexer.Fold(fr)) {
		return
	}
	w := en
	if te.lang == French {
		w = fr
	}
	te.words[i] = caseLike(src, w)
}

// skipBrackets returns the index after the bracket that closes the one at sp[open].
func skipBrackets(sp []span, open, end int) int {
	depth := 0
	for k := open; k < end; k++ {
		switch punctAt(sp, k) {
		case "(", "[":
			depth++
		case ")", "]":
			depth--
			if depth == 0 {
				return k + 1
			}
		}
	}
	return end
}

// isWordRune reports whether r can start or continue a name: two words side by side need
// a space between them.
func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
