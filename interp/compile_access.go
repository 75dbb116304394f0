package interp

import (
	"time"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// storeVar compiles a write at pos to variable v (depth procedure levels up), converting the
// value to the variable's type: an array stored in a typed array variable is copied, and
// the copy charged to the memory limit.
func (c *compiler) storeVar(v *varInfo, depth int, pos lexer.Position) setFn {
	set := c.storeVarFn(v, depth)
	if t := v.typ; t != nil && (t.Kind == KArray || t.Kind == KAssoc || t.Kind == KObject) {
		return func(fr *frame, x Value) {
			x = fr.th.listInto(fr, pos, t, x)
			if n := fr.th.copyCost(t, x); n > 0 {
				fr.th.alloc(fr, pos, n)
			}
			set(fr, x)
		}
	}
	return set
}

func (c *compiler) storeVarFn(v *varInfo, depth int) setFn {
	if v.param != nil && depth == 0 {
		v.param.writes = true
	}
	slot, t := v.slot, v.typ
	conv := converter(t)
	switch {
	case v.global:
		if conv == nil {
			return func(fr *frame, x Value) { fr.th.globals[slot] = x }
		}
		return func(fr *frame, x Value) { fr.th.globals[slot] = conv(x) }
	case depth == 0:
		if conv == nil {
			return func(fr *frame, x Value) { fr.slots[slot] = x }
		}
		return func(fr *frame, x Value) { fr.slots[slot] = conv(x) }
	default:
		return func(fr *frame, x Value) {
			f := fr
			for i := 0; i < depth; i++ {
				f = f.up
			}
			if conv != nil {
				x = conv(x)
			}
			f.slots[slot] = x
		}
	}
}

// converter returns the conversion for storing into a variable of type t, nil for variant
// (which only unpacks multiple results).
func converter(t *Type) func(Value) Value {
	if t == nil {
		return func(v Value) Value {
			if v.k == KTuple {
				return Variant.convert(v)
			}
			return v
		}
	}
	if t.Kind == KInt && t.Bits == 64 {
		return func(v Value) Value {
			if v.k == KInt {
				return v
			}
			return t.convert(v)
		}
	}
	if t.Kind == KInt && t.Bits == 32 && !t.Unsig {
		return func(v Value) Value {
			if v.k == KInt && v.n == int64(int32(v.n)) {
				return v
			}
			return t.convert(v)
		}
	}
	if t.Kind == KString {
		return func(v Value) Value {
			if v.k == KString {
				return v
			}
			return t.convert(v)
		}
	}
	return t.convert
}

// compileSetter compiles an assignment target.
func (c *compiler) compileSetter(e parser.Expr) setFn {
	switch e := e.(type) {
	case *parser.Ident:
		if f := c.classSetter(e); f != nil {
			return f
		}
		if v, depth := c.lookupVar(e.Name); v != nil {
			if v.isConst {
				c.errorf(e.Pos, "%s is a constant: it cannot be assigned", e.Name)
				return func(*frame, Value) {}
			}
			return c.storeVar(v, depth, e.Pos)
		}
		key := wlex.Fold(e.Name)
		if lv, ok := c.lib.varOf(key); ok {
			pos, name := e.Pos, e.Name
			return func(fr *frame, x Value) {
				if lv.Set == nil {
					fr.th.fatalf(fr, pos, "%s is read-only", name)
				}
				if err := lv.Set(fr.th, x); err != nil {
					fr.th.raise(fr, pos, err)
				}
			}
		}
		if _, ok := c.lib.constOf(key); ok {
			c.errorf(e.Pos, "%s is a constant: it cannot be assigned", e.Name)
			return func(*frame, Value) {}
		}
		c.warnf(e.Pos, "unknown identifier %s", e.Name)
		pos, name := e.Pos, e.Name
		return func(fr *frame, _ Value) {
			fr.th.fatalf(fr, pos, "unknown identifier %s (variables must be declared)", name)
		}
	case *parser.Index:
		var x evalFn
		if m, ok := e.X.(*parser.Member); ok && !m.Legacy {
			// j.tab[2] = v: a JSON member that does not exist yet is created.
			x = c.compileContainer(e.X)
		} else if _, ok := e.X.(*parser.Index); ok {
			// ta["k"][2] = v: an associative array's missing element is created first.
			x = c.compileContainer(e.X)
		} else {
			x = c.compileExpr(e.X)
		}
		idx := c.compileExprs(e.Indexes)
		pos := e.Pos
		var setX setFn
		if isAssignable(e.X) {
			setX = c.compileSetter(e.X)
		}
		return func(fr *frame, v Value) {
			cont := x(fr)
			if cont.k == KString || cont.k == KNull && setX != nil {
				// s[i] = "x" replaces a character.
				if len(idx) == 1 && setX != nil {
					i := int(idx[0](fr).AsInt())
					setX(fr, Str(replaceRunes(cont.String(), i, i, v.String())))
					return
				}
			}
			fr.th.setIndex(fr, pos, cont, evalAll(fr, idx), v)
		}
	case *parser.Member:
		if f := c.classMemberSet(e); f != nil {
			return f
		}
		c.checkObjectMember(e.Pos, e.X, e.Name, false)
		var x evalFn
		if e.Legacy {
			x = c.compileExpr(e.X)
		} else {
			x = c.compileContainer(e.X)
		}
		key, name, pos, legacy := wlex.Fold(e.Name), e.Name, e.Pos, e.Legacy
		var setX setFn
		if isAssignable(e.X) {
			setX = c.compileSetter(e.X)
		}
		return func(fr *frame, v Value) {
			cont := x(fr)
			if setX != nil {
				// dh.Minute = 5 changes a date, time or datetime variable (a value).
				if nv, ok := withDateMember(cont, key, v); ok {
					setX(fr, nv)
					return
				}
			}
			if legacy {
				fr.th.setMember(fr, pos, cont, key, name, v)
			} else {
				fr.th.setMemberDyn(fr, pos, cont, key, name, v)
			}
		}
	case *parser.Substring:
		if !isAssignable(e.X) {
			c.errorf(e.Pos, "only a variable's substring can be assigned")
			return func(*frame, Value) {}
		}
		get := c.compileExpr(e.X)
		set := c.compileSetter(e.X)
		bounds := c.substringBounds(e)
		return func(fr *frame, v Value) {
			s := get(fr).String()
			from, to := bounds(fr, utf8.RuneCountInString(s))
			set(fr, Str(replaceRunes(s, from, to, v.String())))
		}
	case *parser.Indirection:
		if len(e.Args) == 0 || e.Args[0] == nil {
			c.errorf(e.Pos, "empty indirection {}")
			return func(*frame, Value) {}
		}
		name := c.compileExpr(e.Args[0])
		pos := e.Pos
		return func(fr *frame, v Value) {
			n := name(fr).String()
			th := fr.th
			if i, ok := th.prog.globalIndex[wlex.Fold(n)]; ok {
				th.globals[i] = th.prog.globalTypes[i].convert(v)
				return
			}
			th.fatalf(fr, pos, "indirection: no variable named %q", n)
		}
	}
	c.errorf(e.Position(), "this expression cannot be assigned")
	return func(*frame, Value) {}
}

func isAssignable(e parser.Expr) bool {
	switch e.(type) {
	case *parser.Ident, *parser.Index, *parser.Member, *parser.Substring, *parser.Indirection:
		return true
	}
	return false
}

func evalAll(fr *frame, fns []evalFn) []Value {
	out := make([]Value, len(fns))
	for i, f := range fns {
		out[i] = f(fr)
	}
	return out
}

func (c *compiler) compileIndex(e *parser.Index) evalFn {
	x := c.compileExpr(e.X)
	pos := e.Pos
	if len(e.Indexes) == 1 {
		i := c.compileExpr(e.Indexes[0])
		return func(fr *frame) Value {
			cont, iv := x(fr), i(fr)
			if cont.k == KArray && iv.k == KInt {
				a := cont.r.(*Array)
				if iv.n >= 1 && iv.n <= int64(len(a.items)) && a.dims == nil {
					return a.items[iv.n-1]
				}
			}
			return fr.th.getIndex(fr, pos, cont, []Value{iv})
		}
	}
	idx := c.compileExprs(e.Indexes)
	return func(fr *frame) Value { return fr.th.getIndex(fr, pos, x(fr), evalAll(fr, idx)) }
}

// flatIndex turns 1-based indexes into the position in a's items.
func (th *Thread) flatIndex(fr *frame, pos lexer.Position, a *Array, idx []Value, grow bool) int {
	if len(idx) == 1 {
		i := idx[0].AsInt()
		if i < 1 || (i > int64(len(a.items)) && !grow) {
			th.fatalf(fr, pos, "index %d out of range: the array has %d elements", i, len(a.items))
		}
		return int(i - 1)
	}
	if len(a.dims) != len(idx) {
		th.fatalf(fr, pos, "array has %d dimensions, %d indexes given", max(len(a.dims), 1), len(idx))
	}
	off := 0
	for d, iv := range idx {
		i := iv.AsInt()
		if i < 1 || i > int64(a.dims[d]) {
			th.fatalf(fr, pos, "index %d out of range in dimension %d (size %d)", i, d+1, a.dims[d])
		}
		off = off*a.dims[d] + int(i-1)
	}
	return off
}

func (th *Thread) getIndex(fr *frame, pos lexer.Position, cont Value, idx []Value) Value {
	switch cont.k {
	case KArray:
		a := cont.Array()
		return a.items[th.flatIndex(fr, pos, a, idx, false)]
	case KAssoc:
		return th.assocGet(fr, pos, cont.Assoc(), idx)
	case KString, KBuffer:
		s := cont.String()
		i := int(idx[0].AsInt())
		return Str(substringRunes(s, i, i))
	case KObject:
		if ix, ok := cont.r.(Indexer); ok {
			v, err := ix.Index(th, idx)
			if err != nil {
				th.raise(fr, pos, err)
			}
			return v
		}
	}
	th.fatalf(fr, pos, "%s cannot be indexed", describeKind(cont))
	return Null
}

// Indexer is implemented by objects that x[i] reads and writes.
type Indexer interface {
	Index(th *Thread, idx []Value) (Value, error)
	SetIndex(th *Thread, idx []Value, v Value) error
}

func (th *Thread) setIndex(fr *frame, pos lexer.Position, cont Value, idx []Value, v Value) {
	switch cont.k {
	case KArray:
		a := cont.Array()
		i := th.flatIndex(fr, pos, a, idx, true)
		if i >= len(a.items) {
			// Assigning past the end enlarges a dynamic array.
			n := int64(i + 1 - len(a.items))
			th.alloc(fr, pos, satAdd(a.growCost(n), satMul(n, zeroSize(a.elem))))
			a.Resize(i + 1)
		}
		v = th.listInto(fr, pos, a.elem, v)
		if n := th.copyCost(a.elem, v); n > 0 {
			th.alloc(fr, pos, n)
		}
		a.items[i] = a.elem.convert(v)
		return
	case KAssoc:
		th.assocSet(fr, pos, cont.Assoc(), idx, v)
		return
	case KObject:
		if ix, ok := cont.r.(Indexer); ok {
			if err := ix.SetIndex(th, idx, v); err != nil {
				th.raise(fr, pos, err)
			}
			return
		}
	}
	th.fatalf(fr, pos, "%s cannot be indexed", describeKind(cont))
}

// substringBounds compiles the bounds of a substring into 1-based inclusive rune positions.
func (c *compiler) substringBounds(e *parser.Substring) func(fr *frame, n int) (int, int) {
	var from, to, length evalFn
	if e.From != nil {
		from = c.compileExpr(e.From)
	}
	if e.To != nil {
		to = c.compileExpr(e.To)
	}
	if e.Length != nil {
		length = c.compileExpr(e.Length)
	}
	kind := e.Kind
	return func(fr *frame, n int) (int, int) {
		switch kind {
		case parser.SubChar:
			i := int(from(fr).AsInt())
			return i, i
		case parser.SubRange:
			return int(from(fr).AsInt()), int(to(fr).AsInt())
		case parser.SubFrom:
			return int(from(fr).AsInt()), n
		case parser.SubTo:
			return 1, int(to(fr).AsInt())
		default:
			f := int(from(fr).AsInt())
			return f, f + int(length(fr).AsInt()) - 1
		}
	}
}

func (c *compiler) compileSubstring(e *parser.Substring) evalFn {
	x := c.compileExpr(e.X)
	bounds := c.substringBounds(e)
	return func(fr *frame) Value {
		s := x(fr).String()
		from, to := bounds(fr, utf8.RuneCountInString(s))
		return Str(substringRunes(s, from, to))
	}
}

// substringRunes returns characters from..to (1-based, inclusive), clamped to s.
func substringRunes(s string, from, to int) string {
	if from < 1 {
		from = 1
	}
	if to < from {
		return ""
	}
	i, start, end := 0, -1, len(s)
	for off := range s {
		i++
		if i == from {
			start = off
		}
		if i == to+1 {
			end = off
			break
		}
	}
	if start < 0 {
		return ""
	}
	return s[start:end]
}

// replaceRunes replaces characters from..to (1-based, inclusive) of s by r; positions past
// the end are padded with spaces.
func replaceRunes(s string, from, to int, r string) string {
	rs := []rune(s)
	if from < 1 {
		from = 1
	}
	for len(rs) < from-1 {
		rs = append(rs, ' ')
	}
	if to < from-1 {
		to = from - 1
	}
	if to > len(rs) {
		to = len(rs)
	}
	out := string(rs[:from-1]) + r + string(rs[to:])
	return out
}

func (c *compiler) compileMember(e *parser.Member) evalFn {
	if f := c.classMemberGet(e); f != nil {
		return f
	}
	if f := c.keyOccurrence(e); f != nil {
		return f
	}
	if f := c.compileMemberProperty(e); f != nil {
		return f
	}
	c.checkObjectMember(e.Pos, e.X, e.Name, false)
	x := c.compileExpr(e.X)
	key, name, pos := wlex.Fold(e.Name), e.Name, e.Pos
	fallback := c.lib.builtinAt(key)
	if !e.Legacy {
		return func(fr *frame) Value { return fr.th.getMemberDyn(fr, pos, x(fr), key, name, fallback) }
	}
	return func(fr *frame) Value { return fr.th.getMember(fr, pos, x(fr), key, name, fallback) }
}

func (th *Thread) getMember(fr *frame, pos lexer.Position, x Value, key, name string, fallback *Builtin) Value {
	switch x.k {
	case KObject:
		o := x.Object()
		t := o.ObjectType()
		if p := t.prop(key); p != nil {
			v, err := th.propGet(fr, pos, p, o)
			if err != nil {
				th.raise(fr, pos, err)
			}
			return v
		}
		if m := t.method(key); m != nil {
			v, _ := th.callMethod(fr, pos, x, key, name, nil)
			return v
		}
	case KArray, KAssoc:
		switch key {
		case "occurrence", "count", "nboccurrence":
			if x.k == KArray {
				return Int(int64(x.Array().Len()))
			}
			return Int(int64(x.Assoc().Len()))
		}
	case KDate, KDateTime, KTime:
		if v, ok := dateMember(x, key); ok {
			return v
		}
	case KDuration:
		if v, ok := durationMember(x.n, key); ok {
			return v
		}
	}
	if fallback != nil {
		// x.F without parentheses is F(x): F must take one parameter.
		if fallback.MinArgs > 1 || fallback.MaxArgs == 0 {
			th.fatalf(fr, pos, "%s: wrong number of parameters: 1 given, %s expected", fallback.Names[0], arity(fallback))
		}
		args := th.allocSlots(1)
		args[0] = x
		return th.invoke(fr, pos, fallback, args)
	}
	th.fatalf(fr, pos, "unknown property %s for %s", name, describeKind(x))
	return Null
}

func dateMember(x Value, key string) (Value, bool) {
	t := x.GoTime()
	switch key {
	case "jour", "day":
		if x.k != KTime {
			return Int(int64(t.Day())), true
		}
	case "mois", "month":
		if x.k != KTime {
			return Int(int64(t.Month())), true
		}
	case "annee", "year":
		if x.k != KTime {
			return Int(int64(t.Year())), true
		}
	case "heure", "hour":
		if x.k != KDate {
			return Int(int64(t.Hour())), true
		}
	case "minute":
		if x.k != KDate {
			return Int(int64(t.Minute())), true
		}
	case "seconde", "second":
		if x.k != KDate {
			return Int(int64(t.Second())), true
		}
	case "milliseconde", "millisecond":
		if x.k != KDate {
			return Int(int64(t.Nanosecond() / 1e6)), true
		}
	case "partiedate", "datepart":
		if x.k == KDateTime {
			return dateValue(x.n / msPerDay), true
		}
	case "partieheure", "timepart":
		if x.k == KDateTime {
			return TimeOfDay(x.n % msPerDay), true
		}
	}
	return Null, false
}

func (th *Thread) setMember(fr *frame, pos lexer.Position, x Value, key, name string, v Value) {
	if x.k == KObject {
		o := x.Object()
		if p := o.ObjectType().prop(key); p != nil {
			if p.Set == nil {
				th.fatalf(fr, pos, "property %s of %s is read-only", name, o.ObjectType().Name)
			}
			if err := th.propSet(fr, pos, p, o, v); err != nil {
				th.raise(fr, pos, err)
			}
			return
		}
	}
	th.fatalf(fr, pos, "unknown property %s for %s", name, describeKind(x))
}

// withDateMember returns a date, time or datetime with one part changed (dh.Minute = 61):
// out-of-range parts carry into the next ones, as adding to them does in WINDEV.
func withDateMember(x Value, key string, v Value) (Value, bool) {
	if x.k != KDate && x.k != KDateTime && x.k != KTime {
		return Null, false
	}
	t := x.GoTime()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	ms := t.Nanosecond() / 1e6
	n := int(v.AsInt())
	switch key {
	case "jour", "day":
		d = n
	case "mois", "month":
		mo = time.Month(n)
	case "annee", "year":
		y = n
	case "heure", "hour":
		h = n
	case "minute":
		mi = n
	case "seconde", "second":
		s = n
	case "milliseconde", "millisecond":
		ms = n
	default:
		return Null, false
	}
	nt := time.Date(y, mo, d, h, mi, s, ms*1e6, t.Location())
	switch x.k {
	case KDate:
		return DateOf(nt.Year(), nt.Month(), nt.Day()), true
	case KTime:
		sod := int64(nt.Hour())*3600000 + int64(nt.Minute())*60000 + int64(nt.Second())*1000 + int64(nt.Nanosecond()/1e6)
		return TimeOfDay(sod), true
	}
	return DateTimeOf(nt), true
}

// durationMember reads a durée's members: its length in a unit (EnMinutes / InMinutes...,
// a whole number when it divides evenly) or one component (Jour, Heure, Minute, Seconde,
// Milliseconde: 1 h 30 min has Heure 1 and Minute 30).
func durationMember(ms int64, key string) (Value, bool) {
	in := func(unit int64) Value {
		if ms%unit == 0 {
			return Int(ms / unit)
		}
		return Real(float64(ms) / float64(unit))
	}
	switch key {
	case "enjours", "indays":
		return in(msPerDay), true
	case "enheures", "inhours":
		return in(3600000), true
	case "enminutes", "inminutes":
		return in(60000), true
	case "ensecondes", "inseconds":
		return in(1000), true
	case "enmillisecondes", "inmilliseconds":
		return Int(ms), true
	case "jour", "day":
		return Int(ms / msPerDay), true
	case "heure", "hour":
		return Int(ms % msPerDay / 3600000), true
	case "minute":
		return Int(ms % 3600000 / 60000), true
	case "seconde", "second":
		return Int(ms % 60000 / 1000), true
	case "milliseconde", "millisecond":
		return Int(ms % 1000), true
	}
	return Null, false
}

// propGet reads a library object's property at pos: what its Get charges with Alloc, and
// a resource limit it reaches (a message read when its member is first used), belong to
// that access, as for a builtin call.
func (th *Thread) propGet(fr *frame, pos lexer.Position, p *Property, o Object) (Value, error) {
	savedPos, savedFr, pending := th.callPos, th.callFr, th.mem.pending
	th.callPos, th.callFr = pos, fr
	v, err := p.Get(th, o)
	th.callPos, th.callFr, th.mem.pending = savedPos, savedFr, pending
	return v, err
}

// propSet writes a library object's property at pos, as propGet reads one.
func (th *Thread) propSet(fr *frame, pos lexer.Position, p *Property, o Object, v Value) error {
	savedPos, savedFr, pending := th.callPos, th.callFr, th.mem.pending
	th.callPos, th.callFr = pos, fr
	err := p.Set(th, o, v)
	th.callPos, th.callFr, th.mem.pending = savedPos, savedFr, pending
	return err
}
