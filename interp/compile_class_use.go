package interp

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// The functions below are called first by the compiler's general functions (compileIdent,
// compileSetter, compileCall...): they compile the uses of structures and classes and
// return nil when e is not one.

// classIdent compiles a name inside a method (the current object, a member, a GLOBAL member,
// a constant of the class) or `Classe::membre`.
func (c *compiler) classIdent(e *parser.Ident) evalFn {
	if c.cls == nil {
		return nil
	}
	if c.inMethod() && isSelfName(e.Name) && (wlex.Fold(e.Name) == selfName || !c.isLocal(e.Name)) {
		return c.selfLoad()
	}
	if c.inMethod() && !c.isLocal(e.Name) {
		if i, ok := c.cls.cur.fieldIdx[wlex.Fold(e.Name)]; ok {
			f := c.cls.cur.fields[i]
			c.checkAccess(e.Pos, f.name, f.access, f.owner)
			return c.fieldGet(e.Pos, c.selfLoad(), c.cls.cur, i)
		}
	}
	if c.cls.cur != nil && c.isLocal(e.Name) {
		return nil
	}
	if v := c.staticVar(e.Name); v != nil {
		if f := c.cls.statics[v]; f != nil {
			c.checkAccess(e.Pos, e.Name, f.access, f.owner)
		}
		return loadVar(v, 0)
	}
	if v, ok := c.classConst(e.Name); ok {
		return constFn(v)
	}
	if strings.Contains(e.Name, "::") {
		return c.unknownName(e.Pos, e.Name)
	}
	return nil
}

// classSetter compiles an assignment to a member named alone inside a method, or to a
// GLOBAL member.
func (c *compiler) classSetter(e *parser.Ident) setFn {
	if c.cls == nil {
		return nil
	}
	if c.inMethod() && !c.isLocal(e.Name) {
		if i, ok := c.cls.cur.fieldIdx[wlex.Fold(e.Name)]; ok {
			f := c.cls.cur.fields[i]
			c.checkAccess(e.Pos, f.name, f.access, f.owner)
			return c.fieldSet(e.Pos, c.selfLoad(), c.cls.cur, i)
		}
	}
	if c.cls.cur != nil && c.isLocal(e.Name) {
		return nil
	}
	if v := c.staticVar(e.Name); v != nil {
		if f := c.cls.statics[v]; f != nil {
			c.checkAccess(e.Pos, e.Name, f.access, f.owner)
		}
		return c.storeVar(v, 0, e.Pos)
	}
	return nil
}

func (c *compiler) fieldGet(pos lexer.Position, recv evalFn, ci *classInfo, i int) evalFn {
	return func(fr *frame) Value {
		x := recv(fr)
		if o, ok := x.r.(*instance); ok && x.k == KObject && (o.cls == ci || o.cls.derives(ci)) {
			return o.fields[i]
		}
		return fr.th.instanceOf(fr, pos, x, ci).fields[i]
	}
}

func (c *compiler) fieldSet(pos lexer.Position, recv evalFn, ci *classInfo, i int) setFn {
	t := ci.fields[i].typ
	conv := converter(t)
	if !takesList(t) {
		return func(fr *frame, v Value) {
			x := recv(fr)
			o, ok := x.r.(*instance)
			if !ok || x.k != KObject || !o.cls.derives(ci) {
				o = fr.th.instanceOf(fr, pos, x, ci)
			}
			o.fields[i] = conv(v)
		}
	}
	return func(fr *frame, v Value) {
		x := recv(fr)
		o, ok := x.r.(*instance)
		if !ok || x.k != KObject || !o.cls.derives(ci) {
			o = fr.th.instanceOf(fr, pos, x, ci)
		}
		o.fields[i] = conv(fr.th.listInto(fr, pos, t, v))
	}
}

