package interp

import (
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// checkObjectMember warns (wl check; an error with --strict) when x.name names nothing of
// the builtin object type x is declared with (an email type, an HTTP request, a zip
// archive...): neither a property nor a method of the type, nor a library function the
// prefix syntax would call (x.F(args) is F(x, args)). Structures and classes are checked
// by memberOf and classMethodCall (an unknown member is an error there); a type whose
// members are data (ObjectType.Open, JSON) and a value whose type the compiler does not know
// (a variant, a function's result) are not checked: the run reports what is missing.
func (c *compiler) checkObjectMember(pos lexer.Position, x parser.Expr, name string, call bool) {
	t := c.staticType(x)
	if t == nil || t.Kind != KObject || t.Obj == nil || t.Obj.Open {
		return
	}
	if c.cls != nil {
		if ci, _ := c.cls.classOfType(t); ci != nil {
			return
		}
	}
	key := wlex.Fold(name)
	if t.Obj.prop(key) != nil || t.Obj.method(key) != nil || c.lib.builtinAt(key) != nil {
		return
	}
	if call {
		c.warnf(pos, "unknown method %s for type %s", name, t.Obj.Name)
		return
	}
	c.warnf(pos, "unknown property %s for type %s", name, t.Obj.Name)
}
