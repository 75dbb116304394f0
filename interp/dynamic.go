package interp

import (
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// DynamicMembers is implemented by objects whose members are data rather than properties of
// their type: a JSON value, or a variant holding an object. `x.name` reads the member name;
// when the object has no member of that name, a property or method of the type of that name
// is used, and Member is asked when there is none either. `x.name = v` writes the member,
// creating it. `x..name` always means the property of the type.
type DynamicMembers interface {
	Object
	// HasMember reports whether the object has the member (names compared as the object
	// decides).
	HasMember(name string) bool
	// Member reads a member. A member that does not exist reads as the object decides (a
	// JSON value reads it as Null).
	Member(th *Thread, name string) (Value, error)
	// SetMember writes a member, creating it.
	SetMember(th *Thread, name string, v Value) error
	// MemberContainer returns member name as the container of an assignment below it
	// (`x.name.sub = v`, `x.name[i] = v`): a member that does not exist yet is created by
	// that assignment.
	MemberContainer(th *Thread, name string) (Value, error)
	// MemberProperty answers `x.name..prop` (prop is a Fold key such as "existe"), which must
	// work even when the member holds a plain value (a number has no properties) or does
	// not exist; ok is false when the object leaves prop to the member's value.
	MemberProperty(th *Thread, name, prop string) (v Value, ok bool, err error)
}

// IndexProperty is implemented by indexable objects that answer `x[i]..prop` themselves
// (`j["nom"]..Existe` on a JSON value), like DynamicMembers.MemberProperty.
type IndexProperty interface {
	IndexProperty(th *Thread, idx []Value, prop string) (v Value, ok bool, err error)
}

// IndexContainer is implemented by indexable objects whose elements can be the container
// of an assignment below them (`j.tab[1].nom = v` creates the element).
type IndexContainer interface {
	IndexContainer(th *Thread, idx []Value) (Value, error)
}

// SetDynamicObject registers the constructor of the object a variant variable receives when
// a member is assigned to it while it holds Null (`v est un Variant` then `v.nom = "x"`).
func (l *Library) SetDynamicObject(newObject func() DynamicMembers) { l.newDynamic = newObject }

// dynamicMember reads x.name for an object with dynamic members: the member when it
// exists, else a property or method of the type, else the member anyway. ok is false when
// x has no dynamic members.
func (th *Thread) dynamicMember(fr *frame, pos lexer.Position, x Value, key, name string) (Value, bool) {
	if x.k != KObject {
		return Null, false
	}
	dm, ok := x.r.(DynamicMembers)
	if !ok {
		return Null, false
	}
	if !dm.HasMember(name) {
		t := dm.ObjectType()
		if t.prop(key) != nil || t.method(key) != nil {
			return Null, false
		}
	}
	v, err := dm.Member(th, name)
	if err != nil {
		th.raise(fr, pos, err)
	}
	return v, true
}

// compileMemberProperty compiles `x.name..prop` and `x[i]..prop` when the container of the
// member or element answers prop itself (DynamicMembers, IndexProperty, associative arrays
// for ..Existe); otherwise the member or element is read and prop asked of its value. It
// returns nil when e is not of that form.
func (c *compiler) compileMemberProperty(e *parser.Member) evalFn {
	if !e.Legacy {
		return nil
	}
	prop, pname, pos := wlex.Fold(e.Name), e.Name, e.Pos
	fallback := c.lib.builtinAt(prop)
	switch in := e.X.(type) {
	case *parser.Member:
		if in.Legacy {
			return nil
		}
		cont := c.compileExpr(in.X)
		key, name, ipos := wlex.Fold(in.Name), in.Name, in.Pos
		inFallback := c.lib.builtinAt(key)
		return func(fr *frame) Value {
			x := cont(fr)
			if dm, ok := x.r.(DynamicMembers); ok && x.k == KObject {
				v, ok, err := dm.MemberProperty(fr.th, name, prop)
				if err != nil {
					fr.th.raise(fr, pos, err)
				}
				if ok {
					return v
				}
			}
			m := fr.th.getMemberDyn(fr, ipos, x, key, name, inFallback)
			return fr.th.getMember(fr, pos, m, prop, pname, fallback)
		}
	case *parser.Index:
		cont := c.compileExpr(in.X)
		idx := c.compileExprs(in.Indexes)
		ipos := in.Pos
		return func(fr *frame) Value {
			x := cont(fr)
			iv := evalAll(fr, idx)
			switch {
			case x.k == KObject:
				if ip, ok := x.r.(IndexProperty); ok {
					v, ok, err := ip.IndexProperty(fr.th, iv, prop)
					if err != nil {
						fr.th.raise(fr, pos, err)
					}
					if ok {
						return v
					}
				}
			case x.k == KAssoc && len(iv) == 1 && (prop == "existe" || prop == "exist"):
				_, ok := x.Assoc().Get(iv[0].String())
				return Bool(ok)
			}
			return fr.th.getMember(fr, pos, fr.th.getIndex(fr, ipos, x, iv), prop, pname, fallback)
		}
	}
	return nil
}

// getMemberDyn reads x.name written with a single dot: a dynamic member first, then what
// getMember finds.
func (th *Thread) getMemberDyn(fr *frame, pos lexer.Position, x Value, key, name string, fallback *Builtin) Value {
	if v, ok := th.dynamicMember(fr, pos, x, key, name); ok {
		return v
	}
	return th.getMember(fr, pos, x, key, name, fallback)
}

// setMemberDyn writes x.name = v written with a single dot: objects with dynamic members
// get (or create) the member; other values go through setMember.
func (th *Thread) setMemberDyn(fr *frame, pos lexer.Position, x Value, key, name string, v Value) {
	if x.k == KObject {
		if dm, ok := x.r.(DynamicMembers); ok {
			if err := dm.SetMember(th, name, v); err != nil {
				th.raise(fr, pos, err)
			}
			return
		}
	}
	th.setMember(fr, pos, x, key, name, v)
}

// compileContainer compiles the container of an assignment `x.name = v` written with a
// single dot. A variant variable holding Null receives a new dynamic object first (when
// the library registered one), so that `v.a = 1` and `v.a.b = 1` build the object; the
// members on the way are read as single-dot members.
func (c *compiler) compileContainer(e parser.Expr) evalFn {
	switch e := e.(type) {
	case *parser.Ident:
		v, depth := c.lookupVar(e.Name)
		if v == nil || v.typ != nil || v.isConst || c.lib.newDynamic == nil {
			break
		}
		get := c.compileExpr(e)
		set := c.storeVar(v, depth, e.Pos)
		newObject := c.lib.newDynamic
		return func(fr *frame) Value {
			x := get(fr)
			if x.k == KNull {
				x = ObjectValue(newObject())
				set(fr, x)
			}
			return x
		}
	case *parser.Member:
		if e.Legacy {
			break
		}
		cont := c.compileContainer(e.X)
		key, name, pos := wlex.Fold(e.Name), e.Name, e.Pos
		fallback := c.lib.builtinAt(key)
		return func(fr *frame) Value {
			x := cont(fr)
			if dm, ok := x.r.(DynamicMembers); ok && x.k == KObject {
				t := dm.ObjectType()
				if dm.HasMember(name) || t.prop(key) == nil && t.method(key) == nil {
					v, err := dm.MemberContainer(fr.th, name)
					if err != nil {
						fr.th.raise(fr, pos, err)
					}
					return v
				}
			}
			return fr.th.getMemberDyn(fr, pos, x, key, name, fallback)
		}
	case *parser.Index:
		cont := c.compileContainer(e.X)
		idx := c.compileExprs(e.Indexes)
		pos := e.Pos
		return func(fr *frame) Value {
			x := cont(fr)
			iv := evalAll(fr, idx)
			if ic, ok := x.r.(IndexContainer); ok && x.k == KObject {
				v, err := ic.IndexContainer(fr.th, iv)
				if err != nil {
					fr.th.raise(fr, pos, err)
				}
				return v
			}
			if x.k == KAssoc && len(iv) == 1 {
				return fr.th.assocElement(fr, pos, x.Assoc(), iv[0].String())
			}
			return fr.th.getIndex(fr, pos, x, iv)
		}
	}
	return c.compileExpr(e)
}
