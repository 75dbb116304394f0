package interp

import (
	"context"
	"errors"

	"github.com/alecthomas/participle/v2/lexer"
)

// Start runs the program's main code on the thread, like Run, but leaves open what the run
// opened (email sessions, the sending spool) so that the host can then call procedures with
// Call on the same globals; Close ends the run. A fatal WLanguage error is returned as a
// *RuntimeError.
func (th *Thread) Start() (err error) {
	if th.initErr != nil {
		return th.initErr
	}
	main := th.prog.main
	fr := &frame{th: th, proc: main}
	defer func() {
		if r := recover(); r != nil && !isEndRun(r) {
			err = th.asRuntimeError(r, fr, main.Pos)
		}
	}()
	fr.slots = make([]Value, main.nslots)
	th.runProcBody(fr)
	return nil
}

// Close ends a run begun with Start: the functions registered with AtExit run (email
// sessions are closed, the spool is drained).
func (th *Thread) Close() { th.runAtExit() }

// SetContext replaces the context of the thread, for the next Call, and starts a new count
// of steps for Options.MaxSteps and of time for Options.Timeout.
func (th *Thread) SetContext(ctx context.Context) {
	if ctx == nil {
		ctx = context.Background()
	}
	if th.cancelTimeout != nil {
		th.cancelTimeout()
		th.cancelTimeout = nil
	}
	if th.timeout > 0 {
		ctx, th.cancelTimeout = context.WithTimeoutCause(ctx, th.timeout, ErrTimeout)
	}
	th.ctx, th.done = ctx, ctx.Done()
	th.steps = 0
	th.resetBudget()
	th.memOver = false
}

// aborting reports whether the run is being stopped by its context or one of its limits:
// the fatal error raised then is not caught by CAS EXCEPTION, CAS ERREUR or QUAND
// EXCEPTION, so that a script cannot keep running past a cancellation or a limit.
func (th *Thread) aborting() bool {
	return th.ctx.Err() != nil || (th.maxSteps > 0 && th.steps > th.maxSteps) || th.memOver
}

// checkCancel raises the fatal error of a cancelled run at pos, after a builtin returned:
// a builtin that waits (an email exchange, Multitâche) returns early when the context ends,
// and the script must not go on as if it had merely failed.
func (th *Thread) checkCancel(fr *frame, pos lexer.Position) {
	if th.ctx.Err() != nil {
		th.errRaised = false
		th.stopped(fr, pos)
	}
}

// stopped raises the fatal error of a run whose context ended: its timeout, or the host's
// cancellation or deadline.
func (th *Thread) stopped(fr *frame, pos lexer.Position) {
	th.budget = 0
	if cause := context.Cause(th.ctx); errors.Is(cause, ErrTimeout) {
		panic(th.newError(fr, pos, "time limit of "+th.timeout.String()+" exceeded", cause))
	}
	err := th.ctx.Err()
	panic(th.newError(fr, pos, "run cancelled: "+err.Error(), err))
}
