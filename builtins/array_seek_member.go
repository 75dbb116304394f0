package builtins

import (
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// TableauCherche / ArraySeek on an array of structures or objects searches by member
// (doc.pcsoft.fr/?3075002: "Recherche d'un élément dans un tableau de structures ou de
// classes à une dimension", whose example is TableauCherche(tabAgenda, tcLinéaire, "titre",
// "Agenda professionnel")): TableauCherche(t, mode, "Nom", "Dupont") is the index of the
// first element whose member Nom is "Dupont"; several members are separated by ";" and take
// as many values, TableauCherche(t, mode, "Nom;Prénom", "Dupont", "Jean"). The result is -1
// when no element matches. Values compare as the simple search compares them (as strings,
// 3 finds "3"); tcDichotomique needs the array sorted on those members.

// registerArraySeekMember registers TableauCherche and Cherche with the member syntax, and
// tcLinéairePremier / asLinearFirst, the first occurrence (the linear search).
func registerArraySeekMember(r *registrar) {
	r.constant(interp.Int(seekLinear), "tcLinéairePremier", "asLinearFirst")
	r.fn(&interp.Builtin{Names: []string{"TableauCherche", "ArraySeek"}, MinArgs: 2, MaxArgs: -1, Fn: seekArray})
	r.fn(&interp.Builtin{Names: []string{"Cherche", "Seek", "Find"}, MinArgs: 2, MaxArgs: -1, Fn: seekArray})
}

// seekArray is TableauCherche: by members when the array holds structures or objects and
// a member name follows the mode, else the simple search (seek).
func seekArray(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr, err := arrayArg("TableauCherche", a[0])
	if err != nil {
		return interp.Null, err
	}
	if len(a) >= 4 && holdsObjects(arr) {
		return seekMembers(th, arr, a[1], a[2].String(), a[3:])
	}
	if len(a) > 4 {
		return interp.Null, fmt.Errorf("TableauCherche: %d parameters: several values are searched only by members, in an array of structures or objects", len(a))
	}
	return seek(th, a)
}

// holdsObjects tells whether the elements of arr are structures or objects (its first
// element that is not Null decides).
func holdsObjects(arr *interp.Array) bool {
	for _, it := range arr.Items() {
		if !it.IsNull() {
			return it.Object() != nil
		}
	}
	return false
}

// seekMembers searches arr for the first element whose members (names separated by ";")
// equal values, one value per member.
func seekMembers(th *interp.Thread, arr *interp.Array, modeV interp.Value, members string, values []interp.Value) (interp.Value, error) {
	mode := modeV.AsInt()
	if mode != seekLinear && mode != seekBinary {
		return interp.Null, fmt.Errorf("TableauCherche: unknown search mode %d (tcLinéaire or tcDichotomique)", mode)
	}
	names := strings.Split(members, ";")
	for i, n := range names {
		names[i] = strings.TrimSpace(n)
		if names[i] == "" {
			return interp.Null, fmt.Errorf("TableauCherche: empty member name in %q", members)
		}
	}
	if len(values) != len(names) {
		return interp.Null, fmt.Errorf("TableauCherche: %d members (%s) but %d values searched", len(names), members, len(values))
	}
	items := arr.Items()
	// cmpAt compares the members of element i with the values searched.
	cmpAt := func(i int) (int, error) {
		o := items[i].Object()
		if o == nil {
			return 0, fmt.Errorf("TableauCherche: element %d is %s, not a structure or object", i+1, kindName(items[i]))
		}
		for j, name := range names {
			p := o.ObjectType().Property(name)
			if p == nil || p.Get == nil {
				return 0, fmt.Errorf("TableauCherche: %s has no member %s", o.ObjectType().Name, name)
			}
			v, err := p.Get(th, o)
			if err != nil {
				return 0, fmt.Errorf("TableauCherche: %w", err)
			}
			if mode == seekBinary {
				if c := compareForSort(v, values[j]); c != 0 {
					return c, nil
				}
			} else if v.String() != values[j].String() {
				return 1, nil
			}
		}
		return 0, nil
	}
	if mode == seekBinary {
		return seekHalves(0, len(items), cmpAt)
	}
	for i := range items {
		c, err := cmpAt(i)
		if err != nil {
			return interp.Null, err
		}
		if c == 0 {
			return interp.Int(int64(i + 1)), nil
		}
	}
	return interp.Int(-1), nil
}
