package interp

import (
	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
	"github.com/wl-lang/wl/parser"
)

// lookupProc finds a procedure by name: internal procedures of the enclosing scopes first,
// then top-level ones. up is the number of scope levels between the caller and the scope
// declaring an internal procedure (-1 for top-level procedures).
func (c *compiler) lookupProc(name string) (*Proc, int) {
	key := wlex.Fold(name)
	d := 0
	for sc := c.sc; sc != nil; sc = sc.parent {
		if p, ok := sc.procs[key]; ok {
			return p, d
		}
		d++
	}
	if p, ok := c.procs[key]; ok {
		return p, -1
	}
	return nil, -1
}

// upFrame walks d activations up the lexical chain (-1: none).
func upFrame(fr *frame, d int) *frame {
	if d < 0 {
		return nil
	}
	for i := 0; i < d; i++ {
		fr = fr.up
	}
	return fr
}

func (c *compiler) compileCall(e *parser.Call) evalFn {
	switch fn := e.Fn.(type) {
	case *parser.Ident:
		if f := c.classCall(e, fn); f != nil {
			return f
		}
		if v, depth := c.lookupVar(fn.Name); v != nil {
			return c.dynamicCall(e.Pos, loadVar(v, depth), e.Args)
		}
		if p, up := c.lookupProc(fn.Name); p != nil {
			return c.userCall(e.Pos, p, up, e.Args)
		}
		key := wlex.Fold(fn.Name)
		if b, ok := c.lib.funcOf(key); ok {
			return c.builtinCall(e.Pos, b, nil, e.Args)
		}
		if lv, ok := c.lib.varOf(key); ok && len(e.Args) == 0 {
			// ErreurDétectée() is also written with parentheses.
			return func(fr *frame) Value { return lv.Get(fr.th) }
		}
		c.warnf(fn.Pos, "unknown procedure %s", fn.Name)
		// The arguments are compiled for their own diagnostics (unknown names in them).
		c.argFns(e.Args)
		name, pos := fn.Name, fn.Pos
		return func(fr *frame) Value {
			fr.th.fatalf(fr, pos, "unknown procedure %s", name)
			return Null
		}
	case *parser.Member:
		return c.compileMethodCall(e, fn)
	}
	return c.dynamicCall(e.Pos, c.compileExpr(e.Fn), e.Args)
}

// argFns compiles call arguments; an omitted argument is nil.
func (c *compiler) argFns(args []parser.Expr) []evalFn {
	out := make([]evalFn, len(args))
	for i, a := range args {
		if a != nil {
			out[i] = c.compileExpr(a)
		}
	}
	return out
}

