package interp

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"time"

	"github.com/alecthomas/participle/v2/lexer"

	wlex "github.com/wl-lang/wl/lexer"
)

// maxStackLevels bounds the levels a fatal error reports.
const maxStackLevels = 50

// budgetSlice is the number of steps between two checks of the context and step limit.
const budgetSlice = 4096

// Sizes of the chunks of procedure slots: the first is small so that a short run of a small
// script allocates little (a host may run one thousands of times), the next ones double.
const (
	firstChunk = 256
	maxChunk   = 1 << 14
)

// Thread is one run of a program: its globals, output, error state and call stack. A thread
// is used by one goroutine at a time.
type Thread struct {
	prog    *Program
	globals []Value
	stdout  io.Writer
	stderr  io.Writer
	ctx     context.Context
	done    <-chan struct{} // ctx.Done(), nil when ctx cannot end
	args    []string
	dir     string
	ext     map[any]any

	// ErreurDétectée and the last error.
	errOccurred bool
	errInfo     ErrorInfo
	errRaised   bool // a builtin called SetError during the current call
	excInfo     ErrorInfo
	// excGlobal is the procedure of epExécuteProcédureGlobale (Null: none); excStop is set
	// when an exception procedure asked to stop the program: no handler catches it then.
	excGlobal Value
	excStop   bool

	// Slots of running procedures come from chunks that are never moved.
	chunks [][]Value
	chunk  []Value // chunks[ci]
	ci     int
	sp     int
	prevSP []int
	depth  int
	frames []*frame

	budget   int // steps left before the next check (slowTick)
	slice    int // the budget given at the last check
	steps    int64
	maxSteps int64

	// mem counts the memory the run's values take, for Options.MaxMemory; memOver is set
	// once the limit stopped the run.
	mem       memBudget
	memOver   bool
	walkStamp uint32
	// timeout is Options.Timeout; cancelTimeout releases the context it made.
	timeout       time.Duration
	cancelTimeout context.CancelFunc

	rng   *rand.Rand
	state map[any]any
	// initErr is an error of the options, reported by Run.
	initErr error
	// atExit are the functions AtExit registered.
	atExit []func()
	// callPos is the position of the builtin call being made, for error reports.
	callPos lexer.Position
	callFn  string
	callFr  *frame
}

// frame is the activation of a procedure.
type frame struct {
	mark    walkMark
	th      *Thread
	proc    *Proc
	slots   []Value
	ret     Value
	caller  *frame
	callPos lexer.Position
	// callPosP, when set, is the position of the call instead of callPos (a call compiled in
	// the script points to its position rather than copying it).
	callPosP *lexer.Position
	up       *frame // lexically enclosing activation (internal procedures, anonymous procedures)
	// inHandler is set while the procedure's CAS ERREUR/EXCEPTION section runs.
	inHandler bool
	// root marks the stand-in caller of a host's Call (the global exception procedure
	// applies to the activation it calls).
	root bool
	// exc is the exception behaviour ExceptionChangeParamètre chose in this activation.
	exc *excSetting
	// stack is the Go stack the calls up to this one take, estimated (Proc.frameCost).
	stack int64
}

// Options configure a run.
type Options struct {
	// Stdout receives Trace and Info; Stderr receives Erreur and fatal error reports.
	Stdout, Stderr io.Writer
	// Context cancels the run: a busy loop and builtins that wait stop promptly.
	Context context.Context
	// MaxSteps, when positive, bounds the number of loop iterations and calls.
	MaxSteps int64
	// MaxMemory, when positive, bounds the memory the run's values take, in bytes (see
	// Thread.Alloc): past it the run stops with a fatal error wrapping ErrMemoryLimit.
	MaxMemory int64
	// Timeout, when positive, bounds the duration of the run (of each Call, for a thread
	// started with Start): past it the run stops with a fatal error wrapping ErrTimeout.
	Timeout time.Duration
	// Args are the script's command-line arguments.
	Args []string
	// Seed seeds Hasard/Random; zero picks a random seed.
	Seed uint64
	// Dir is the directory relative paths of file functions are resolved against; empty
	// means the process's working directory.
	Dir string
	// Globals gives values to the globals predeclared with CompileOptions.Globals (converted
	// with ValueOf).
	Globals map[string]any
	// Extensions hands settings to libraries for this run (the email runtime's transport and
	// TLS roots, for example), read with Thread.Extension.
	Extensions map[any]any
}

