package builtins

import (
	"cmp"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// Options of TableauTrie / ArraySort and TableauCherche / ArraySeek (wl's values; scripts
// use the names).
const (
	sortAscending  = 1 // ttCroissant / asAscending (the default)
	sortDescending = 2 // ttDécroissant / asDescending
	sortFunction   = 4 // ttFonction / asFunction: the third parameter compares two elements
	sortMember     = 8 // ttMembre / asMember: the third parameter names the members to compare

	seekLinear = 1 // tcLinéaire / asLinear (the default)
	seekBinary = 2 // tcDichotomique / asBinary: the array must be sorted
)

// defaultArraySeparator separates the elements of a one-dimension array in
// TableauVersChaîne / .VersChaîne when no separator is given: one element per line, the way
// ChaîneVersTableau cuts a string by default, so that the two functions are inverses.
const defaultArraySeparator = "\r\n"

func arrayArg(fn string, v interp.Value) (*interp.Array, error) {
	if a := v.Array(); a != nil {
		return a, nil
	}
	return nil, fmt.Errorf("%s: the first parameter must be an array, not %s", fn, kindName(v))
}

// kindName names the kind of v for messages.
func kindName(v interp.Value) string {
	if o := v.Object(); o != nil {
		return o.ObjectType().Name
	}
	return v.Kind().String()
}

// indexArg reads the 1-based index a[i] and checks it against n elements (n+1 allowed when
// extra is set, for an insertion at the end).
func indexArg(fn string, a []interp.Value, i, n int, extra bool) (int, error) {
	idx := a[i].AsInt()
	last := int64(n)
	if extra {
		last++
	}
	if idx < 1 || idx > last {
		return 0, fmt.Errorf("%s: index %d out of range: the array has %d elements", fn, idx, n)
	}
	return int(idx), nil
}

func registerArrays(r *registrar) {
	r.constant(interp.Int(sortAscending), "ttCroissant", "asAscending")
	r.constant(interp.Int(sortDescending), "ttDécroissant", "asDescending")
	r.constant(interp.Int(sortFunction), "ttFonction", "asFunction")
	r.constant(interp.Int(sortMember), "ttMembre", "asMember")
	r.constant(interp.Int(seekLinear), "tcLinéaire", "asLinear")
	r.constant(interp.Int(seekBinary), "tcDichotomique", "asBinary")
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// Ajoute(t [, value]) adds value (the element type's default without one) at the end and
	// returns the index of the new element.
	add := func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("Ajoute", a[0])
		if err != nil {
			return interp.Null, err
		}
		if len(a) == 1 {
			th.AllocAppends(arr, 1)
			return interp.Int(int64(arr.Append(arr.ElemType().Zero()))), nil
		}
		v, err := arr.ElementFrom(a[1])
		if err != nil {
			return interp.Null, fmt.Errorf("Ajoute: %w", err)
		}
		th.AllocAppend(arr, v)
		return interp.Int(int64(arr.Append(v))), nil
	}
	fn([]string{"Ajoute", "Add"}, 1, 2, add)
	fn([]string{"TableauAjoute", "ArrayAdd"}, 1, 2, add)
	fn([]string{"TableauAjouteLigne", "ArrayAddLine"}, 1, -1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauAjouteLigne", a[0])
		if err != nil {
			return interp.Null, err
		}
		n := arr.Len()
		for _, v := range a[1:] {
			th.AllocAppend(arr, v)
			n = arr.Append(v)
		}
		return interp.Int(int64(n)), nil
	})
	// Occurrence / Count: the number of elements of an array or an associative array.
	count := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		switch {
		case a[0].Array() != nil:
			return interp.Int(int64(a[0].Array().Len())), nil
		case a[0].Assoc() != nil:
			return interp.Int(int64(a[0].Assoc().Len())), nil
		}
		return interp.Null, fmt.Errorf("TableauOccurrence: the parameter must be an array, not %s", kindName(a[0]))
	}
	fn([]string{"TableauOccurrence", "ArrayCount"}, 1, 1, count)
	fn([]string{"Occurrence", "Count"}, 1, 1, count)
	deleteAll := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		switch {
		case a[0].Array() != nil:
			a[0].Array().Clear()
		case a[0].Assoc() != nil:
			a[0].Assoc().Clear()
		default:
			return interp.Null, fmt.Errorf("TableauSupprimeTout: the parameter must be an array, not %s", kindName(a[0]))
		}
		return interp.Null, nil
	}
	fn([]string{"TableauSupprimeTout", "ArrayDeleteAll"}, 1, 1, deleteAll)
	fn([]string{"SupprimeTout", "DeleteAll"}, 1, 1, deleteAll)
	// Supprime(t, index) removes an element; Supprime(assoc, key) an entry (Faux when the key
	// is absent).
	del := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		if m := a[0].Assoc(); m != nil {
			return interp.Bool(m.Delete(a[1].String())), nil
		}
		arr, err := arrayArg("TableauSupprime", a[0])
		if err != nil {
			return interp.Null, err
		}
		i, err := indexArg("TableauSupprime", a, 1, arr.Len(), false)
		if err != nil {
			return interp.Null, err
		}
		arr.Delete(i)
		return interp.Null, nil
	}
	fn([]string{"TableauSupprime", "ArrayDelete"}, 2, 2, del)
	fn([]string{"Supprime", "Delete"}, 2, 2, del)
	// Insère(t, index, value) inserts before index; index Occurrence+1 appends.
	insert := func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauInsère", a[0])
		if err != nil {
			return interp.Null, err
		}
		i, err := indexArg("TableauInsère", a, 1, arr.Len(), true)
		if err != nil {
			return interp.Null, err
		}
		th.AllocAppend(arr, a[2])
		arr.Insert(i, a[2])
		return interp.Int(int64(i)), nil
	}
	fn([]string{"TableauInsère", "ArrayInsert"}, 3, 3, insert)
	fn([]string{"Insère", "Insert"}, 3, 3, insert)
	// TableauCherche / ArraySeek and Cherche: array_seek_member.go.
	registerArraySeekMember(r)
	// AvecDoublon in tableau associatif (AvecDoublon) de ...: several elements under one key.
	r.constant(interp.Int(interp.KeyWithDuplicates), "AvecDoublon", "WithDuplicates")
	fn([]string{"TableauTrie", "ArraySort"}, 1, 3, sortArray)
	fn([]string{"Trie", "Sort"}, 1, 3, sortArray)
	fn([]string{"VersChaîne", "ToString"}, 1, 3, toString)
	fn([]string{"TableauVersChaîne", "ArrayToString"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if _, err := arrayArg("TableauVersChaîne", a[0]); err != nil {
			return interp.Null, err
		}
		return toString(th, a)
	})
	fn([]string{"TableauInverse", "ArrayReverse"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauInverse", a[0])
		if err != nil {
			return interp.Null, err
		}
		it := arr.Items()
		for i, j := 0, len(it)-1; i < j; i, j = i+1, j-1 {
			it[i], it[j] = it[j], it[i]
		}
		return interp.Null, nil
	})
	// TableauSupprimeDoublon(t) keeps the first of equal elements (numbers equal by value,
	// other values by their string form) and removes the others, the order kept.
	fn([]string{"TableauSupprimeDoublon", "ArrayDeleteDuplicate"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauSupprimeDoublon", a[0])
		if err != nil {
			return interp.Null, err
		}
		if len(arr.Dims()) > 0 {
			return interp.Null, fmt.Errorf("TableauSupprimeDoublon: the array must have one dimension")
		}
		seen := make(map[string]bool, arr.Len())
		kept := arr.Items()[:0]
		for _, v := range arr.Items() {
			k := duplicateKey(v)
			if !seen[k] {
				seen[k] = true
				kept = append(kept, v)
			}
		}
		arr.Resize(len(kept))
		return interp.Null, nil
	})
	// TableauCopie(source, destination) makes destination a copy of source (elements that
	// are arrays are copied too), converted to destination's element type.
	fn([]string{"TableauCopie", "ArrayCopy"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		src, err := arrayArg("TableauCopie", a[0])
		if err != nil {
			return interp.Null, err
		}
		dst := a[1].Array()
		if dst == nil {
			return interp.Null, fmt.Errorf("TableauCopie: the second parameter must be an array, not %s", kindName(a[1]))
		}
		if len(src.Dims()) > 0 || len(dst.Dims()) > 0 {
			return interp.Null, fmt.Errorf("TableauCopie: arrays of several dimensions are not supported")
		}
		if src == dst {
			return interp.Null, nil
		}
		c := src.Copy()
		dst.Clear()
		for _, v := range c.Items() {
			dst.Append(v)
		}
		return interp.Null, nil
	})
	fn([]string{"Existe", "Exist"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		if m := a[0].Assoc(); m != nil {
			_, ok := m.Get(a[1].String())
			return interp.Bool(ok), nil
		}
		return interp.Null, fmt.Errorf("Existe: the first parameter must be an associative array, not %s", kindName(a[0]))
	})
}