// memberOf resolves x.name / x:name when x's class is known at compile time. found is false
// when the class has no such member (the caller reports it).
func (c *compiler) memberOf(e *parser.Member) (ci *classInfo, idx int, static *varInfo, cv Value, isConst, found bool) {
	ci, _ = c.staticClass(e.X)
	if ci == nil {
		return nil, 0, nil, Null, false, false
	}
	key := wlex.Fold(e.Name)
	if i, ok := ci.fieldIdx[key]; ok {
		f := ci.fields[i]
		c.checkAccess(e.Pos, f.name, f.access, f.owner)
		return ci, i, nil, Null, false, true
	}
	for b := ci; b != nil; b = b.base {
		if v, ok := b.statics[key]; ok {
			return ci, -1, v, Null, false, true
		}
		if v, ok := b.consts[key]; ok {
			return ci, -1, nil, v, true, true
		}
	}
	return ci, -1, nil, Null, false, false
}

// classMemberGet compiles a read of a member of a structure or class instance.
func (c *compiler) classMemberGet(e *parser.Member) evalFn {
	if c.cls == nil {
		return nil
	}
	ci, i, sv, cv, isConst, found := c.memberOf(e)
	switch {
	case ci == nil:
		return nil
	case !found:
		if _, ok := ci.methods[wlex.Fold(e.Name)]; ok {
			return c.classMethodCall(&parser.Call{Pos: e.Pos, Fn: e}, e)
		}
		if _, ok := c.lib.funcOf(wlex.Fold(e.Name)); ok {
			return nil
		}
		c.errorf(e.Pos, "%s %s has no member %s", ci.kindName(), ci.name, e.Name)
		return constFn(Null)
	case isConst:
		return constFn(cv)
	case sv != nil:
		return loadVar(sv, 0)
	}
	return c.fieldGet(e.Pos, c.compileExpr(e.X), ci, i)
}

// classMemberSet compiles an assignment to a member of a structure or class instance.
func (c *compiler) classMemberSet(e *parser.Member) setFn {
	if c.cls == nil {
		return nil
	}
	ci, i, sv, _, isConst, found := c.memberOf(e)
	switch {
	case ci == nil:
		return nil
	case !found:
		c.errorf(e.Pos, "%s %s has no member %s", ci.kindName(), ci.name, e.Name)
		return func(*frame, Value) {}
	case isConst:
		c.errorf(e.Pos, "%s is a constant: it cannot be assigned", e.Name)
		return func(*frame, Value) {}
	case sv != nil:
		return c.storeVar(sv, 0, e.Pos)
	}
	recv := c.compileExpr
	if _, ok := e.X.(*parser.Index); ok {
		// ta["k"].Membre = v: an associative array's missing element is created first.
		recv = c.compileContainer
	}
	return c.fieldSet(e.Pos, recv(e.X), ci, i)
}

// classCall compiles `Classe::Méthode(args)` and, inside a method, `Méthode(args)` naming a
// method of the class.
func (c *compiler) classCall(e *parser.Call, fn *parser.Ident) evalFn {
	if c.cls == nil {
		return nil
	}
	name := fn.Name
	if i := strings.Index(name, "::"); i > 0 {
		cname, mname := name[:i], name[i+2:]
		ci := c.cls.byName[wlex.Fold(cname)]
		if isAncestorName(cname) && c.cls.cur != nil {
			ci = c.cls.cur.base
		}
		if ci == nil {
			c.errorf(fn.Pos, "unknown class %s", cname)
			return constFn(Null)
		}
		m := ci.methods[wlex.Fold(mname)]
		if m == nil {
			c.errorf(fn.Pos, "%s %s has no method %s", ci.kindName(), ci.name, mname)
			return constFn(Null)
		}
		c.checkAccess(fn.Pos, mname, m.access, m.owner)
		if m.global {
			return c.userCall(e.Pos, m.proc, -1, e.Args)
		}
		if !c.inMethod() || !c.cls.cur.derives(ci) {
			c.errorf(fn.Pos, "%s::%s needs an object: call it on an instance", ci.name, mname)
			return constFn(Null)
		}
		// Ancestor::Method(): the ancestor's implementation, on the current object.
		return c.methodCall(e.Pos, exprOperand(c.selfLoad()), m, e.Args, false)
	}
	if c.cls.cur == nil || c.isLocal(name) {
		return nil
	}
	if p, up := c.lookupProc(name); p != nil && up >= 0 {
		return nil
	}
	m := c.cls.cur.methods[wlex.Fold(name)]
	if m == nil {
		return nil
	}
	if m.global {
		return c.userCall(e.Pos, m.proc, -1, e.Args)
	}
	if !c.inMethod() {
		c.errorf(fn.Pos, "%s needs an object: a GLOBAL method has none", name)
		return constFn(Null)
	}
	return c.methodCall(e.Pos, exprOperand(c.selfLoad()), m, e.Args, true)
}

