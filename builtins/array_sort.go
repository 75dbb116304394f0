package builtins

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// sortArray is TableauTrie(t [, options [, procedure]]): the elements in ascending order
// (numbers as numbers, anything else as strings compared byte by byte), ttDécroissant for
// descending; with ttFonction the procedure receives two elements and returns a negative
// number, 0 or a positive number; with ttMembre the elements are structures or objects,
// compared on the members the third parameter names (see sortByMembers). Equal elements
// keep their order.
func sortArray(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr, err := arrayArg("TableauTrie", a[0])
	if err != nil {
		return interp.Null, err
	}
	opts := int64(sortAscending)
	if len(a) > 1 && !a[1].IsNull() {
		if a[1].Kind() == interp.KString {
			return interp.Null, fmt.Errorf("TableauTrie: the second parameter is the sort options, not %q: to sort on members, write TableauTrie(t, ttMembre, %q)", a[1].String(), a[1].String())
		}
		opts = a[1].AsInt()
	}
	items := arr.Items()
	if opts&sortMember != 0 {
		if len(a) < 3 || a[2].Kind() != interp.KString {
			return interp.Null, fmt.Errorf(`TableauTrie: ttMembre (asMember) needs the members to compare as third parameter ("+Nom;-Age")`)
		}
		return interp.Null, sortByMembers(th, items, a[2].String(), opts&sortDescending != 0)
	}
	if opts&sortFunction != 0 {
		if len(a) < 3 {
			return interp.Null, fmt.Errorf("TableauTrie: ttFonction needs the comparison procedure as third parameter")
		}
		if err := procArg(th, "TableauTrie", "third", a[2]); err != nil {
			return interp.Null, err
		}
		return interp.Null, sortByProc(th, items, a[2])
	}
	sortValues(items, opts&sortDescending != 0)
	return interp.Null, nil
}

// sortMemberKey is one member that TableauTrie's ttMembre compares: its path (Adr.Ville is
// the member Ville of the member Adr) and its order.
type sortMemberKey struct {
	path []string
	desc bool
}