// userCall compiles a call of a procedure of the script.
func (c *compiler) userCall(pos lexer.Position, p *Proc, up int, args []parser.Expr) evalFn {
	fns := c.argFns(args)
	// Variables passed to parameters the procedure assigns receive the new value on return
	// (WLanguage passes parameters by reference unless they are LOCAL).
	outs := make([]setFn, len(args))
	for i, a := range args {
		if id, ok := a.(*parser.Ident); ok {
			if v, depth := c.lookupVar(id.Name); v != nil && !v.isConst {
				outs[i] = c.storeVar(v, depth, pos)
			}
		}
	}
	if c.sc != nil && up >= 0 {
		c.sc.proc.heapFrame = true
	}
	cs := &callSite{fns: fns, outs: outs, pos: pos}
	nargs, missing := len(fns), false
	for _, a := range fns {
		missing = missing || a == nil
	}
	general := func(fr *frame) Value {
		th := fr.th
		if nargs > len(p.params) && !p.variadic {
			th.fatalf(fr, pos, "%s expects at most %d parameters, got %d", p.Name, len(p.params), nargs)
		}
		slots := th.procSlots(p)
		for i, a := range fns {
			if a != nil {
				v := a(fr)
				if prm := p.params[i]; !prm.takes(v) {
					v = prm.bind(v)
				}
				slots[i] = v
			}
		}
		return th.runCall(fr, p, upFrame(fr, up), slots, cs, missing)
	}
	if missing {
		return general
	}
	// Calls of one or two arguments, the most frequent, without the loops over them. The
	// slots are taken inline from the current chunk when they fit (else procSlots).
	switch nargs {
	case 1:
		a0 := fns[0]
		return func(fr *frame) Value {
			if len(p.params) < 1 {
				return general(fr)
			}
			th := fr.th
			var slots []Value
			if sp, n := th.sp, p.nslots; sp+n <= len(th.chunk) && !p.heapFrame {
				slots = th.chunk[sp : sp+n : sp+n]
				for i := 1; i < n; i++ {
					slots[i] = Value{}
				}
				slots[0] = Value{}
				th.sp = sp + n
			} else {
				slots = th.procSlots(p)
			}
			v := a0(fr)
			if prm := p.params[0]; !prm.takes(v) {
				v = prm.bind(v)
			}
			slots[0] = v
			return th.runCall(fr, p, upFrame(fr, up), slots, cs, false)
		}
	case 2:
		a0, a1 := fns[0], fns[1]
		return func(fr *frame) Value {
			if len(p.params) < 2 {
				return general(fr)
			}
			th := fr.th
			var slots []Value
			if sp, n := th.sp, p.nslots; sp+n <= len(th.chunk) && !p.heapFrame {
				slots = th.chunk[sp : sp+n : sp+n]
				for i := 2; i < n; i++ {
					slots[i] = Value{}
				}
				slots[0], slots[1] = Value{}, Value{}
				th.sp = sp + n
			} else {
				slots = th.procSlots(p)
			}
			v := a0(fr)
			if prm := p.params[0]; !prm.takes(v) {
				v = prm.bind(v)
			}
			slots[0] = v
			v = a1(fr)
			if prm := p.params[1]; !prm.takes(v) {
				v = prm.bind(v)
			}
			slots[1] = v
			return th.runCall(fr, p, upFrame(fr, up), slots, cs, false)
		}
	}
	return general
}

// callSite is what a compiled call of a procedure or method of the script keeps.
type callSite struct {
	fns  []evalFn // the arguments; nil for one omitted
	outs []setFn  // the variables given to parameters passed by reference, nil for others
	pos  lexer.Position
	// off is the number of parameters before those of fns: 1 for a method's object.
	off int
}

// runCall runs the activation of p whose arguments are in slots, called at cs from fr, and
// pops it; missing is set when an argument was omitted.
func (th *Thread) runCall(fr *frame, p *Proc, up *frame, slots []Value, cs *callSite, missing bool) Value {
	// The activation record kept for the depth, reused inline (else pushSlow).
	var callee *frame
	stack, d := fr.stack+p.frameCost, th.depth+1
	if stack > maxStack || d >= len(th.frames) || p.heapFrame || th.frames[d] == nil {
		callee = th.pushSlow(fr, p, up, slots, &cs.pos)
	} else {
		callee = th.frames[d]
		th.depth = d
		callee.proc, callee.caller, callee.callPosP, callee.up, callee.slots, callee.stack = p, fr, &cs.pos, up, slots, stack
	}
	if missing || len(cs.fns)+cs.off < len(p.params) {
		th.bindMissing(fr, callee, cs.fns, cs.off, cs.pos)
	}
	th.budget--
	if th.budget <= 0 {
		th.slowTick(fr, cs.pos)
	}
	if p.plain && !fr.root {
		p.body(callee)
	} else {
		th.runGuarded(callee)
	}
	ret := callee.ret
	if p.result != nil {
		ret = p.result.convert(ret)
	}
	if len(p.outParams) > 0 {
		copyOut(fr, callee, cs.outs, cs.off)
	}
	// Thread.leave, inlined.
	if !p.heapFrame {
		th.freeSlots(len(slots))
	}
	callee.slots, callee.ret, callee.up, callee.caller, callee.inHandler, callee.exc = nil, Null, nil, nil, false, nil
	th.depth--
	if th.errRaised {
		th.afterFailure(fr)
	}
	return ret
}

// bindMissing binds the parameters a call did not give (fns[i] nil, or past the end of fns)
// to their default; off is the number of parameters before those of fns (1 for a method's
// object).
func (th *Thread) bindMissing(fr, callee *frame, fns []evalFn, off int, pos lexer.Position) {
	p := callee.proc
	for i, a := range fns {
		if a == nil {
			prm := p.params[i+off]
			if prm.def == nil {
				th.fatalf(fr, pos, "%s: parameter %s is missing", p.Name, prm.name)
			}
			callee.slots[i+off] = prm.bind(prm.def(callee))
		}
	}
	th.bindDefaults(callee, len(fns)+off, pos)
}