// classMethodCall compiles o.M(args) / o:M(args) when o's class is known at compile time,
// and Ancêtre:M(args) / Ancestor.M(args) inside a method.
func (c *compiler) classMethodCall(e *parser.Call, mem *parser.Member) evalFn {
	if c.cls == nil {
		return nil
	}
	key := wlex.Fold(mem.Name)
	if id, ok := mem.X.(*parser.Ident); ok && isAncestorName(id.Name) && c.inMethod() && !c.isLocal(id.Name) {
		base := c.cls.cur.base
		if base == nil {
			c.errorf(id.Pos, "class %s has no ancestor", c.cls.cur.name)
			return constFn(Null)
		}
		if key == "constructeur" || key == "constructor" {
			return c.baseCtorCall(e.Pos, e.Args)
		}
		m := base.methods[key]
		if m == nil {
			c.errorf(mem.Pos, "class %s has no method %s", base.name, mem.Name)
			return constFn(Null)
		}
		c.checkAccess(mem.Pos, mem.Name, m.access, m.owner)
		if m.global {
			return c.userCall(e.Pos, m.proc, -1, e.Args)
		}
		return c.methodCall(e.Pos, exprOperand(c.selfLoad()), m, e.Args, false)
	}
	ci, _ := c.staticClass(mem.X)
	if ci == nil {
		return nil
	}
	m := ci.methods[key]
	if m == nil {
		if _, ok := c.lib.funcOf(key); ok {
			return nil
		}
		if _, ok := ci.fieldIdx[key]; ok {
			return nil
		}
		c.errorf(mem.Pos, "%s %s has no method %s", ci.kindName(), ci.name, mem.Name)
		return constFn(Null)
	}
	c.checkAccess(mem.Pos, mem.Name, m.access, m.owner)
	if m.global {
		return c.userCall(e.Pos, m.proc, -1, e.Args)
	}
	return c.methodCall(e.Pos, c.compileOperand(mem.X), m, e.Args, true)
}