func newThread(p *Program, opts Options) *Thread {
	th := &Thread{
		prog:     p,
		globals:  make([]Value, p.nGlobals),
		stdout:   opts.Stdout,
		stderr:   opts.Stderr,
		ctx:      opts.Context,
		args:     opts.Args,
		dir:      opts.Dir,
		ext:      opts.Extensions,
		maxSteps: opts.MaxSteps,
		timeout:  opts.Timeout,
		state:    map[any]any{},
		chunks:   [][]Value{make([]Value, firstChunk)},
	}
	th.chunk = th.chunks[0]
	if th.stdout == nil {
		th.stdout = io.Discard
	}
	if th.stderr == nil {
		th.stderr = io.Discard
	}
	th.mem.init(opts.MaxMemory)
	th.SetContext(opts.Context)
	seed := opts.Seed
	if seed == 0 {
		seed = rand.Uint64()
	}
	th.rng = rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
	th.zeroGlobals()
	for name, x := range opts.Globals {
		i, ok := p.globalIndex[wlex.Fold(name)]
		if !ok {
			th.initErr = fmt.Errorf("global %s was not predeclared (CompileOptions.Globals)", name)
			continue
		}
		v, err := ValueOf(x)
		if err != nil {
			th.initErr = fmt.Errorf("global %s: %w", name, err)
			continue
		}
		th.globals[i] = p.globalTypes[i].convert(v)
	}
	return th
}

// Stdout is where Trace and Info write.
func (th *Thread) Stdout() io.Writer { return th.stdout }

// Stderr is where Erreur writes.
func (th *Thread) Stderr() io.Writer { return th.stderr }

// Context is the run's context.
func (th *Thread) Context() context.Context { return th.ctx }

// Path resolves a file name used by a script: relative names are taken from Options.Dir
// when it is set.
func (th *Thread) Path(name string) string {
	if th.dir == "" || name == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(th.dir, name)
}

// Args are the script's arguments.
func (th *Thread) Args() []string { return th.args }

// Rand is the run's random generator (Hasard, InitHasard).
func (th *Thread) Rand() *rand.Rand { return th.rng }

// Reseed reseeds the random generator.
func (th *Thread) Reseed(seed uint64) { th.rng = rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15)) }

// Extension returns the setting a host gave for key in Options.Extensions, or nil.
func (th *Thread) Extension(key any) any { return th.ext[key] }

// State returns the value libraries keep for this run under key, making it with init the
// first time.
func (th *Thread) State(key any, init func() any) any {
	v, ok := th.state[key]
	if !ok {
		v = init()
		th.state[key] = v
	}
	return v
}

// SetError records a non-fatal error: ErreurDétectée becomes Vrai and ErreurInfo gives info.
// The failing builtin then returns its failure value (usually Faux). If the calling process
// has a CAS ERREUR section, execution continues there.
func (th *Thread) SetError(info ErrorInfo) {
	if info.Function == "" {
		info.Function = th.callFn
	}
	if info.Pos.Line == 0 {
		info.Pos = th.callPos
	}
	if info.Proc == "" && th.callFr != nil {
		info.Proc = th.callFr.proc.Name
	}
	if info.Stack == nil && th.callFr != nil {
		info.Stack = th.newError(th.callFr, info.Pos, "", nil).Stack
	}
	if info.Time.IsZero() {
		info.Time = time.Now()
	}
	th.errOccurred = true
	th.errInfo = info
	th.errRaised = true
}

// Errorf is SetError with a formatted message.
func (th *Thread) Errorf(format string, args ...any) {
	th.SetError(ErrorInfo{Message: fmt.Sprintf(format, args...)})
}

// ClearError sets ErreurDétectée to Faux.
func (th *Thread) ClearError() { th.errOccurred = false }

// ErrorOccurred is the value of ErreurDétectée.
func (th *Thread) ErrorOccurred() bool { return th.errOccurred }

// LastError is the last error recorded (ErreurInfo).
func (th *Thread) LastError() ErrorInfo { return th.errInfo }

// LastException is the exception being handled (ExceptionInfo).
func (th *Thread) LastException() ErrorInfo { return th.excInfo }

// Propagate makes the current procedure fail with info for its caller (ErreurPropage).
func (th *Thread) Propagate(info ErrorInfo) {
	panic(&nonFatal{info: info})
}

// allocSlots gives n zeroed slots for a procedure activation. Slots come from chunks
// that never move, so frames can keep slices of them.
func (th *Thread) allocSlots(n int) []Value {
	if th.sp+n > len(th.chunk) {
		th.prevSP = append(th.prevSP, th.sp)
		th.ci++
		if th.ci == len(th.chunks) {
			// Chunks double up to maxChunk: a small script allocates little, a deep
			// recursion few chunks.
			size := min(maxChunk, 2*len(th.chunks[th.ci-1]))
			th.chunks = append(th.chunks, make([]Value, max(size, n)))
		} else if len(th.chunks[th.ci]) < n {
			th.chunks[th.ci] = make([]Value, n)
		}
		th.chunk = th.chunks[th.ci]
		th.sp = 0
	}
	s := th.chunk[th.sp : th.sp+n : th.sp+n]
	clear(s)
	th.sp += n
	return s
}