// seekHalves searches the sorted range [lo, hi) by halves: cmp(i) compares element i with
// what is sought (negative when it sorts before). It gives the 1-based index of the first
// element of the range that compares equal, -1 when there is none.
func seekHalves(lo, hi int, cmp func(i int) (int, error)) (interp.Value, error) {
	from := lo
	for lo < hi {
		mid := (lo + hi) / 2
		c, err := cmp(mid)
		if err != nil {
			return interp.Null, err
		}
		switch {
		case c == 0:
			for mid > from {
				if c, err := cmp(mid - 1); err != nil || c != 0 {
					break
				}
				mid--
			}
			return interp.Int(int64(mid + 1)), nil
		case c < 0:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return interp.Int(-1), nil
}

// seek is TableauCherche(t, mode, value [, start]) (or t.Cherche(value) with the linear
// mode): the index of the first element equal to value from start (1 by default), -1 when
// there is none. Elements and value are compared as strings, so 3 finds "3". tcDichotomique
// searches a sorted array by halves.
func seek(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr, err := arrayArg("TableauCherche", a[0])
	if err != nil {
		return interp.Null, err
	}
	mode, want, start := int64(seekLinear), a[1], 1
	if len(a) > 2 {
		mode, want = a[1].AsInt(), a[2]
		if mode != seekLinear && mode != seekBinary {
			return interp.Null, fmt.Errorf("TableauCherche: unknown search mode %d (tcLinéaire or tcDichotomique)", mode)
		}
	}
	if len(a) > 3 && !a[3].IsNull() {
		if start, err = indexArg("TableauCherche", a, 3, max(arr.Len(), 1), false); err != nil {
			return interp.Null, err
		}
	}
	items := arr.Items()
	if mode == seekBinary {
		return seekHalves(start-1, len(items), func(i int) (int, error) {
			return compareForSort(items[i], want), nil
		})
	}
	w := want.String()
	for i := start - 1; i < len(items); i++ {
		if items[i].String() == w {
			return interp.Int(int64(i + 1)), nil
		}
	}
	return interp.Int(-1), nil
}

// procArg checks that v is a procedure: a procedure value, or a string naming one.
func procArg(th *interp.Thread, fn, nth string, v interp.Value) error {
	if _, _, ok := th.ProcArity(v); ok {
		return nil
	}
	if v.Kind() == interp.KString {
		return fmt.Errorf("%s: the %s parameter must be a procedure: no procedure is named %q", fn, nth, v.String())
	}
	return fmt.Errorf("%s: the %s parameter must be a procedure, not %s", fn, nth, kindName(v))
}

// callBack calls a script's procedure with as many of args as it declares.
func callBack(th *interp.Thread, proc interp.Value, args ...interp.Value) (interp.Value, error) {
	if n, variadic, ok := th.ProcArity(proc); ok && !variadic && n < len(args) {
		args = args[:n]
	}
	return th.CallValue(proc, args...)
}

// toString is VersChaîne / ToString written after a value: an array gives its elements
// separated by the separator (CR by default, see defaultArraySeparator), an associative
// array its values; a number, NumériqueVersChaîne with the optional format; a date or a
// time, DateVersChaîne or HeureVersChaîne with the optional format; anything else its
// string form.
func toString(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	v := a[0]
	sep := defaultArraySeparator
	if len(a) > 1 && !a[1].IsNull() {
		sep = a[1].String()
	}
	switch v.Kind() {
	case interp.KArray:
		th.Alloc(v.Array().JoinSize(sep))
		return interp.Str(v.Array().Join(sep)), nil
	case interp.KAssoc:
		parts := make([]string, 0, v.Assoc().Len())
		size := 0
		for _, x := range v.Assoc().Values() {
			parts = append(parts, th.ToString(x))
			size += len(parts[len(parts)-1]) + len(sep)
		}
		th.Alloc(int64(size))
		return interp.Str(strings.Join(parts, sep)), nil
	case interp.KInt, interp.KReal:
		return numToString(th, a[:min(len(a), 2)])
	case interp.KDate, interp.KDateTime, interp.KTime:
		if len(a) < 2 {
			return interp.Str(v.String()), nil
		}
		return interp.Str(formatDateValue(th, v, a[1].String())), nil
	}
	return interp.Str(v.String()), nil
}

// compareForSort orders two elements: numbers (and booleans) by value, anything else by
// its string form.
func compareForSort(x, y interp.Value) int {
	num := func(v interp.Value) bool {
		k := v.Kind()
		return k == interp.KInt || k == interp.KReal || k == interp.KBool
	}
	if x.Kind() == interp.KInt && y.Kind() == interp.KInt {
		return cmp.Compare(x.AsInt(), y.AsInt()) // exact beyond 2^53
	}
	if num(x) && num(y) {
		switch a, b := x.AsFloat(), y.AsFloat(); {
		case a < b:
			return -1
		case a > b:
			return 1
		}
		return 0
	}
	return strings.Compare(x.String(), y.String())
}

// duplicateKey is what TableauSupprimeDoublon compares: a number's value (1 and 1.0 are
// equal, and equal to "1"), any other value's string form.
func duplicateKey(v interp.Value) string {
	switch v.Kind() {
	case interp.KInt, interp.KBool:
		return strconv.FormatInt(v.AsInt(), 10)
	case interp.KReal:
		f := v.AsFloat()
		if f == math.Trunc(f) && math.Abs(f) < 1<<62 {
			return strconv.FormatInt(int64(f), 10)
		}
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return v.String()
}
