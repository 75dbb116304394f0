package interp

import (
	"errors"
	"fmt"
)

// ExceptionMode is what a fatal error (an exception) does in the process that chose it with
// ExceptionChangeParamètre / ExceptionChangeParameter.
type ExceptionMode int

// The behaviours of ExceptionChangeParamètre, as PC SOFT's page documents them.
const (
	// ExceptionDefault (epCode) is the standard handling: a QUAND EXCEPTION block or the
	// process's CAS EXCEPTION section handles the exception, else it reaches the caller.
	ExceptionDefault ExceptionMode = iota
	// ExceptionGotoCase (epGotoCasException) runs the process's CAS EXCEPTION section.
	ExceptionGotoCase
	// ExceptionProcedure (epExécuteProcédure) calls a procedure; what it returns
	// (ExceptionEndProcess, ExceptionEndProgram, ExceptionRestartProgram) says what follows.
	ExceptionProcedure
	// ExceptionResult (epRésultat / epResult) leaves the process, which returns the given
	// value; the exception goes no further.
	ExceptionResult
	// ExceptionReturn (epRetour / epReturn) leaves the process without a value; the
	// exception goes no further.
	ExceptionReturn
)

// What the procedure of ExceptionProcedure returns (opFinTraitement, opFinProgramme,
// opRelanceProgramme). Any other value is ExceptionEndProgram, the documented default.
const (
	// ExceptionEndProcess gives control back: the process where the exception happened ends
	// (the procedure that chose the behaviour returns; for the global procedure, the main
	// code or the host's Call ends normally).
	ExceptionEndProcess = 1
	// ExceptionEndProgram stops the program: the run ends with the exception as its fatal
	// error, which no other handler of the script sees.
	ExceptionEndProgram = 2
	// ExceptionRestartProgram asks for a restart, which a script run cannot do: the run
	// ends with a fatal error saying so.
	ExceptionRestartProgram = 3
)

// excSetting is a behaviour chosen in an activation, with the one it replaced
// (ExceptionRestaureParamètre goes back to it).
type excSetting struct {
	mode ExceptionMode
	arg  Value
	prev *excSetting
}

// errExcCall is the error of ExceptionChangeParamètre called where it has no process of its
// own to configure (through a procedure value or ExécuteTraitement).
var errExcCall = errors.New("ExceptionChangeParamètre must be called directly in the process it configures")

// SetExceptionMode chooses what a fatal error does in the process calling the builtin
// (ExceptionChangeParamètre): arg is the procedure of ExceptionProcedure and the value of
// ExceptionResult. The choice lasts until the process ends, another call replaces it, or
// RestoreExceptionMode goes back to the previous one.
func (th *Thread) SetExceptionMode(mode ExceptionMode, arg Value) error {
	fr := th.callFr
	if fr == nil || !fr.proc.changesExc {
		return errExcCall
	}
	switch mode {
	case ExceptionGotoCase:
		if fr.proc.handler == nil {
			return fmt.Errorf("epGotoCasException: %s has no CAS EXCEPTION: section", fr.proc.Name)
		}
	case ExceptionProcedure:
		if _, _, ok := th.procOf(arg); !ok {
			return fmt.Errorf("epExécuteProcédure needs a procedure, not %s", describeValue(arg))
		}
	case ExceptionDefault, ExceptionResult, ExceptionReturn:
	default:
		return fmt.Errorf("unknown behaviour %d", mode)
	}
	fr.exc = &excSetting{mode: mode, arg: arg, prev: fr.exc}
	return nil
}

// RestoreExceptionMode goes back to the behaviour the last SetExceptionMode of the calling
// process replaced (ExceptionRestaureParamètre); it does nothing when there is none.
func (th *Thread) RestoreExceptionMode() error {
	fr := th.callFr
	if fr == nil || !fr.proc.changesExc {
		return errExcCall
	}
	if fr.exc != nil {
		fr.exc = fr.exc.prev
	}
	return nil
}

// SetGlobalExceptionProcedure makes proc the procedure called for an exception that no
// process handles (epExécuteProcédureGlobale): when it reaches the main code or a host's
// Call. Each call replaces the previous procedure; Null removes it.
func (th *Thread) SetGlobalExceptionProcedure(proc Value) error {
	if proc.IsNull() {
		th.excGlobal = Null
		return nil
	}
	if _, _, ok := th.procOf(proc); !ok {
		return fmt.Errorf("epExécuteProcédureGlobale needs a procedure, not %s", describeValue(proc))
	}
	th.excGlobal = proc
	return nil
}

// procOf finds the procedure a value names: a procedure value or a procedure's name.
func (th *Thread) procOf(v Value) (*Proc, *frame, bool) {
	switch v.k {
	case KProc:
		c := v.r.(*closure)
		return c.proc, c.up, true
	case KString:
		if p := th.prog.procByName(v.String()); p != nil {
			return p, nil, true
		}
	}
	return nil, nil, false
}

// isTop reports whether fr is the outermost activation of the run or of a host's Call,
// where the global exception procedure applies.
func (fr *frame) isTop() bool { return fr.caller == nil || fr.caller.root }

// handleException applies the exception behaviour of fr, or the global procedure at the top,
// to the fatal error caught; it reports false when neither applies (the process's CAS
// EXCEPTION section, or the caller, handles it as usual). The activation's stack was
// restored and the error recorded for ExceptionInfo.
func (th *Thread) handleException(fr *frame, caught any) bool {
	var proc Value
	switch {
	case fr.exc != nil && fr.exc.mode == ExceptionResult:
		fr.ret = fr.exc.arg
		return true
	case fr.exc != nil && fr.exc.mode == ExceptionReturn:
		return true
	case fr.exc != nil && fr.exc.mode == ExceptionProcedure:
		proc = fr.exc.arg
	case fr.proc.handler != nil:
		return false
	case fr.isTop() && !th.excGlobal.IsNull():
		proc = th.excGlobal
	default:
		return false
	}
	p, up, _ := th.procOf(proc)
	action := th.callProc(fr, p, up, nil, fr.proc.Pos)
	switch action.AsInt() {
	case ExceptionEndProcess:
		return true
	case ExceptionRestartProgram:
		th.excStop = true
		e := th.asRuntimeError(caught, fr, fr.proc.Pos)
		panic(&RuntimeError{Pos: e.Pos, Stack: e.Stack, Cause: e.Cause,
			Msg: e.Msg + " (the exception procedure asked to restart the program with opRelanceProgramme, which wl cannot do)"})
	}
	th.excStop = true
	panic(th.asRuntimeError(caught, fr, fr.proc.Pos))
}
