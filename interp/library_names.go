package interp

import "sort"

// NameKind is what a name of the library stands for.
type NameKind int

// Kinds of names.
const (
	FuncName NameKind = iota
	ConstName
	VarName
	TypeName
	PropertyName // a property of a library type
	MethodName   // a method of a library type
)

// NameSet is one registration of the library with all its names, in the order they were
// registered: the French name, the English name, then old names (see builtins.CurrentNames
// for the exceptions to that order).
type NameSet struct {
	Kind  NameKind
	Names []string
}

// NameSets lists every registration of the library (the properties and methods of its types
// included), in a stable order. Tools that rewrite names (wl fmt --lang) read it.
func (l *Library) NameSets() []NameSet {
	var out []NameSet
	seenF := map[*Builtin]bool{}
	for _, ll := range l.layers() {
		for _, b := range ll.funcs {
			if !seenF[b] {
				seenF[b] = true
				out = append(out, NameSet{FuncName, b.Names})
			}
		}
	}
	for _, names := range l.allConstNames() {
		out = append(out, NameSet{ConstName, names})
	}
	seenV := map[*Var]bool{}
	for _, ll := range l.layers() {
		for _, v := range ll.vars {
			if !seenV[v] {
				seenV[v] = true
				out = append(out, NameSet{VarName, v.Names})
			}
		}
	}
	for _, t := range l.Types() {
		out = append(out, NameSet{TypeName, t.Names})
		for _, p := range t.Props {
			out = append(out, NameSet{PropertyName, p.Names})
		}
		for _, m := range t.Methods {
			out = append(out, NameSet{MethodName, m.Names})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind < out[j].Kind
		}
		return out[i].Names[0] < out[j].Names[0]
	})
	return out
}