// freeSlots returns the n slots allocated last.
func (th *Thread) freeSlots(n int) {
	th.sp -= n
	if th.sp == 0 && th.ci > 0 {
		th.ci--
		th.chunk = th.chunks[th.ci]
		th.sp = th.prevSP[len(th.prevSP)-1]
		th.prevSP = th.prevSP[:len(th.prevSP)-1]
	}
}

// stackMark is the allocation state to restore when an error unwinds calls.
// It includes the builtin call being made: an error inside a builtin's callback unwinds
// past the builtin.
type stackMark struct {
	ci, sp, nprev, depth int
	pending              int64
	callPos              lexer.Position
	callFn               string
	callFr               *frame
}

func (th *Thread) mark() stackMark {
	return stackMark{ci: th.ci, sp: th.sp, nprev: len(th.prevSP), depth: th.depth,
		pending: th.mem.pending, callPos: th.callPos, callFn: th.callFn, callFr: th.callFr}
}

func (th *Thread) restore(m stackMark) {
	th.ci, th.sp, th.depth, th.mem.pending = m.ci, m.sp, m.depth, m.pending
	th.callPos, th.callFn, th.callFr = m.callPos, m.callFn, m.callFr
	th.chunk = th.chunks[m.ci]
	th.prevSP = th.prevSP[:m.nprev]
}

// tick is called on every loop iteration and call: it enforces the step limit and notices
// cancellation.
func (th *Thread) slowTick(fr *frame, pos lexer.Position) {
	th.steps += int64(th.slice - th.budget)
	th.resetBudget()
	if th.maxSteps > 0 && th.steps > th.maxSteps {
		th.budget = 0
		panic(th.newError(fr, pos, fmt.Sprintf("step limit of %d exceeded", th.maxSteps), ErrStepLimit))
	}
	if th.ctx.Err() != nil {
		th.stopped(fr, pos)
	}
}

// resetBudget gives the steps until the next check: budgetSlice, or fewer when the step
// limit comes first, so that it stops the run at the step it is passed.
func (th *Thread) resetBudget() {
	n := budgetSlice
	if th.maxSteps > 0 && th.maxSteps-th.steps < int64(n) {
		n = int(max(th.maxSteps-th.steps, 0)) + 1
	}
	th.budget, th.slice = n, n
}

// newError builds a fatal error at pos in frame fr with the call stack.
func (th *Thread) newError(fr *frame, pos lexer.Position, msg string, cause error) *RuntimeError {
	e := &RuntimeError{Pos: pos, Msg: msg, Cause: cause}
	p := pos
	for f := fr; f != nil; f = f.caller {
		sf := StackFrame{Proc: f.proc.Name, Pos: p, Repeat: 1}
		p = f.callPos
		if f.callPosP != nil {
			p = *f.callPosP
		}
		if n := len(e.Stack); n > 0 && e.Stack[n-1].Proc == sf.Proc && e.Stack[n-1].Pos == sf.Pos {
			e.Stack[n-1].Repeat++
			continue
		}
		if len(e.Stack) == maxStackLevels {
			e.Stack = append(e.Stack, StackFrame{Proc: "...", Pos: sf.Pos, Repeat: 1})
			break
		}
		e.Stack = append(e.Stack, sf)
	}
	return e
}

func (th *Thread) fatalf(fr *frame, pos lexer.Position, format string, args ...any) {
	panic(th.newError(fr, pos, fmt.Sprintf(format, args...), nil))
}

// asRuntimeError converts anything recovered from a panic into a fatal error.
func (th *Thread) asRuntimeError(r any, fr *frame, pos lexer.Position) *RuntimeError {
	switch e := r.(type) {
	case *RuntimeError:
		return e
	case *memPanic:
		fr, pos = th.callSite(fr, pos)
		th.memOver = true
		limit := th.mem.limit
		if limit == 0 {
			limit = e.limit
		}
		return th.newError(fr, pos, fmt.Sprintf("memory limit of %s exceeded", FormatSize(limit)), ErrMemoryLimit)
	case *nonFatal:
		return th.newError(fr, pos, e.info.Message, nil)
	case runtime.Error:
		return th.newError(fr, pos, "internal error: "+e.Error(), e)
	case error:
		return th.newError(fr, pos, "internal error: "+e.Error(), e)
	}
	return th.newError(fr, pos, fmt.Sprintf("internal error: %v", r), nil)
}

// cancelled reports whether the run's context has ended, without the lock ctx.Err takes
// (it is asked after every builtin call).
func (th *Thread) cancelled() bool {
	if th.done == nil {
		return false
	}
	select {
	case <-th.done:
		return true
	default:
		return false
	}
}
