package format

import (
	"strings"
	"sync"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/lexer"
)

// dateMembers are the members interp reads on dates, times and durations
// (interp/compile_access.go: dateMember, durationMember), by the Fold of each name.
var dateMembers = sync.OnceValue(func() map[string]nameTarget {
	m := map[string]nameTarget{}
	for _, p := range [][2]string{
		{"Jour", "Day"}, {"Mois", "Month"}, {"Année", "Year"}, {"Heure", "Hour"},
		{"Minute", "Minute"}, {"Seconde", "Second"}, {"Milliseconde", "Millisecond"},
		{"PartieDate", "DatePart"}, {"PartieHeure", "TimePart"}, {"EnJours", "InDays"},
		{"EnHeures", "InHours"}, {"EnMinutes", "InMinutes"}, {"EnSecondes", "InSeconds"},
		{"EnMillisecondes", "InMilliseconds"},
	} {
		t := nameTarget{fr: p[0], en: p[1]}
		m[lexer.Fold(p[0])], m[lexer.Fold(p[1])] = t, t
	}
	return m
})

// arrayMembers are the members interp reads on arrays themselves.
var arrayMembers = sync.OnceValue(func() map[string]nameTarget {
	return map[string]nameTarget{
		"occurrence": {fr: "Occurrence", en: "Count"}, "count": {fr: "Occurrence", en: "Count"},
	}
})

// memberTarget returns what the member at sp[i] (after "." or "..") becomes, ok false when
// it stays: with the type of its receiver known, the property or method of that library
// type (a JSON value's single-dot members are its keys), a builtin called with the
// receiver first (t.Ajoute(x)), a part of a date; with the receiver unknown, a member name
// the library gives one translation only and no structure or class of the scripts has.
// Members of the scripts' structures and classes, and of variants, stay.
func (tr *translator) memberTarget(i int) (nameTarget, bool) {
	sp := tr.sp
	k := lexer.Fold(sp[i].tok.Value)
	legacy := punctAt(sp, i-1) == ".."
	call := punctAt(sp, i+1) == "("
	d, known := tr.receiver(i - 2)
	if known {
		switch {
		case d == nil || d.script:
			return nameTarget{}, false
		case d.lib != nil:
			if tr.dynamic(d.lib) && !legacy {
				return nameTarget{}, false
			}
			if t, ok := libMember(d.lib, k); ok {
				return t, true
			}
		case d.array:
			if t, ok := arrayMembers()[k]; ok {
				return t, true
			}
		case d.basic != nil:
			if t, ok := dateMembers()[k]; ok {
				return t, true
			}
		}
		t, ok := tr.nt.funcs[k]
		return t, ok && !t.ambiguous
	}
	if tr.members[k] {
		return nameTarget{}, false
	}
	if t, ok := tr.nt.member[k]; ok {
		return t, !t.ambiguous
	}
	if call {
		t, ok := tr.nt.funcs[k]
		return t, ok && !t.ambiguous
	}
	return nameTarget{}, false
}

// receiver finds the type of what ends at sp[r], the receiver of a member: a declared
// variable (or parameter), an element of a declared array (t[i]), the Email structure.
// known false means the type is not known but the value is not known to have members of
// its own either (an untyped parameter, the result of a library function); a nil type
// with known true is a value whose members must stay: a variant or JSON value (and what
// its members and loops give), a member of a member, the result of a procedure of the
// scripts or of a JSON function, the object of a method.
func (tr *translator) receiver(r int) (*typeDesc, bool) {
	sp := tr.sp
	elem := false
	switch punctAt(sp, r) {
	case "]":
		if r = openingBracket(sp, r); r < 1 || punctAt(sp, r-1) == "[" {
			return nil, false
		}
		r--
		elem = true
	case ")":
		if r = openingBracket(sp, r); r < 1 || sp[r-1].tok.Type != lexer.Ident {
			return nil, true
		}
		k := lexer.Fold(sp[r-1].tok.Value)
		if t, ok := tr.nt.funcs[k]; ok && !tr.declared[k] && !strings.Contains(lexer.Fold(t.en), "json") && !strings.Contains(lexer.Fold(t.en), "variant") {
			return nil, false
		}
		return nil, true
	}
	if r < 0 || sp[r].tok.Type != lexer.Ident {
		return nil, true
	}
	if p := punctAt(sp, r-1); p == "." || p == ".." || p == ":" {
		return nil, true
	}
	k := lexer.Fold(sp[r].tok.Value)
	if !elem && (k == "objet" || k == "object" || k == "this" || k == "ancetre" || k == "ancestor") {
		return nil, true
	}
	d, ok := tr.vars[k]
	if !ok {
		if tr.declared[k] {
			return nil, false
		}
		if v := tr.lib.Var(k); v != nil && !elem {
			if ot := tr.lib.Type(k); ot != nil {
				return &typeDesc{lib: ot}, true
			}
		}
		return nil, false
	}
	if d == nil {
		return nil, false
	}
	if elem {
		switch {
		case d.lib != nil && tr.dynamic(d.lib), d.variant():
			return nil, true
		case !d.array:
			return nil, false
		case d.elem == nil:
			return nil, true
		}
		return d.elem, true
	}
	if d.variant() {
		return nil, true
	}
	return d, true
}

// openingBracket returns the index of the bracket that the one at sp[r] closes, -1 when
// none does.
func openingBracket(sp []span, r int) int {
	depth := 0
	for ; r >= 0; r-- {
		switch punctAt(sp, r) {
		case "]", ")":
			depth++
		case "[", "(":
			depth--
		}
		if depth == 0 {
			return r
		}
	}
	return -1
}

// dynamic reports whether values of ot have members of their own (a JSON value's keys).
func (tr *translator) dynamic(ot *interp.ObjectType) bool {
	if ot.New == nil {
		return false
	}
	_, ok := ot.New().(interp.DynamicMembers)
	return ok
}

// libMember finds the property or method k (a Fold key) of ot.
func libMember(ot *interp.ObjectType, k string) (nameTarget, bool) {
	find := func(names []string) (nameTarget, bool) {
		for _, n := range names {
			if lexer.Fold(n) != k {
				continue
			}
			pairs := builtins.NamePairs(names)
			p := pairs[0]
			for _, q := range pairs {
				if lexer.Fold(q.French) == k || lexer.Fold(q.English) == k {
					p = q
				}
			}
			return nameTarget{fr: p.French, en: p.English}, true
		}
		return nameTarget{}, false
	}
	for _, p := range ot.Props {
		if t, ok := find(p.Names); ok {
			return t, true
		}
	}
	for _, m := range ot.Methods {
		if t, ok := find(m.Names); ok {
			return t, true
		}
	}
	return nameTarget{}, false
}

// classMembers collects the Fold of the member names the structures and classes of sp
// declare (`nom est une chaîne`, `a, b sont des entiers`, or without EST).
func classMembers(sp []span) map[string]bool {
	out := map[string]bool{}
	var body typeBody
	statements(sp, func(first, end int) {
		if body.next(sp, first) != inBody || isSectionLabel(sp, first) || isWord(sp, first, "herite", "inherits") {
			return
		}
		j := first
		for accessWord(sp, j) || kw(sp, j, "GLOBAL", "GLOBALE", "LOCAL", "LOCALE") {
			j++
		}
		for ; j < end && sp[j].tok.Type == lexer.Ident; j += 2 {
			out[lexer.Fold(sp[j].tok.Value)] = true
			if punctAt(sp, j+1) != "," {
				break
			}
		}
	})
	return out
}