// copyOut assigns the parameters passed by reference the callee assigned to the caller's
// variables outs (shifted by off: 1 for a method's object).
func copyOut(fr, callee *frame, outs []setFn, off int) {
	for _, i := range callee.proc.outParams {
		if j := i - off; j >= 0 && j < len(outs) && outs[j] != nil {
			outs[j](fr, callee.slots[i])
		}
	}
}

// afterFailure is called when a call reported a non-fatal error: in a process with a
// CAS ERREUR section, execution continues there.
func (th *Thread) afterFailure(fr *frame) {
	th.errRaised = false
	if fr.proc.handler != nil && !fr.inHandler {
		panic(&nonFatal{info: th.errInfo})
	}
}

// dynamicCall calls a procedure held in a value (an anonymous procedure, or a string naming
// a procedure).
func (c *compiler) dynamicCall(pos lexer.Position, fn evalFn, args []parser.Expr) evalFn {
	fns := c.argFns(args)
	return func(fr *frame) Value {
		th := fr.th
		f := fn(fr)
		var p *Proc
		var up *frame
		switch f.k {
		case KProc:
			cl := f.r.(*closure)
			p, up = cl.proc, cl.up
		case KString:
			p = th.prog.procByName(f.String())
		}
		if p == nil {
			th.fatalf(fr, pos, "%s is not a procedure", describeValue(f))
		}
		vals := make([]Value, len(fns))
		for i, a := range fns {
			if a != nil {
				vals[i] = a(fr)
			}
		}
		ret := th.callProc(fr, p, up, vals, pos)
		if th.errRaised {
			th.afterFailure(fr)
		}
		return ret
	}
}

func describeValue(v Value) string {
	switch v.k {
	case KString:
		return "\"" + v.String() + "\""
	case KNull:
		return "Null"
	}
	return "a value of type " + v.k.String()
}

// builtinCall compiles a call of a library function. self, when set, is the value written
// before the dot in prefix syntax (s.Remplace(a, b) = Remplace(s, a, b)).
func (c *compiler) builtinCall(pos lexer.Position, b *Builtin, self evalFn, args []parser.Expr) evalFn {
	fns := c.argFns(args)
	if self != nil {
		fns = append([]evalFn{self}, fns...)
	}
	n := len(fns)
	if n < b.MinArgs || (b.MaxArgs >= 0 && n > b.MaxArgs) {
		c.warnf(pos, "%s: wrong number of parameters (%d)", b.Name(), n)
	}
	if b.Propagates && c.sc != nil {
		c.sc.proc.propagates = true
	}
	if b.Propagates && c.sc == nil {
		c.prog.main.propagates = true
	}
	if b.ChangesExceptions && c.sc != nil {
		c.sc.proc.changesExc = true
	}
	if b.ChangesExceptions && c.sc == nil {
		c.prog.main.changesExc = true
	}
	name := b.Name()
	outs := c.outSetters(b, self != nil, args)
	return func(fr *frame) Value {
		th := fr.th
		if b.Unavailable != "" {
			th.fatalf(fr, pos, "%s is not available outside WINDEV: %s", name, b.Unavailable)
		}
		if n < b.MinArgs || (b.MaxArgs >= 0 && n > b.MaxArgs) {
			th.fatalf(fr, pos, "%s: wrong number of parameters: %d given, %s expected", name, n, arity(b))
		}
		args := th.allocSlots(n)
		for i, a := range fns {
			if a != nil {
				args[i] = a(fr)
			}
		}
		if outs == nil {
			return th.invoke(fr, pos, b, args)
		}
		return th.invokeOut(fr, pos, b, args, outs)
	}
}

