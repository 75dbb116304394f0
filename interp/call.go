package interp

import (
	"github.com/alecthomas/participle/v2/lexer"
)

type ctl uint8

const (
	ctlNext ctl = iota
	ctlBreak
	ctlContinue
	ctlReturn
)

type (
	evalFn func(fr *frame) Value
	execFn func(fr *frame) ctl
	setFn  func(fr *frame, v Value)
)

// closure is a procedure used as a value, with the activation it was created in.
type closure struct {
	proc *Proc
	up   *frame
}

// tick counts a step (a call or a loop iteration).
func (fr *frame) tick(pos lexer.Position) {
	th := fr.th
	th.budget--
	if th.budget <= 0 {
		th.slowTick(fr, pos)
	}
}

// enter pushes an activation of p whose arguments are already in slots.
func (th *Thread) enter(caller *frame, p *Proc, up *frame, slots []Value, pos lexer.Position) *frame {
	stack := caller.stack + p.frameCost
	if stack > maxStack {
		th.tooDeep(caller, pos)
	}
	fr := th.nextFrame(p)
	fr.proc, fr.caller, fr.callPos, fr.callPosP, fr.up, fr.slots, fr.stack = p, caller, pos, nil, up, slots, stack
	return fr
}

// pushSlow pushes the activation of a call compiled in the script (whose position stays
// where pos points) when the usual case, inlined in userCall and methodCall, does not hold:
// no activation record kept for the depth, a procedure whose activation may outlive the
// call, or a recursion too deep.
func (th *Thread) pushSlow(caller *frame, p *Proc, up *frame, slots []Value, pos *lexer.Position) *frame {
	stack := caller.stack + p.frameCost
	if stack > maxStack {
		th.tooDeep(caller, *pos)
	}
	fr := th.nextFrame(p)
	fr.proc, fr.caller, fr.callPosP, fr.up, fr.slots, fr.stack = p, caller, pos, up, slots, stack
	return fr
}

// nextFrame counts one more nested call and gives its activation record: the one kept for
// that depth, or a new one (always for a procedure whose activation may outlive the call).
func (th *Thread) nextFrame(p *Proc) *frame {
	d := th.depth + 1
	th.depth = d
	if d < len(th.frames) && !p.heapFrame {
		if fr := th.frames[d]; fr != nil {
			return fr
		}
	}
	return th.newFrame(d, p.heapFrame)
}

// newFrame makes the activation record of depth d, kept for the next calls at that depth
// unless heap is set.
func (th *Thread) newFrame(d int, heap bool) *frame {
	fr := &frame{th: th}
	if heap {
		return fr
	}
	if d >= len(th.frames) {
		th.frames = append(th.frames, make([]*frame, d+1-len(th.frames))...)
	}
	th.frames[d] = fr
	return fr
}

// leave pops the activation.
func (th *Thread) leave(fr *frame) {
	if !fr.proc.heapFrame {
		th.freeSlots(len(fr.slots))
	}
	fr.slots, fr.ret, fr.up, fr.caller, fr.inHandler, fr.exc = nil, Null, nil, nil, false, nil
	th.depth--
}

func (th *Thread) slotsFor(p *Proc) []Value {
	if p.heapFrame {
		return make([]Value, p.nslots)
	}
	return th.allocSlots(p.nslots)
}

// procSlots is slotsFor, taking the slots from the current chunk without a call when they
// fit.
func (th *Thread) procSlots(p *Proc) []Value {
	if sp, n := th.sp, p.nslots; sp+n <= len(th.chunk) && !p.heapFrame {
		s := th.chunk[sp : sp+n : sp+n]
		for i := 0; i < n; i++ {
			s[i] = Value{}
		}
		th.sp = sp + n
		return s
	}
	return th.slotsFor(p)
}

// takes reports whether an argument is bound to the parameter as it is, without
// paramInfo.bind: a variant given anything but a tuple, an entier given an integer that fits,
// an entier sur 8 octets given an integer (an integer value holds nothing but n: it is its
// own conversion). It is small enough to be inlined.
func (prm *paramInfo) takes(v Value) bool {
	return v.k == KInt && v.n >= prm.intLo && v.n <= prm.intHi || prm.variant && v.k != KTuple
}

// runProcBody runs the body of the activation, and its CAS ERREUR/EXCEPTION section when a
// statement fails.
//
// A fatal error follows the behaviour ExceptionChangeParamètre chose in the activation, or
// the global exception procedure when it reaches the top (see handleException).
func (th *Thread) runProcBody(fr *frame) {
	if fr.proc.plain && !fr.isTop() {
		fr.proc.body(fr)
		return
	}
	th.runGuarded(fr)
}

