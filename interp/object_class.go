package interp

import (
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// classInfo is a structure or class of the script. The fields of a derived class start with
// its ancestor's, and its method table starts with the ancestor's entries, so that a field
// or method index found through an ancestor-typed variable holds for every descendant.
type classInfo struct {
	name     string
	isStruct bool
	pos      lexer.Position
	base     *classInfo
	decl     *parser.ClassDecl

	fields   []*fieldInfo
	fieldIdx map[string]int
	// methods maps a method's Fold key to its most derived implementation's entry.
	methods map[string]*methodInfo
	vtable  []*Proc
	// statics are the GLOBAL members: program globals named "Classe::membre".
	statics map[string]*varInfo
	consts  map[string]Value
	ctor    *methodInfo
	dtor    *methodInfo
	// ctorCallsBase is set when the constructor calls the ancestor's constructor itself.
	ctorCallsBase bool

	objType *ObjectType
	typ     *Type // a variable of the class (value)
	dynTyp  *Type // a dynamic variable of the class (reference)
}

type fieldInfo struct {
	name   string
	key    string
	typ    *Type
	access parser.Access
	owner  *classInfo
	def    evalFn
	// constDef is the initial value when it is a constant (hasConst).
	constDef Value
	hasConst bool
	// serialName is the member's name in Sérialise's JSON; skip leaves it out.
	serialName string
	skip       bool
}

type methodInfo struct {
	name   string
	proc   *Proc
	access parser.Access
	global bool
	owner  *classInfo
	slot   int // index in vtable (non-global methods)
	def    *parser.Procedure
}

// instance is a value of a structure or class.
type instance struct {
	cls    *classInfo
	fields []Value
}

// ObjectType implements Object.
func (o *instance) ObjectType() *ObjectType { return o.cls.objType }

// Copy implements Copier: assigning a structure or class instance copies its members
// (arrays and nested structures included).
func (o *instance) Copy() Object {
	n := &instance{cls: o.cls, fields: make([]Value, len(o.fields))}
	for i, f := range o.cls.fields {
		n.fields[i] = f.typ.convert(o.fields[i])
		if f.typ == nil {
			n.fields[i] = copyValue(o.fields[i])
		}
	}
	return n
}

// derives reports whether c is d or one of its descendants.
func (c *classInfo) derives(d *classInfo) bool {
	for ; c != nil; c = c.base {
		if c == d {
			return true
		}
	}
	return false
}

func (c *classInfo) kindName() string {
	if c.isStruct {
		return "structure"
	}
	return "class"
}

// alloc makes an instance with its members' initial values; fr evaluates the initial values
// that are not constants (nil: they keep their type's zero value).
func (c *classInfo) alloc(fr *frame) *instance {
	o := &instance{cls: c, fields: make([]Value, len(c.fields))}
	for i, f := range c.fields {
		switch {
		case f.hasConst:
			o.fields[i] = f.typ.convert(f.constDef)
		case f.def != nil && fr != nil:
			o.fields[i] = f.typ.convert(f.def(fr))
		default:
			o.fields[i] = f.typ.Zero()
		}
	}
	return o
}

// construct runs the constructors of o's class part c: the ancestor's first (without
// arguments) unless c's constructor calls it, then c's own with args. A class without a
// constructor passes args to its ancestor's (choice made where the documentation is silent).
func (th *Thread) construct(fr *frame, pos lexer.Position, c *classInfo, self Value, args []Value) {
	if c.ctor == nil && c.base != nil {
		th.construct(fr, pos, c.base, self, args)
		return
	}
	if c.base != nil && !c.ctorCallsBase {
		th.construct(fr, pos, c.base, self, nil)
	}
	if c.ctor == nil {
		if len(args) > 0 {
			th.fatalf(fr, pos, "class %s has no constructor: it takes no parameters (%d given)", c.name, len(args))
		}
		return
	}
	all := make([]Value, 0, len(args)+1)
	all = append(all, self)
	all = append(all, args...)
	th.callProc(fr, c.ctor.proc, nil, all, pos)
}

// newInstance makes an instance of c and runs its constructors.
func (th *Thread) newInstance(fr *frame, pos lexer.Position, c *classInfo, args []Value) Value {
	v := ObjectValue(c.alloc(fr))
	th.construct(fr, pos, c, v, args)
	return v
}

// destroy runs the destructors of o, the most derived first.
func (th *Thread) destroy(fr *frame, pos lexer.Position, v Value) {
	o, ok := v.r.(*instance)
	if !ok || v.k != KObject {
		return
	}
	for c := o.cls; c != nil; c = c.base {
		if c.dtor != nil {
			th.callProc(fr, c.dtor.proc, nil, []Value{v}, pos)
		}
	}
}

// instanceOf returns the instance v holds, or a fatal error: Null (a dynamic object not
// allocated or freed) or another kind of value.
func (th *Thread) instanceOf(fr *frame, pos lexer.Position, v Value, c *classInfo) *instance {
	if v.k == KObject {
		if o, ok := v.r.(*instance); ok && (c == nil || o.cls.derives(c)) {
			return o
		}
	}
	if v.k == KNull {
		th.fatalf(fr, pos, "the object is Null: a dynamic object must be allocated (allouer/new) before use")
	}
	what := describeKind(v)
	if c != nil {
		th.fatalf(fr, pos, "%s is not an instance of %s %s", what, c.kindName(), c.name)
	}
	th.fatalf(fr, pos, "%s is not a structure or class instance", what)
	return nil
}

// classOfType returns the class a variable type holds, nil for other types; dyn tells a
// dynamic (reference) variable.
func (ct *classTable) classOfType(t *Type) (c *classInfo, dyn bool) {
	if t == nil || t.Kind != KObject || t.Obj == nil {
		return nil, false
	}
	c = ct.byObj[t.Obj]
	if c != nil && t == c.dynTyp {
		return c, true
	}
	return c, false
}

func foldKey(name string) string { return wlex.Fold(name) }