// invokeOut runs a builtin, then assigns its parameters passed by reference.
func (th *Thread) invokeOut(fr *frame, pos lexer.Position, b *Builtin, args []Value, outs []setFn) Value {
	// The slots still hold what Fn left once freed, until the next allocation: copy the
	// outputs before a setter evaluates anything.
	got := make([]Value, len(args))
	v := th.invoke(fr, pos, b, args)
	copy(got, args)
	for i, set := range outs {
		if set != nil && i < len(got) {
			set(fr, got[i])
		}
	}
	return v
}

// outSetters compiles the assignments of a builtin's parameters passed by reference (nil
// when it has none); self shifts the parameters by one for the prefix syntax x.F(...).
func (c *compiler) outSetters(b *Builtin, self bool, args []parser.Expr) []setFn {
	if b.OutFrom == 0 {
		return nil
	}
	off := 0
	if self {
		off = 1
	}
	outs := make([]setFn, len(args)+off)
	found := false
	for i, a := range args {
		if id, ok := a.(*parser.Ident); ok {
			// Only a variable: a constant or a name of the library is passed by value.
			if v, _ := c.lookupVar(id.Name); v == nil || v.isConst {
				continue
			}
		}
		if i+off >= b.OutFrom-1 && (b.OutTo == 0 || i+off < b.OutTo) && a != nil && isAssignable(a) {
			outs[i+off] = c.compileSetter(a)
			found = true
		}
	}
	if !found {
		return nil
	}
	return outs
}

// invoke runs a builtin with arguments held in slots it then frees.
func (th *Thread) invoke(fr *frame, pos lexer.Position, b *Builtin, args []Value) Value {
	if b.CanFail {
		th.errOccurred = false
	}
	savedPos, savedFn, savedFr, pending := th.callPos, th.callFn, th.callFr, th.mem.pending
	th.callPos, th.callFn, th.callFr = pos, b.Names[0], fr
	v, err := b.Fn(th, args)
	th.callPos, th.callFn, th.callFr, th.mem.pending = savedPos, savedFn, savedFr, pending
	th.freeSlots(len(args))
	if th.cancelled() {
		th.checkCancel(fr, pos)
	}
	if err != nil {
		th.raise(fr, pos, err)
	}
	if th.errRaised {
		th.afterFailure(fr)
	}
	if v.k == KString || v.k == KBuffer {
		// The string a builtin made (or one it returned as it was: counting it again only
		// makes the run measure its memory sooner).
		th.alloc(fr, pos, v.n)
	}
	return v
}

// raise turns a builtin's error into a fatal error at pos.
func (th *Thread) raise(fr *frame, pos lexer.Position, err error) {
	if re, ok := err.(*RuntimeError); ok {
		if len(re.Stack) == 0 {
			ne := th.newError(fr, pos, re.Msg, re.Cause)
			panic(ne)
		}
		panic(re)
	}
	panic(th.newError(fr, pos, err.Error(), err))
}

func arity(b *Builtin) string {
	switch {
	case b.MaxArgs < 0:
		return "at least " + itoa(b.MinArgs)
	case b.MinArgs == b.MaxArgs:
		return itoa(b.MinArgs)
	}
	return itoa(b.MinArgs) + " to " + itoa(b.MaxArgs)
}

func itoa(n int) string { return Int(int64(n)).String() }

// compileMethodCall compiles x.M(args): a method of an object, or prefix syntax for a
// builtin taking x first.
func (c *compiler) compileMethodCall(e *parser.Call, m *parser.Member) evalFn {
	if f := c.classMethodCall(e, m); f != nil {
		return f
	}
	c.checkObjectMember(m.Pos, m.X, m.Name, true)
	x := c.compileExpr(m.X)
	key := wlex.Fold(m.Name)
	fallback := c.lib.builtinAt(key)
	fns := c.argFns(e.Args)
	pos, name := e.Pos, m.Name
	if fallback != nil {
		if n := len(fns) + 1; n < fallback.MinArgs || (fallback.MaxArgs >= 0 && n > fallback.MaxArgs) {
			c.warnf(pos, "%s: wrong number of parameters (%d)", fallback.Name(), n)
		}
		outs := c.outSetters(fallback, true, e.Args)
		return func(fr *frame) Value {
			recv := x(fr)
			if recv.k == KObject {
				if v, ok := fr.th.callMethod(fr, pos, recv, key, name, fns); ok {
					return v
				}
			}
			args := fr.th.allocSlots(len(fns) + 1)
			args[0] = recv
			for i, a := range fns {
				if a != nil {
					args[i+1] = a(fr)
				}
			}
			n := len(args)
			if n < fallback.MinArgs || (fallback.MaxArgs >= 0 && n > fallback.MaxArgs) {
				fr.th.freeSlots(n)
				fr.th.fatalf(fr, pos, "%s: wrong number of parameters: %d given, %s expected", fallback.Names[0], n, arity(fallback))
			}
			if outs == nil {
				return fr.th.invoke(fr, pos, fallback, args)
			}
			return fr.th.invokeOut(fr, pos, fallback, args, outs)
		}
	}
	return func(fr *frame) Value {
		recv := x(fr)
		if v, ok := fr.th.callMethod(fr, pos, recv, key, name, fns); ok {
			return v
		}
		fr.th.fatalf(fr, pos, "unknown method %s for %s", name, describeKind(recv))
		return Null
	}
}