// runGuarded is runProcBody for an activation that catches failures: a CAS ERREUR/EXCEPTION
// section, ErreurPropage, ExceptionChangeParamètre, or the top of the run.
func (th *Thread) runGuarded(fr *frame) {
	p := fr.proc
	m := th.mark()
	caught := th.protect(fr)
	if caught == nil {
		return
	}
	nf, nonfatal := caught.(*nonFatal)
	if nonfatal && p.handler == nil {
		if !p.propagates {
			panic(caught)
		}
		// ErreurPropage: the failure is the caller's.
		th.restore(m)
		th.errOccurred, th.errInfo, th.errRaised = true, nf.info, true
		return
	}
	if !nonfatal && p.handler == nil && fr.exc == nil && (!fr.isTop() || th.excGlobal.IsNull()) {
		panic(caught)
	}
	th.restore(m)
	info := th.infoOf(caught, fr)
	th.errOccurred = true
	th.errInfo = info
	if !nonfatal {
		th.excInfo = info
		if th.handleException(fr, caught) {
			return
		}
		if p.handler == nil {
			panic(caught)
		}
	}
	fr.inHandler = true
	p.handler(fr)
	fr.inHandler = false
}

func (th *Thread) protect(fr *frame) (caught any) {
	defer func() {
		if r := recover(); r != nil {
			if isEndRun(r) || fr.th.aborting() || fr.th.excStop {
				panic(r)
			}
			if _, ok := r.(*memPanic); ok {
				panic(fr.th.asRuntimeError(r, fr, fr.proc.Pos))
			}
			caught = r
		}
	}()
	fr.proc.body(fr)
	return nil
}

// infoOf describes a recovered failure for ErreurInfo / ExceptionInfo.
func (th *Thread) infoOf(r any, fr *frame) ErrorInfo {
	switch e := r.(type) {
	case *nonFatal:
		return e.info
	case *RuntimeError:
		info := ErrorInfo{Message: e.Msg, Pos: e.Pos}
		if len(e.Stack) > 0 {
			info.Proc = e.Stack[0].Proc
		}
		if ce, ok := e.Cause.(CodedError); ok {
			info.Code = ce.ErrorCode()
		}
		return info
	}
	re := th.asRuntimeError(r, fr, fr.proc.Pos)
	return ErrorInfo{Message: re.Msg, Pos: re.Pos}
}

// CallValue calls a procedure value (an anonymous procedure, or a procedure named by a
// string) from a builtin, such as a callback of fListeRépertoire.
func (th *Thread) CallValue(v Value, args ...Value) (Value, error) {
	var p *Proc
	var up *frame
	switch v.k {
	case KProc:
		c := v.r.(*closure)
		p, up = c.proc, c.up
	case KString:
		p = th.prog.procByName(v.String())
	}
	if p == nil {
		return Null, &RuntimeError{Pos: th.callPos, Msg: "not a procedure: " + v.String()}
	}
	caller := th.callFr
	if caller == nil {
		caller = &frame{th: th, proc: th.prog.main}
	}
	return th.callProc(caller, p, up, args, th.callPos), nil
}

// callProc calls p with already evaluated arguments.
func (th *Thread) callProc(caller *frame, p *Proc, up *frame, args []Value, pos lexer.Position) Value {
	if len(args) > len(p.params) && !p.variadic {
		th.fatalf(caller, pos, "%s expects at most %d parameters, got %d", p.Name, len(p.params), len(args))
	}
	slots := th.slotsFor(p)
	for i, a := range args {
		if i < len(p.params) {
			slots[i] = p.params[i].bind(a)
		}
	}
	fr := th.enter(caller, p, up, slots, pos)
	th.bindDefaults(fr, len(args), pos)
	th.runProcBody(fr)
	ret := fr.ret
	if p.result != nil {
		ret = p.result.convert(ret)
	}
	th.leave(fr)
	return ret
}

// bindDefaults fills the parameters the call did not give.
func (th *Thread) bindDefaults(fr *frame, given int, pos lexer.Position) {
	p := fr.proc
	for i := given; i < len(p.params); i++ {
		prm := p.params[i]
		if prm.def == nil {
			th.fatalf(fr.caller, pos, "%s: parameter %s is missing (%d given, %d required)", p.Name, prm.name, given, p.minArgs)
		}
		fr.slots[prm.slot] = prm.bind(prm.def(fr))
	}
}

// bind converts an argument for the parameter. Arrays and objects are passed by reference:
// they are never copied.
func (prm *paramInfo) bind(v Value) Value {
	t := prm.typ
	if t == nil {
		if v.k == KTuple {
			return t.convert(v)
		}
		return v
	}
	if v.k == t.Kind && (v.k == KArray || v.k == KAssoc || v.k == KObject) {
		if prm.local && v.k == KObject {
			// LOCAL: the procedure works on a copy of a structure or object (a dynamic
			// object's variable copies the reference).
			return t.convert(v)
		}
		return v
	}
	return t.convert(v)
}
