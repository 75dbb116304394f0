package builtins

import (
	"fmt"
	"sort"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// Sort options of TableauTrie / ArraySort.
const (
	sortAscending  = 1 // ttCroissant / asAscending
	sortDescending = 2 // ttDécroissant / asDescending
)

func arrayArg(fn string, v interp.Value) (*interp.Array, error) {
	if a := v.Array(); a != nil {
		return a, nil
	}
	return nil, fmt.Errorf("%s: the first parameter must be an array, not %s", fn, v.Kind())
}

func registerArrays(r *registrar) {
	r.constant(interp.Int(sortAscending), "ttCroissant", "asAscending")
	r.constant(interp.Int(sortDescending), "ttDécroissant", "asDescending")
	r.constant(interp.Int(1), "tcLinéaire", "asLinear")
	r.constant(interp.Int(2), "tcDichotomique", "asBinary")
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	add := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("Ajoute", a[0])
		if err != nil {
			return interp.Null, err
		}
		if len(a) == 1 {
			return interp.Int(int64(arr.Append(arr.ElemType().Zero()))), nil
		}
		return interp.Int(int64(arr.Append(a[1]))), nil
	}
	fn([]string{"Ajoute", "Add"}, 1, 2, add)
	fn([]string{"TableauAjoute", "ArrayAdd"}, 1, 2, add)
	fn([]string{"TableauAjouteLigne", "ArrayAddLine"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauAjouteLigne", a[0])
		if err != nil {
			return interp.Null, err
		}
		n := 0
		for _, v := range a[1:] {
			n = arr.Append(v)
		}
		return interp.Int(int64(n)), nil
	})
	count := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		switch {
		case a[0].Array() != nil:
			return interp.Int(int64(a[0].Array().Len())), nil
		case a[0].Assoc() != nil:
			return interp.Int(int64(a[0].Assoc().Len())), nil
		}
		return interp.Null, fmt.Errorf("Occurrence: %s is not an array", a[0].Kind())
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
			return interp.Null, fmt.Errorf("TableauSupprimeTout: %s is not an array", a[0].Kind())
		}
		return interp.Null, nil
	}
	fn([]string{"TableauSupprimeTout", "ArrayDeleteAll"}, 1, 1, deleteAll)
	fn([]string{"SupprimeTout", "DeleteAll"}, 1, 1, deleteAll)
	del := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		if m := a[0].Assoc(); m != nil {
			return interp.Bool(m.Delete(a[1].String())), nil
		}
		arr, err := arrayArg("TableauSupprime", a[0])
		if err != nil {
			return interp.Null, err
		}
		i := a[1].AsInt()
		if !arr.Delete(int(i)) {
			return interp.Null, fmt.Errorf("TableauSupprime: index %d out of range: the array has %d elements", i, arr.Len())
		}
		return interp.Null, nil
	}
	fn([]string{"TableauSupprime", "ArrayDelete"}, 2, 2, del)
	fn([]string{"Supprime", "Delete"}, 2, 2, del)
	insert := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauInsère", a[0])
		if err != nil {
			return interp.Null, err
		}
		i := a[1].AsInt()
		if !arr.Insert(int(i), a[2]) {
			return interp.Null, fmt.Errorf("TableauInsère: index %d out of range: the array has %d elements", i, arr.Len())
		}
		return interp.Null, nil
	}
	fn([]string{"TableauInsère", "ArrayInsert"}, 3, 3, insert)
	fn([]string{"Insère", "Insert"}, 3, 3, insert)
	seek := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauCherche", a[0])
		if err != nil {
			return interp.Null, err
		}
		// TableauCherche(t, mode, value) or t.Cherche(value).
		want := a[len(a)-1]
		for i, v := range arr.Items() {
			if v.Kind() == want.Kind() && v.String() == want.String() || v.String() == want.String() {
				return interp.Int(int64(i + 1)), nil
			}
		}
		return interp.Int(-1), nil
	}
	fn([]string{"TableauCherche", "ArraySeek"}, 2, 4, seek)
	fn([]string{"Cherche", "Seek", "Find"}, 2, 2, seek)
	sortFn := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("TableauTrie", a[0])
		if err != nil {
			return interp.Null, err
		}
		desc := len(a) > 1 && a[1].AsInt()&sortDescending != 0
		items := arr.Items()
		sort.SliceStable(items, func(i, j int) bool {
			c := compareForSort(items[i], items[j])
			if desc {
				return c > 0
			}
			return c < 0
		})
		return interp.Null, nil
	}
	fn([]string{"TableauTrie", "ArraySort"}, 1, 3, sortFn)
	fn([]string{"Trie", "Sort"}, 1, 3, sortFn)
	toString := func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		arr, err := arrayArg("VersChaîne", a[0])
		if err != nil {
			return interp.Null, err
		}
		sep := "\t"
		if len(a) > 1 {
			sep = a[1].String()
		}
		return interp.Str(arr.Join(sep)), nil
	}
	fn([]string{"VersChaîne", "ToString"}, 1, 2, toString)
	fn([]string{"TableauVersChaîne", "ArrayToString"}, 1, 2, toString)
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
	fn([]string{"Existe", "Exist"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		if m := a[0].Assoc(); m != nil {
			_, ok := m.Get(a[1].String())
			return interp.Bool(ok), nil
		}
		return interp.Null, fmt.Errorf("Existe: %s is not an associative array", a[0].Kind())
	})
}

func compareForSort(x, y interp.Value) int {
	xn, yn := x.Kind() == interp.KInt || x.Kind() == interp.KReal, y.Kind() == interp.KInt || y.Kind() == interp.KReal
	if xn && yn {
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