// sortByMembers sorts structures or objects on the members named in spec, separated by
// ";", the first one deciding first: TableauTrie(t, ttMembre, "+Nom;-Age") puts the
// elements in the order of their names, and those of the same name from the oldest to the
// youngest. A member preceded by "-" sorts in descending order, by "+" in ascending order;
// without a sign, in ascending order, or descending with ttDécroissant. A member of a
// member is written with dots (Adr.Ville). Members compare as TableauTrie compares
// elements; only public members can be named (they are read as from outside the class).
// Each member is read once per element; equal elements keep their order.
func sortByMembers(th *interp.Thread, items []interp.Value, spec string, desc bool) error {
	var keys []sortMemberKey
	for _, m := range strings.Split(spec, ";") {
		m = strings.TrimSpace(m)
		k := sortMemberKey{desc: desc}
		switch {
		case strings.HasPrefix(m, "+"):
			k.desc, m = false, m[1:]
		case strings.HasPrefix(m, "-"):
			k.desc, m = true, m[1:]
		}
		for _, name := range strings.Split(m, ".") {
			if name = strings.TrimSpace(name); name == "" {
				return fmt.Errorf("TableauTrie: %q: want member names separated by \";\", each preceded by + or - if need be", spec)
			}
			k.path = append(k.path, name)
		}
		keys = append(keys, k)
	}
	vals := make([][]interp.Value, len(items))
	for i, v := range items {
		vals[i] = make([]interp.Value, len(keys))
		for j, k := range keys {
			mv, err := memberPath(th, v, k.path)
			if _, fatal := err.(*interp.RuntimeError); fatal {
				return err
			} else if err != nil {
				return fmt.Errorf("TableauTrie: element %d: %w", i+1, err)
			}
			vals[i][j] = mv
		}
	}
	perm := make([]int, len(items))
	for i := range perm {
		perm[i] = i
	}
	slices.SortStableFunc(perm, func(x, y int) int {
		for j, k := range keys {
			c := compareForSort(vals[x][j], vals[y][j])
			if k.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	sorted := make([]interp.Value, len(items))
	for j, i := range perm {
		sorted[j] = items[i]
	}
	copy(items, sorted)
	return nil
}

// memberPath reads the member path of v (Adr.Ville: the member Ville of v's member Adr)
// through the public properties of its type. A member that cannot be read gives its
// message alone, to be put in context; a fatal error already raised (with its call stack)
// is returned as it is.
func memberPath(th *interp.Thread, v interp.Value, path []string) (interp.Value, error) {
	for i, name := range path {
		o := v.Object()
		if o == nil {
			if i == 0 {
				return interp.Null, fmt.Errorf("%s is not a structure or an object: it has no member %s", kindName(v), name)
			}
			return interp.Null, fmt.Errorf("%s is %s, not a structure or an object: it has no member %s", strings.Join(path[:i], "."), kindName(v), name)
		}
		p := o.ObjectType().Property(name)
		if p == nil {
			return interp.Null, fmt.Errorf("%s has no member %s", o.ObjectType().Name, name)
		}
		var err error
		if v, err = p.Get(th, o); err != nil {
			if re, ok := err.(*interp.RuntimeError); ok && len(re.Stack) == 0 {
				return interp.Null, errors.New(re.Msg)
			}
			return interp.Null, err
		}
	}
	return v, nil
}

// sortByProc sorts items with a script's comparison procedure, keeping equal elements in
// their order; the first error of the procedure stops the comparisons and is returned. It
// sorts the indices with pattern-defeating quicksort, the index breaking ties, which calls
// the procedure about 15% less often than a stable merge sort.
func sortByProc(th *interp.Thread, items []interp.Value, proc interp.Value) error {
	var cbErr error
	perm := make([]int, len(items))
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(i, j int) int {
		if cbErr != nil {
			return i - j
		}
		res, err := callBack(th, proc, items[i], items[j])
		if err != nil {
			cbErr = err
			return i - j
		}
		switch f := res.AsFloat(); {
		case f < 0:
			return -1
		case f > 0:
			return 1
		}
		return i - j
	})
	if cbErr != nil {
		return cbErr
	}
	sorted := make([]interp.Value, len(items))
	for j, i := range perm {
		sorted[j] = items[i]
	}
	copy(items, sorted)
	return nil
}

// sortValues sorts items in the order of compareForSort, stable, ascending or descending.
// Arrays of integers only and of strings only take typed paths: equal integers or equal
// strings cannot be told apart, so these need no stability.
func sortValues(items []interp.Value, desc bool) {
	if len(items) < 2 {
		return
	}
	allInt, allStr := true, true
	for _, v := range items {
		switch v.Kind() {
		case interp.KInt:
			allStr = false
		case interp.KString:
			allInt = false
		default:
			allInt, allStr = false, false
		}
		if !allInt && !allStr {
			break
		}
	}
	switch {
	case allInt:
		sortInts(items, desc)
	case allStr:
		sortStrings(items, desc)
	default:
		sortMixed(items, desc)
	}
}

// sortInts sorts integer values by their int64.
func sortInts(items []interp.Value, desc bool) {
	keys := make([]int64, len(items))
	for i, v := range items {
		keys[i] = v.AsInt()
	}
	slices.Sort(keys)
	if desc {
		slices.Reverse(keys)
	}
	for i, k := range keys {
		items[i] = interp.Int(k)
	}
}

// sortStrings sorts string values byte by byte, moving the values themselves (their
// buffers are kept, nothing is copied).
func sortStrings(items []interp.Value, desc bool) {
	if desc {
		slices.SortFunc(items, func(x, y interp.Value) int { return strings.Compare(y.String(), x.String()) })
		return
	}
	slices.SortFunc(items, func(x, y interp.Value) int { return strings.Compare(x.String(), y.String()) })
}

// sortKey is an element of a mixed array with what compareForSort reads of it computed
// once: its number when it is one, its string form otherwise, and its index, which makes
// the order stable.
type sortKey struct {
	num, isInt bool
	n          int64
	f          float64
	s          string
	i          int
}

// sortMixed sorts any values: numbers (and booleans) among themselves by value, anything
// else by string form; equal elements keep their order.
func sortMixed(items []interp.Value, desc bool) {
	keys := make([]sortKey, len(items))
	allNum := true
	for i, v := range items {
		switch v.Kind() {
		case interp.KInt:
			keys[i] = sortKey{num: true, isInt: true, n: v.AsInt(), f: v.AsFloat(), i: i}
		case interp.KReal, interp.KBool:
			keys[i] = sortKey{num: true, f: v.AsFloat(), i: i}
		default:
			keys[i] = sortKey{s: v.String(), i: i}
			allNum = false
		}
	}
	if !allNum {
		// A number meets strings: it is compared with them by its string form.
		for i := range keys {
			if keys[i].num {
				keys[i].s = items[i].String()
			}
		}
	}
	slices.SortFunc(keys, func(x, y sortKey) int {
		var c int
		switch {
		case x.isInt && y.isInt:
			c = cmp.Compare(x.n, y.n)
		case x.num && y.num:
			c = cmp.Compare(x.f, y.f)
		default:
			c = strings.Compare(x.s, y.s)
		}
		if desc {
			c = -c
		}
		if c == 0 {
			return x.i - y.i
		}
		return c
	})
	sorted := make([]interp.Value, len(items))
	for j, k := range keys {
		sorted[j] = items[k.i]
	}
	copy(items, sorted)
}