// methodCall compiles a call of method m on the object recv evaluates to (read directly when
// it is a variable): virtual picks the implementation of the object's class. It follows
// userCall: the object is the hidden first parameter.
func (c *compiler) methodCall(pos lexer.Position, recv operand, m *methodInfo, args []parser.Expr, virtual bool) evalFn {
	fns := c.argFns(args)
	outs := make([]setFn, len(args))
	for i, a := range args {
		if id, ok := a.(*parser.Ident); ok {
			if v, depth := c.lookupVar(id.Name); v != nil && !v.isConst {
				outs[i] = c.storeVar(v, depth, id.Pos)
			}
		}
	}
	if max := len(m.def.Params); len(args) > max {
		c.errorf(pos, "%s expects at most %d parameters, got %d", m.proc.Name, max, len(args))
	}
	owner, slot := m.owner, m.slot
	static := m.proc
	cs := &callSite{fns: fns, outs: outs, pos: pos, off: 1}
	missing := false
	for _, a := range fns {
		missing = missing || a == nil
	}
	rfn, rslot, rglobal := recv.fn, recv.slot, recv.global
	two := len(fns) == 2 && !missing
	var a0, a1 evalFn
	if two {
		a0, a1 = fns[0], fns[1]
	}
	return func(fr *frame) Value {
		th := fr.th
		var self Value
		switch {
		case rslot >= 0:
			self = fr.slots[rslot]
		case rglobal >= 0:
			self = th.globals[rglobal]
		default:
			self = rfn(fr)
		}
		o, ok := self.r.(*instance)
		if !ok || self.k != KObject {
			o = th.instanceOf(fr, pos, self, owner)
		}
		p := static
		if virtual {
			p = o.cls.vtable[slot]
		}
		// The slots are taken inline from the current chunk when they fit (else procSlots);
		// the object's is written at once, the others zeroed.
		var slots []Value
		if sp, n := th.sp, p.nslots; sp+n <= len(th.chunk) && !p.heapFrame {
			slots = th.chunk[sp : sp+n : sp+n]
			slots[0] = self
			for i := 1; i < n; i++ {
				slots[i] = Value{}
			}
			th.sp = sp + n
		} else {
			slots = th.procSlots(p)
			slots[0] = self
		}
		if two {
			// Two arguments, the most frequent, without the loop.
			v := a0(fr)
			if prm := p.params[1]; !prm.takes(v) {
				v = prm.bind(v)
			}
			slots[1] = v
			v = a1(fr)
			if prm := p.params[2]; !prm.takes(v) {
				v = prm.bind(v)
			}
			slots[2] = v
			return th.runCall(fr, p, nil, slots, cs, false)
		}
		for i, a := range fns {
			if a != nil {
				v := a(fr)
				if prm := p.params[i+1]; !prm.takes(v) {
					v = prm.bind(v)
				}
				slots[i+1] = v
			}
		}
		return th.runCall(fr, p, nil, slots, cs, missing)
	}
}

// baseCtorCall compiles the call of the ancestor's constructor from a constructor.
func (c *compiler) baseCtorCall(pos lexer.Position, args []parser.Expr) evalFn {
	cur := c.cls.cur
	m := c.cls.curMethod
	if m == nil || cur.ctor != m || cur.base == nil {
		c.errorf(pos, "the ancestor's constructor is called from the constructor of a derived class")
		return constFn(Null)
	}
	cur.ctorCallsBase = true
	base := cur.base
	c.checkCtorArity(pos, base, len(args))
	self := c.selfLoad()
	fns := c.argFns(args)
	return func(fr *frame) Value {
		fr.th.construct(fr, pos, base, self(fr), evalAll(fr, fns))
		return Null
	}
}

// checkCtorArity reports at compile time a constructor called with too many or too few
// arguments.
func (c *compiler) checkCtorArity(pos lexer.Position, ci *classInfo, n int) {
	for ci.ctor == nil && ci.base != nil {
		ci = ci.base
	}
	if ci.ctor == nil {
		if n > 0 {
			c.errorf(pos, "class %s has no constructor: it takes no parameters (%d given)", ci.name, n)
		}
		return
	}
	prms := ci.ctor.def.Params
	if n > len(prms) || n < requiredParams(prms) {
		c.errorf(pos, "the constructor of %s expects %s parameters, got %d", ci.name, ctorArity(prms), n)
	}
}

func ctorArity(prms []*parser.Param) string {
	lo, hi := requiredParams(prms), len(prms)
	if lo == hi {
		return itoa(hi)
	}
	return itoa(lo) + " to " + itoa(hi)
}

// classDecl compiles `o est un MaClasse[(args)]`: a new instance whose constructor runs.
func (c *compiler) classDecl(s *parser.DeclStmt) execFn {
	if c.cls == nil {
		return nil
	}
	if s.Value != nil {
		return c.classDeclList(s)
	}
	ref, ok := s.Type.(*parser.TypeRef)
	if !ok || ref == nil {
		return nil
	}
	t := c.classType(ref)
	ci, dyn := c.cls.classOfType(t)
	if ci == nil {
		return nil
	}
	if dyn {
		if ref.HasArgs {
			c.errorf(ref.Pos, "a dynamic object is created by allouer/new: no constructor arguments here")
		}
		return nil
	}
	c.checkCtorArity(ref.Pos, ci, len(ref.Args))
	fns := c.argFns(ref.Args)
	var sets []setFn
	for _, n := range s.Names {
		c.checkVarName(n, s.Pos)
		v := c.declareLocal(n, t, s.Pos)
		sets = append(sets, c.storeVar(v, 0, s.Pos))
	}
	pos := ref.Pos
	return func(fr *frame) ctl {
		for _, set := range sets {
			set(fr, fr.th.newInstance(fr, pos, ci, evalAll(fr, fns)))
		}
		return ctlNext
	}
}

