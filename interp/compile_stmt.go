package interp

import (
	"strings"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

func (c *compiler) compileBlock(b *parser.Block) execFn {
	if b == nil {
		return func(*frame) ctl { return ctlNext }
	}
	c.declareInternalProcs(b)
	var stmts []execFn
	body := b.Stmts
	last, endsWithReturn := lastReturn(body)
	if endsWithReturn {
		body = body[:len(body)-1]
	}
	for _, s := range body {
		if fn := c.compileStmt(s); fn != nil {
			stmts = append(stmts, fn)
		}
	}
	if endsWithReturn {
		return c.returningBlock(stmts, last)
	}
	switch len(stmts) {
	case 0:
		return func(*frame) ctl { return ctlNext }
	case 1:
		return stmts[0]
	case 2:
		a, b := stmts[0], stmts[1]
		return func(fr *frame) ctl {
			if r := a(fr); r != ctlNext {
				return r
			}
			return b(fr)
		}
	}
	return func(fr *frame) ctl {
		for _, s := range stmts {
			if r := s(fr); r != ctlNext {
				return r
			}
		}
		return ctlNext
	}
}

// lastReturn is the RENVOYER with a value that ends a block of several statements.
func lastReturn(stmts []parser.Stmt) (*parser.ReturnStmt, bool) {
	if len(stmts) < 2 {
		return nil, false
	}
	r, ok := stmts[len(stmts)-1].(*parser.ReturnStmt)
	return r, ok && r.Value != nil
}

// returningBlock compiles a block whose statements stmts are followed by RENVOYER r (the
// body of most procedures): the block returns in its own closure, one indirect call less
// each time it runs. r's value is compiled at the level compileStmt would give it.
func (c *compiler) returningBlock(stmts []execFn, r *parser.ReturnStmt) execFn {
	c.enterNode()
	val := c.compileExpr(r.Value)
	c.leaveNode()
	if len(stmts) == 1 {
		a := stmts[0]
		return func(fr *frame) ctl {
			if r := a(fr); r != ctlNext {
				return r
			}
			fr.ret = val(fr)
			return ctlReturn
		}
	}
	return func(fr *frame) ctl {
		for _, s := range stmts {
			if r := s(fr); r != ctlNext {
				return r
			}
		}
		fr.ret = val(fr)
		return ctlReturn
	}
}

// declareInternalProcs makes the internal procedures of a block callable from anywhere in
// the enclosing process, before their declaration too.
func (c *compiler) declareInternalProcs(b *parser.Block) {
	for _, s := range b.Stmts {
		ip, ok := s.(*parser.InternalProc)
		if !ok {
			continue
		}
		key := wlex.Fold(ip.Name)
		if c.sc == nil {
			if _, exists := c.procs[key]; exists {
				continue
			}
			p := &Proc{Name: ip.Name, Pos: ip.Pos, required: requiredParams(ip.Params)}
			c.procs[key] = p
			continue
		}
		if _, exists := c.sc.procs[key]; !exists {
			c.sc.procs[key] = &Proc{Name: ip.Name, Pos: ip.Pos, required: requiredParams(ip.Params)}
		}
	}
}

func (c *compiler) compileStmt(s parser.Stmt) execFn {
	c.enterNode()
	defer c.leaveNode()
	return c.compileStmtNode(s)
}

func (c *compiler) compileStmtNode(s parser.Stmt) execFn {
	switch s := s.(type) {
	case *parser.SimpleStmt:
		return c.compileSimple(s)
	case *parser.DeclStmt:
		return c.compileDecl(s)
	case *parser.IfStmt:
		return c.compileIf(s)
	case *parser.ForStmt:
		return c.compileFor(s)
	case *parser.ForEachStmt:
		return c.compileForEach(s)
	case *parser.ForEachStringStmt:
		return c.compileForEachString(s)
	case *parser.WhileStmt:
		return c.compileWhile(s)
	case *parser.LoopStmt:
		return c.compileLoop(s)
	case *parser.SwitchStmt:
		return c.compileSwitch(s)
	case *parser.ReturnStmt:
		return c.compileReturn(s)
	case *parser.BreakStmt:
		if c.loopDepth() == 0 {
			c.errorf(s.Pos, "SORTIR/BREAK outside a loop")
		}
		return func(*frame) ctl { return ctlBreak }
	case *parser.ContinueStmt:
		if c.loopDepth() == 0 {
			c.errorf(s.Pos, "CONTINUER/CONTINUE outside a loop")
		}
		return func(*frame) ctl { return ctlContinue }
	case *parser.SectionStmt:
		c.inGlobalSection = s.Global
		return nil
	case *parser.ConstStmt:
		return c.compileConst(s)
	case *parser.LetStmt:
		return c.compileLet(s)
	case *parser.WhenExceptionStmt:
		return c.compileWhenException(s)
	case *parser.ExternStmt:
		if s.Included == nil {
			c.errorf(s.Pos, "EXTERN %q was not loaded", s.Path)
			return nil
		}
		return c.compileBlock(s.Included.Main.Block)
	case *parser.InternalProc:
		return c.compileInternalProc(s)
	case *parser.UsingStmt:
		body := c.compileBlock(s.Body)
		return body
	case *parser.CompileIf:
		return c.compileCompileIf(s)
	}
	return c.classStmt(s)
}

// loops counts loops in main code (which has no scope).
func (c *compiler) loopDepth() int {
	if c.sc == nil {
		return c.mainLoops
	}
	return c.sc.loops
}

func (c *compiler) enterLoop() {
	if c.sc == nil {
		c.mainLoops++
	} else {
		c.sc.loops++
	}
}

func (c *compiler) leaveLoop() {
	if c.sc == nil {
		c.mainLoops--
	} else {
		c.sc.loops--
	}
}

func (c *compiler) compileInternalProc(s *parser.InternalProc) execFn {
	key := wlex.Fold(s.Name)
	var p *Proc
	if c.sc == nil {
		p = c.procs[key]
	} else {
		p = c.sc.procs[key]
	}
	if c.sc != nil {
		c.sc.proc.heapFrame = true
	}
	c.compileProcParts(p, s.Params, s.Result, s.Body, nil, c.sc)
	return nil
}

func (c *compiler) compileSimple(s *parser.SimpleStmt) execFn {
	switch a := s.Action.(type) {
	case *parser.ExprAction:
		return c.compileExprStmt(a)
	case *parser.Assign:
		return c.compileAssign(a)
	}
	return nil
}

func (c *compiler) compileExprStmt(a *parser.ExprAction) execFn {
	if f := c.copyStmt(a); f != nil {
		return f
	}
	fn := c.compileExpr(a.X)
	return func(fr *frame) ctl {
		fn(fr)
		return ctlNext
	}
}

// compileExchange compiles `a <=> b`: the two variables (elements, members) exchange their
// values, each converted to the other's type as an assignment would.
func (c *compiler) compileExchange(a *parser.Assign) execFn {
	for _, t := range a.Targets {
		if !isAssignable(t) {
			c.errorf(t.Position(), "<=> exchanges two variables: this side cannot be assigned")
			return func(*frame) ctl { return ctlNext }
		}
	}
	getA, getB := c.compileExpr(a.Targets[0]), c.compileExpr(a.Targets[1])
	setA, setB := c.compileSetter(a.Targets[0]), c.compileSetter(a.Targets[1])
	return func(fr *frame) ctl {
		va, vb := getA(fr), getB(fr)
		setA(fr, vb)
		setB(fr, va)
		return ctlNext
	}
}

func (c *compiler) compileAssign(a *parser.Assign) execFn {
	pos := a.Pos
	if a.Op == "<=>" {
		return c.compileExchange(a)
	}
	if len(a.Targets) > 1 {
		if a.Op != "=" {
			c.errorf(pos, "%s cannot assign several variables", a.Op)
		}
		sets := make([]setFn, len(a.Targets))
		for i, t := range a.Targets {
			sets[i] = c.compileSetter(t)
		}
		val := c.compileExpr(a.Value)
		return func(fr *frame) ctl {
			v := val(fr)
			vs := v.Tuple()
			if v.k != KTuple {
				vs = []Value{v}
			}
			for i, set := range sets {
				if i < len(vs) {
					set(fr, vs[i])
				}
			}
			return ctlNext
		}
	}
	target := a.Targets[0]
	if a.Op == "=" {
		set := c.arrayRefSetter(target)
		if set == nil {
			set = c.compileSetter(target)
		}
		val := c.compileExpr(a.Value)
		return func(fr *frame) ctl {
			set(fr, val(fr))
			return ctlNext
		}
	}
	switch a.Op {
	case "++", "--":
		delta := int64(1)
		if a.Op == "--" {
			delta = -1
		}
		if fast := c.fastIncrement(target, delta); fast != nil {
			return fast
		}
	case "+=":
		if !hasSeparator(flattenPlus(a.Value)) {
			if fast := c.fastAddAssign(target, a.Value); fast != nil {
				return fast
			}
		}
	}
	return c.compileUpdate(target, c.updater(a))
}

// updater compiles what a compound assignment does to the current value.
func (c *compiler) updater(a *parser.Assign) func(fr *frame, cur Value) Value {
	pos := a.Pos
	switch a.Op {
	case "++", "--":
		delta := int64(1)
		if a.Op == "--" {
			delta = -1
		}
		return func(fr *frame, v Value) Value {
			if v.k == KInt {
				return Int(v.n + delta)
			}
			r, ok := opAdd(v.ToNumber(), Int(delta))
			if !ok {
				fr.th.fatalf(fr, pos, "cannot increment a value of type %s", v.k)
			}
			return r
		}
	}
	if a.Op == "+=" {
		if chain := flattenPlus(a.Value); hasSeparator(chain) {
			parts := c.sepParts(chain)
			return func(fr *frame, cur Value) Value { return sepConcat(fr, pos, cur, true, parts) }
		}
	}
	val := c.compileExpr(a.Value)
	op := a.Op[0]
	return func(fr *frame, x Value) Value {
		y := val(fr)
		var r Value
		var ok bool
		switch op {
		case '+':
			r, ok = fr.th.add(fr, pos, x, y)
		case '-':
			r, ok = opSub(x, y)
		default:
			r, ok = arith(op, x, y)
		}
		if !ok {
			fr.th.arithError(fr, pos, op, x, y)
		}
		return r
	}
}

// compileUpdate compiles target = update(target), evaluating the target's container and
// indexes once (t[f()]++ calls f once).
func (c *compiler) compileUpdate(target parser.Expr, update func(*frame, Value) Value) execFn {
	switch t := target.(type) {
	case *parser.Index:
		x := c.compileExpr(t.X)
		idx := c.compileExprs(t.Indexes)
		pos := t.Pos
		return func(fr *frame) ctl {
			cont := x(fr)
			iv := evalAll(fr, idx)
			cur := fr.th.getIndex(fr, pos, cont, iv)
			fr.th.setIndex(fr, pos, cont, iv, update(fr, cur))
			return ctlNext
		}
	case *parser.Member:
		x := c.compileExpr
		if _, ok := t.X.(*parser.Index); ok {
			// ta["k"].N++: an associative array's missing element is created first.
			x = c.compileContainer
		}
		obj := x(t.X)
		key, name, pos := wlex.Fold(t.Name), t.Name, t.Pos
		fallback := c.lib.builtinAt(key)
		var setX setFn
		if isAssignable(t.X) {
			setX = c.compileSetter(t.X)
		}
		return func(fr *frame) ctl {
			obj := obj(fr)
			cur := fr.th.getMember(fr, pos, obj, key, name, fallback)
			nv := update(fr, cur)
			if setX != nil {
				if d, ok := withDateMember(obj, key, nv); ok {
					setX(fr, d)
					return ctlNext
				}
			}
			fr.th.setMember(fr, pos, obj, key, name, nv)
			return ctlNext
		}
	}
	get := c.compileExpr(target)
	set := c.compileSetter(target)
	return func(fr *frame) ctl {
		set(fr, update(fr, get(fr)))
		return ctlNext
	}
}

// localSlot returns the variable of a plain identifier target in the current procedure.
func (c *compiler) localVar(e parser.Expr) (*varInfo, bool) {
	id, ok := e.(*parser.Ident)
	if !ok {
		return nil, false
	}
	v, depth := c.lookupVar(id.Name)
	if v == nil || v.isConst || depth != 0 {
		return nil, false
	}
	return v, true
}

// fastIncrement compiles x++ for an integer variable.
func (c *compiler) fastIncrement(target parser.Expr, delta int64) execFn {
	v, ok := c.localVar(target)
	if !ok || v.typ == nil || v.typ.Kind != KInt || (v.typ.Bits != 64 && v.typ.Bits != 32) || v.typ.Unsig {
		return nil
	}
	if v.param != nil {
		v.param.writes = true
	}
	slot, bits := v.slot, v.typ.Bits
	if v.global {
		return func(fr *frame) ctl {
			g := &fr.th.globals[slot]
			g.n = wrapInt(g.n+delta, bits, false)
			g.k = KInt
			return ctlNext
		}
	}
	return func(fr *frame) ctl {
		s := &fr.slots[slot]
		s.n = wrapInt(s.n+delta, bits, false)
		s.k = KInt
		return ctlNext
	}
}

// fastAddAssign compiles x += e for integer and string variables.
func (c *compiler) fastAddAssign(target, value parser.Expr) execFn {
	v, ok := c.localVar(target)
	if !ok || v.typ == nil {
		return nil
	}
	if v.param != nil {
		v.param.writes = true
	}
	val := c.compileExpr(value)
	slot := v.slot
	global := v.global
	ref := func(fr *frame) *Value {
		if global {
			return &fr.th.globals[slot]
		}
		return &fr.slots[slot]
	}
	t := v.typ
	switch {
	case t.Kind == KInt && (t.Bits == 64 || t.Bits == 32) && !t.Unsig:
		bits := t.Bits
		pos := value.Position()
		return func(fr *frame) ctl {
			y := val(fr)
			p := ref(fr)
			if y.k == KInt && p.k == KInt {
				p.n = wrapInt(p.n+y.n, bits, false)
				return ctlNext
			}
			r, ok := fr.th.add(fr, pos, *p, y)
			if !ok {
				fr.th.arithError(fr, pos, '+', *p, y)
			}
			*p = t.convert(r)
			return ctlNext
		}
	case t.Kind == KString:
		pos := value.Position()
		return func(fr *frame) ctl {
			y := val(fr)
			p := ref(fr)
			th := fr.th
			var ys string
			if y.k == KString {
				ys = y.str()
			} else {
				ys = th.str(fr, pos, y)
			}
			*p = th.appendString(fr, pos, *p, ys)
			return ctlNext
		}
	}
	return nil
}

func (c *compiler) compileDecl(s *parser.DeclStmt) execFn {
	if f := c.classDecl(s); f != nil {
		return f
	}
	t := c.resolveType(s.Type)
	var val evalFn
	if s.Value != nil {
		val = c.compileExpr(s.Value)
	}
	var sets []setFn
	for _, n := range s.Names {
		c.checkVarName(n, s.Pos)
		v := c.declareLocal(n, t, s.Pos)
		set := c.storeVar(v, 0, s.Pos)
		if val != nil && t != nil && t.Kind == KArray {
			// t est un tableau de T = x: t designates x's array, as `t = x` does.
			set = c.arrayRefSetter(&parser.Ident{Pos: s.Pos, Name: n})
		}
		sets = append(sets, set)
	}
	if t != nil && (t.Kind == KArray || t.Kind == KAssoc || t.Kind == KObject) {
		// Each variable gets its own new array or object.
		pos, size := s.Pos, zeroSize(t)
		return func(fr *frame) ctl {
			for _, set := range sets {
				if val != nil {
					set(fr, val(fr))
				} else {
					if size > 0 {
						fr.th.alloc(fr, pos, size)
					}
					set(fr, t.Zero())
				}
			}
			return ctlNext
		}
	}
	zero := t.Zero()
	return func(fr *frame) ctl {
		v := zero
		if val != nil {
			v = val(fr)
		}
		for _, set := range sets {
			set(fr, v)
		}
		return ctlNext
	}
}

// inferType gives the type SOIT/LET declares for a value: the literal's type, else variant.
func inferType(e parser.Expr) *Type {
	switch e := e.(type) {
	case *parser.NumberLit:
		if v, _ := parseNumber(e.Text); v.k == KReal {
			return TypeReal
		}
		return TypeInt
	case *parser.StringLit:
		return TypeString
	case *parser.Unary:
		if e.Op == "-" {
			return inferType(e.X)
		}
	}
	return Variant
}

func (c *compiler) compileLet(s *parser.LetStmt) execFn {
	val := c.compileExpr(s.Value)
	if len(s.Names) == 1 {
		v := c.declareLocal(s.Names[0], inferType(s.Value), s.Pos)
		set := c.storeVar(v, 0, s.Pos)
		return func(fr *frame) ctl {
			set(fr, val(fr))
			return ctlNext
		}
	}
	var types []*Type
	if tu, ok := s.Value.(*parser.Tuple); ok && len(tu.Elems) == len(s.Names) {
		for _, e := range tu.Elems {
			types = append(types, inferType(e))
		}
	}
	sets := make([]setFn, len(s.Names))
	for i, n := range s.Names {
		t := Variant
		if types != nil {
			t = types[i]
		}
		sets[i] = c.storeVar(c.declareLocal(n, t, s.Pos), 0, s.Pos)
	}
	return func(fr *frame) ctl {
		v := val(fr)
		vs := v.Tuple()
		if v.k != KTuple {
			vs = []Value{v}
		}
		for i, set := range sets {
			if i < len(vs) {
				set(fr, vs[i])
			} else {
				set(fr, Null)
			}
		}
		return ctlNext
	}
}

func (c *compiler) compileConst(s *parser.ConstStmt) execFn {
	var inits []execFn
	for _, d := range s.Defs {
		if v, ok := c.constValue(d.Value); ok {
			vi := &varInfo{name: d.Name, isConst: true, constV: freeze(v)}
			if c.sc == nil || c.inGlobalSection {
				c.globals[wlex.Fold(d.Name)] = vi
			} else {
				c.sc.vars[wlex.Fold(d.Name)] = vi
			}
			continue
		}
		// Not a literal: a variable set once here.
		val := c.compileExpr(d.Value)
		v := c.declareLocal(d.Name, Variant, d.Pos)
		set := c.storeVar(v, 0, d.Pos)
		inits = append(inits, func(fr *frame) ctl {
			set(fr, val(fr))
			return ctlNext
		})
	}
	if len(inits) == 0 {
		return nil
	}
	return func(fr *frame) ctl {
		for _, in := range inits {
			in(fr)
		}
		return ctlNext
	}
}

// constValue evaluates a constant expression made of literals and other constants.
func (c *compiler) constValue(e parser.Expr) (Value, bool) {
	switch e := e.(type) {
	case *parser.NumberLit:
		return parseNumber(e.Text)
	case *parser.StringLit:
		if len(e.Parts) == 0 {
			return Str(e.Value), true
		}
	case *parser.Unary:
		if v, ok := c.constValue(e.X); ok {
			switch e.Op {
			case "-":
				if v.k == KInt {
					return Int(-v.n), true
				}
				if v.k == KReal {
					return Real(-v.float()), true
				}
			case "+":
				return v.ToNumber(), true
			}
		}
	case *parser.Ident:
		if v, _ := c.lookupVar(e.Name); v != nil && v.isConst {
			return v.constV, true
		}
		if v, ok := c.lib.constOf(wlex.Fold(e.Name)); ok {
			return v, true
		}
	case *parser.Binary:
		x, ok1 := c.constValue(e.X)
		y, ok2 := c.constValue(e.Y)
		if ok1 && ok2 {
			switch e.Op {
			case "+":
				return opAdd(x, y)
			case "-":
				return opSub(x, y)
			case "*", "/", "%":
				return arith(e.Op[0], x, y)
			}
		}
	}
	return Null, false
}

func (c *compiler) compileIf(s *parser.IfStmt) execFn {
	cond := c.compileCond(s.Cond)
	var then, els execFn
	if val, ok := c.guardReturn(s); ok {
		// SI cond ALORS RENVOYER x FIN: one closure less per run.
		return func(fr *frame) ctl {
			if cond(fr) {
				fr.ret = val(fr)
				return ctlReturn
			}
			return ctlNext
		}
	}
	if s.Then != nil {
		then = c.compileBlock(s.Then)
		type branch struct {
			cond func(*frame) bool
			body execFn
		}
		var elifs []branch
		for _, e := range s.ElseIfs {
			elifs = append(elifs, branch{c.compileCond(e.Cond), c.compileBlock(e.Then)})
		}
		if s.Else != nil {
			els = c.compileBlock(s.Else)
		}
		if len(elifs) == 0 {
			if els == nil {
				return func(fr *frame) ctl {
					if cond(fr) {
						return then(fr)
					}
					return ctlNext
				}
			}
			return func(fr *frame) ctl {
				if cond(fr) {
					return then(fr)
				}
				return els(fr)
			}
		}
		return func(fr *frame) ctl {
			if cond(fr) {
				return then(fr)
			}
			for _, b := range elifs {
				if b.cond(fr) {
					return b.body(fr)
				}
			}
			if els != nil {
				return els(fr)
			}
			return ctlNext
		}
	}
	then = c.compileStmts(s.InlineThen)
	if s.InlineElse != nil {
		els = c.compileStmts(s.InlineElse)
		return func(fr *frame) ctl {
			if cond(fr) {
				return then(fr)
			}
			return els(fr)
		}
	}
	return func(fr *frame) ctl {
		if cond(fr) {
			return then(fr)
		}
		return ctlNext
	}
}

// guardReturn compiles the value of an IF whose only statement is RENVOYER with a value,
// without ELSE (a guard clause): ok is false for any other IF, then nothing is compiled. The
// value is compiled at the level of nesting compileBlock would give it.
func (c *compiler) guardReturn(s *parser.IfStmt) (val evalFn, ok bool) {
	stmts := s.InlineThen
	if s.Then != nil {
		if len(s.ElseIfs) > 0 || s.Else != nil {
			return nil, false
		}
		stmts = s.Then.Stmts
	} else if s.InlineElse != nil {
		return nil, false
	}
	if len(stmts) != 1 {
		return nil, false
	}
	r, isRet := stmts[0].(*parser.ReturnStmt)
	if !isRet || r.Value == nil {
		return nil, false
	}
	c.enterNode()
	defer c.leaveNode()
	return c.compileExpr(r.Value), true
}

func (c *compiler) compileStmts(stmts []parser.Stmt) execFn {
	return c.compileBlock(&parser.Block{Stmts: stmts})
}

func (c *compiler) compileReturn(s *parser.ReturnStmt) execFn {
	if s.Value == nil {
		return func(*frame) ctl { return ctlReturn }
	}
	val := c.compileExpr(s.Value)
	return func(fr *frame) ctl {
		fr.ret = val(fr)
		return ctlReturn
	}
}

func (c *compiler) compileSwitch(s *parser.SwitchStmt) execFn {
	subject := c.compileExpr(s.Subject)
	type branch struct {
		conds []func(fr *frame, v Value) bool
		body  execFn
		other bool
	}
	var branches []branch
	for _, cs := range s.Cases {
		b := branch{other: cs.Other, body: c.compileBlock(cs.Body)}
		for _, cond := range cs.Conds {
			b.conds = append(b.conds, c.compileCaseCond(cond))
		}
		branches = append(branches, b)
	}
	return func(fr *frame) ctl {
		v := subject(fr)
		for _, b := range branches {
			if b.other {
				return b.body(fr)
			}
			for _, cond := range b.conds {
				if cond(fr, v) {
					return b.body(fr)
				}
			}
		}
		return ctlNext
	}
}

func (c *compiler) compileCaseCond(cc parser.CaseCond) func(fr *frame, v Value) bool {
	switch cc := cc.(type) {
	case *parser.CaseValue:
		val := c.compileExpr(cc.Value)
		op, pos := cc.Op, cc.Pos
		switch op {
		case "":
			return func(fr *frame, v Value) bool { return equalValues(v, val(fr)) }
		case "=", "<>", "<", "<=", ">", ">=":
			return func(fr *frame, v Value) bool { return cmpOp(fr, pos, op, v, val(fr)) }
		}
		return func(fr *frame, v Value) bool { return stringOp(op, v, val(fr)) }
	case *parser.CaseRange:
		var from evalFn
		if cc.From != nil {
			from = c.compileExpr(cc.From)
		}
		to, pos := c.compileExpr(cc.To), cc.Pos
		return func(fr *frame, v Value) bool {
			if from != nil && !cmpOp(fr, pos, ">=", v, from(fr)) {
				return false
			}
			return cmpOp(fr, pos, "<=", v, to(fr))
		}
	case *parser.CaseBetween:
		low, high, pos := c.compileExpr(cc.Low), c.compileExpr(cc.High), cc.Pos
		lo, hi := cc.LowOp, cc.HighOp
		return func(fr *frame, v Value) bool {
			return cmpOp(fr, pos, lo, low(fr), v) && cmpOp(fr, pos, hi, v, high(fr))
		}
	}
	return func(*frame, Value) bool { return false }
}

func (c *compiler) compileWhenException(s *parser.WhenExceptionStmt) execFn {
	body := c.compileBlock(s.Body)
	handler := c.compileBlock(s.Handler)
	var otherwise execFn
	if s.Else != nil {
		otherwise = c.compileBlock(s.Else)
	}
	return func(fr *frame) ctl {
		th := fr.th
		m := th.mark()
		r, caught := th.try(fr, body)
		if !caught {
			if otherwise != nil && r == ctlNext {
				return otherwise(fr)
			}
			return r
		}
		th.restore(m)
		return handler(fr)
	}
}

// try runs body, recovering a fatal error: it is recorded for ExceptionInfo/ErreurInfo.
func (th *Thread) try(fr *frame, body execFn) (r ctl, caught bool) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(*nonFatal); ok || isEndRun(p) || th.aborting() || th.excStop {
				panic(p)
			}
			if _, ok := p.(*memPanic); ok {
				panic(th.asRuntimeError(p, fr, fr.proc.Pos))
			}
			info := th.infoOf(p, fr)
			th.excInfo, th.errInfo, th.errOccurred = info, info, true
			r, caught = ctlNext, true
		}
	}()
	return body(fr), false
}

// compileCompileIf keeps the branch of a conditional-compilation block that applies to wl:
// wl is none of WINDEV's execution targets, so "=" conditions are false and "<>" ones true.
func (c *compiler) compileCompileIf(s *parser.CompileIf) execFn {
	if targetCondition(s.Cond) {
		return c.compileBlock(s.Then)
	}
	for _, e := range s.ElseIfs {
		if targetCondition(e.Cond) {
			return c.compileBlock(e.Then)
		}
	}
	if s.Else != nil {
		return c.compileBlock(s.Else)
	}
	return nil
}

func targetCondition(cond string) bool {
	return strings.Contains(cond, "<>")
}
