package interp

import (
	"fmt"
	"sort"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// checkValueCycles reports the structures and classes that contain themselves by value: a
// member of their own type (or of a type that holds them, or a fixed array of it), directly,
// through other members or through an ancestor. Making such a value would never end, so the
// member that closes the cycle is a compile error at its position; a dynamic object
// (`dynamique`), a dynamic array or an associative array of the type holds no value until
// one is added, and is accepted. WLanguage cannot have such a member either: a value that
// contains itself has no size.
func (c *compiler) checkValueCycles() {
	ct := c.cls
	type cycleErr struct {
		pos lexer.Position
		msg string
	}
	var errs []cycleErr
	report := func(pos lexer.Position, format string, args ...any) {
		errs = append(errs, cycleErr{pos, fmt.Sprintf(format, args...)})
	}
	state := map[*classInfo]int{} // 1: being visited, 2: done
	var visit func(ci *classInfo)
	visit = func(ci *classInfo) {
		state[ci] = 1
		if b := ci.base; b != nil {
			switch state[b] {
			case 1:
				report(ci.decl.BasePos, "%s inherits from %s, which contains %s by value: declare that member as a dynamic object or an array", ci.name, b.name, ci.name)
			case 0:
				visit(b)
			}
		}
		for _, m := range ci.decl.Members {
			if m.Global {
				continue
			}
			for _, n := range m.Names {
				i, ok := ci.fieldIdx[wlex.Fold(n)]
				if !ok || ci.fields[i].owner != ci {
					continue
				}
				held := ct.heldByValue(ci.fields[i].typ)
				if held == nil {
					continue
				}
				switch state[held] {
				case 1:
					report(m.Pos, "%s contains itself by value through its member %s: declare the member as a dynamic object (%s dynamique) or an array", ci.name, n, held.name)
				case 0:
					visit(held)
				}
			}
		}
		state[ci] = 2
	}
	// Descendants first, so that a cycle through an ancestor is reported at the ancestor's
	// member rather than at the inheritance.
	for i := len(ct.order) - 1; i >= 0; i-- {
		if ci := ct.order[i]; state[ci] == 0 {
			visit(ci)
		}
	}
	// In the order of the source, as the other errors.
	sort.SliceStable(errs, func(i, j int) bool {
		a, b := errs[i].pos, errs[j].pos
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Offset < b.Offset
	})
	for _, e := range errs {
		c.errorf(e.pos, "%s", e.msg)
	}
}

// heldByValue returns the structure or class whose value a member of type t holds (itself,
// or the elements of a fixed array), or nil.
func (ct *classTable) heldByValue(t *Type) *classInfo {
	for t != nil && t.Kind == KArray && len(t.Dims) > 0 {
		t = t.Elem
	}
	if t == nil || t.Kind != KObject || t.Obj == nil {
		return nil
	}
	ci := ct.byObj[t.Obj]
	if ci == nil || ci.objType != t.Obj {
		return nil
	}
	return ci
}