// classExpr compiles the expressions of structures and classes.
func (c *compiler) classExpr(e parser.Expr) evalFn {
	switch e := e.(type) {
	case *parser.NewExpr:
		var ci *classInfo
		if c.cls != nil {
			ci = c.cls.byName[wlex.Fold(e.Class)]
		}
		if ci == nil {
			c.errorf(e.Pos, "unknown class %s", e.Class)
			return constFn(Null)
		}
		c.checkCtorArity(e.Pos, ci, len(e.Args))
		fns := c.argFns(e.Args)
		pos := e.Pos
		return func(fr *frame) Value { return fr.th.newInstance(fr, pos, ci, evalAll(fr, fns)) }
	case *parser.SelectExpr:
		return c.compileSelectExpr(e)
	}
	return nil
}

// classStmt compiles the statements of structures and classes.
func (c *compiler) classStmt(s parser.Stmt) execFn {
	switch s := s.(type) {
	case *parser.ClassDecl:
		// Declared before compilation (declareClasses).
		return nil
	case *parser.FreeStmt:
		get := c.compileExpr(s.Target)
		var set setFn
		if isAssignable(s.Target) {
			set = c.compileSetter(s.Target)
		}
		pos := s.Pos
		return func(fr *frame) ctl {
			v := get(fr)
			if v.k == KNull {
				fr.th.fatalf(fr, pos, "libérer/delete: the object is already Null")
			}
			fr.th.destroy(fr, pos, v)
			if set != nil {
				set(fr, Null)
			}
			return ctlNext
		}
	case *parser.BaseCtorStmt:
		if c.cls == nil || c.cls.cur == nil || c.cls.cur.base == nil ||
			wlex.Fold(s.Class) != wlex.Fold(c.cls.cur.base.name) {
			c.errorf(s.Pos, "Constructeur %s: only the constructor of a class derived from %s may call it", s.Class, s.Class)
			return nil
		}
		call := c.baseCtorCall(s.Pos, s.Args)
		return func(fr *frame) ctl {
			call(fr)
			return ctlNext
		}
	}
	return nil
}

// classDeclList compiles `o est un MaClasse = [v1, v2, ...]`: the object is constructed as
// a declaration without value constructs it (the constructor runs without arguments), then
// the list gives its members their values in order (classInfo.fillFromList). nil for any
// other declaration with a value (structures included: a structure has no constructor and
// takes the list as an assignment does).
func (c *compiler) classDeclList(s *parser.DeclStmt) execFn {
	list, ok := s.Value.(*parser.ListLit)
	if !ok {
		return nil
	}
	ref, ok := s.Type.(*parser.TypeRef)
	if !ok || ref == nil {
		return nil
	}
	t := c.classType(ref)
	ci, dyn := c.cls.classOfType(t)
	if ci == nil || dyn || ci.isStruct {
		return nil
	}
	c.checkCtorArity(ref.Pos, ci, len(ref.Args))
	fns := c.argFns(ref.Args)
	val := c.compileExpr(list)
	var sets []setFn
	for _, n := range s.Names {
		c.checkVarName(n, s.Pos)
		v := c.declareLocal(n, t, s.Pos)
		sets = append(sets, c.storeVarFn(v, 0))
	}
	pos, lpos := ref.Pos, list.Pos
	return func(fr *frame) ctl {
		for _, set := range sets {
			o := fr.th.newInstance(fr, pos, ci, evalAll(fr, fns))
			lv := val(fr)
			if err := ci.fillFromList(o.r.(*instance), lv.Array(), 0); err != nil {
				fr.th.fatalf(fr, lpos, "%v", err)
			}
			set(fr, o)
		}
		return ctlNext
	}
}
