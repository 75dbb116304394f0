package interp

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/alecthomas/participle/v2/lexer"
)

// ErrStepLimit is the cause of the fatal error raised when a run exceeds Options.MaxSteps.
var ErrStepLimit = errors.New("step limit exceeded")

// ErrTimeout is the cause of the fatal error raised when a run exceeds Options.Timeout. It
// wraps context.DeadlineExceeded: errors.Is(err, context.DeadlineExceeded) holds too.
var ErrTimeout error = timeoutError{}

// timeoutError is ErrTimeout: a type of its own rather than fmt.Errorf, which would run (and
// fault in) fmt's formatting code at init in every process.
type timeoutError struct{}

func (timeoutError) Error() string { return "time limit exceeded: " + context.DeadlineExceeded.Error() }
func (timeoutError) Unwrap() error { return context.DeadlineExceeded }

// Program is a compiled script: immutable, it may run many times, concurrently.
type Program struct {
	lib         *Library
	main        *Proc
	procs       map[string]*Proc
	nGlobals    int
	globalTypes []*Type
	globalIndex map[string]int
}

// Proc is a compiled procedure (or the main code of the program).
type Proc struct {
	Name string
	Pos  lexer.Position

	params  []*paramInfo
	minArgs int
	// required is the number of parameters a call must give, known from the declaration
	// before the body is compiled.
	required int
	variadic bool
	nslots   int
	result   *Type
	body     execFn
	// handler is the CAS ERREUR / CAS EXCEPTION section, nil when there is none.
	handler execFn
	// outParams are the parameters passed by reference that the body assigns: their value
	// is copied back to the caller's variable when the call returns.
	outParams []int
	// heapFrame is set when internal or anonymous procedures may outlive a call and keep
	// its slots: they are then not taken from the thread's slot stack.
	heapFrame bool
	// propagates is set when the body calls ErreurPropage.
	propagates bool
	// changesExc is set when the body calls ExceptionChangeParamètre (or its restore):
	// its activations then catch fatal errors to apply the behaviour chosen.
	changesExc bool
	// plain is set once the procedure is compiled when it has none of handler, propagates and
	// changesExc: an activation that is not the top of the run then runs its body unguarded.
	plain bool
	// depth is the lexical nesting (0 for top-level procedures).
	depth int
	// frameCost is an upper bound of the Go stack an activation takes (see frameCost).
	frameCost int64
}

type paramInfo struct {
	name   string
	slot   int
	typ    *Type
	local  bool
	def    evalFn // default value, nil when the parameter is required
	pos    lexer.Position
	writes bool
	// A call binds an integer argument between intLo and intHi, and any argument but a
	// tuple when variant is set, without Type.convert (paramInfo.takes).
	intLo, intHi int64
	variant      bool
}

// setFastBind sets what a parameter of type t takes as it is (paramInfo.takes).
func (prm *paramInfo) setFastBind(t *Type) {
	switch {
	case t == nil:
		prm.intLo, prm.intHi, prm.variant = math.MinInt64, math.MaxInt64, true
	case t.Kind != KInt || t.Unsig || t.Tuple != nil:
		prm.intLo, prm.intHi = 1, 0
	case t.Bits == 32:
		prm.intLo, prm.intHi = math.MinInt32, math.MaxInt32
	case t.Bits == 64:
		prm.intLo, prm.intHi = math.MinInt64, math.MaxInt64
	default:
		prm.intLo, prm.intHi = 1, 0
	}
}

// Run runs the program once with the given options. A fatal WLanguage error is returned as
// a *RuntimeError.
func (p *Program) Run(opts Options) (err error) {
	th := newThread(p, opts)
	return th.runMain()
}

// NewThread prepares a run; call Run on it. It lets a host reach the thread (its state)
// before and after the run.
func (p *Program) NewThread(opts Options) *Thread { return newThread(p, opts) }

// Run runs the program's main code on the thread.
func (th *Thread) Run() error { return th.runMain() }

// runMain is Start then Close: what the run opened is closed at its end.
func (th *Thread) runMain() error {
	defer th.runAtExit()
	return th.Start()
}

// Call calls the procedure name of the program with Go arguments (converted with ValueOf)
// and returns its result as a Go value (see Value.GoValue). It runs on the thread's globals,
// so a host typically calls Run first. A fatal WLanguage error is returned as a
// *RuntimeError.
func (th *Thread) Call(name string, args ...any) (result any, err error) {
	v, err := th.CallValueByName(name, args...)
	if err != nil {
		return nil, err
	}
	return v.GoValue(), nil
}

// CallValueByName is Call returning the WLanguage value.
func (th *Thread) CallValueByName(name string, args ...any) (result Value, err error) {
	p := th.prog.procByName(name)
	if p == nil {
		return Null, fmt.Errorf("no procedure named %s", name)
	}
	vals := make([]Value, len(args))
	for i, a := range args {
		v, err := ValueOf(a)
		if err != nil {
			return Null, fmt.Errorf("%s: argument %d: %w", name, i+1, err)
		}
		vals[i] = v
	}
	// A stop asked by an exception procedure (opFinProgramme) ended the previous call only.
	th.excStop = false
	root := &frame{th: th, proc: th.prog.main, slots: make([]Value, th.prog.main.nslots), root: true}
	m := th.mark()
	defer func() {
		if r := recover(); r != nil {
			th.restore(m)
			if isEndRun(r) { // FinProgramme ends the call normally
				result, err = Null, nil
				return
			}
			result, err = Null, th.asRuntimeError(r, root, p.Pos)
		}
	}()
	return th.callProc(root, p, nil, vals, p.Pos), nil
}