func describeKind(v Value) string {
	if o := v.Object(); o != nil {
		return "type " + o.ObjectType().Name
	}
	return "a value of type " + v.k.String()
}

// callMethod calls method key of an object; ok is false when the object has none.
func (th *Thread) callMethod(fr *frame, pos lexer.Position, recv Value, key, name string, fns []evalFn) (Value, bool) {
	o := recv.Object()
	if o == nil {
		return Null, false
	}
	t := o.ObjectType()
	m := t.method(key)
	if m == nil {
		if p := t.prop(key); p != nil {
			v, err := th.propGet(fr, pos, p, o)
			if err != nil {
				th.raise(fr, pos, err)
			}
			if v.k == KProc {
				vals := make([]Value, len(fns))
				for i, a := range fns {
					if a != nil {
						vals[i] = a(fr)
					}
				}
				return th.callProc(fr, v.r.(*closure).proc, v.r.(*closure).up, vals, pos), true
			}
		}
		return Null, false
	}
	args := th.allocSlots(len(fns))
	for i, a := range fns {
		if a != nil {
			args[i] = a(fr)
		}
	}
	th.errOccurred = false
	// What the method charged with Alloc is pending only while it runs, as for a builtin.
	savedPos, savedFn, savedFr, pending := th.callPos, th.callFn, th.callFr, th.mem.pending
	th.callPos, th.callFn, th.callFr = pos, t.Name+"."+m.Names[0], fr
	v, err := m.Call(th, o, args)
	th.callPos, th.callFn, th.callFr, th.mem.pending = savedPos, savedFn, savedFr, pending
	th.freeSlots(len(args))
	if th.cancelled() {
		th.checkCancel(fr, pos)
	}
	if err != nil {
		th.raise(fr, pos, err)
	}
	if th.errRaised {
		th.afterFailure(fr)
	}
	return v, true
}

// compileProcLit compiles an anonymous procedure: its value is a closure over the current
// activation.
func (c *compiler) compileProcLit(e *parser.ProcLit) evalFn {
	p := &Proc{Name: "anonymous procedure", Pos: e.Pos}
	var block *parser.Block
	if e.Body != nil {
		block = e.Body
	}
	if c.sc != nil {
		c.sc.proc.heapFrame = true
	}
	c.compileProcParts(p, e.Params, e.Result, block, nil, c.sc)
	return func(fr *frame) Value {
		return Value{k: KProc, r: &closure{proc: p, up: fr}}
	}
}

// compileIndirection compiles {name}: the global variable or procedure of that name.
func (c *compiler) compileIndirection(e *parser.Indirection) evalFn {
	if len(e.Args) == 0 || e.Args[0] == nil {
		c.errorf(e.Pos, "empty indirection {}")
		return constFn(Null)
	}
	name := c.compileExpr(e.Args[0])
	pos := e.Pos
	return func(fr *frame) Value {
		th := fr.th
		n := name(fr).String()
		if i, ok := th.prog.globalIndex[wlex.Fold(n)]; ok {
			return th.globals[i]
		}
		if p := th.prog.procByName(n); p != nil {
			return Value{k: KProc, r: &closure{proc: p}}
		}
		th.fatalf(fr, pos, "indirection: no variable or procedure named %q", n)
		return Null
	}
}
