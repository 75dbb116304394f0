package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
)

// registerExceptionParameter registers ExceptionChangeParamètre and ExceptionRestaureParamètre.
//
// ExceptionChangeParamètre(behaviour [, parameter]) chooses what an exception (a fatal error
// not handled by a QUAND EXCEPTION block) does in the process that calls it, as PC SOFT's page
// documents:
//
//   - epCode: the standard handling (QUAND EXCEPTION, the CAS EXCEPTION: section, else the
//     caller);
//   - epGotoCasException / epGotoCaseException: the process's CAS EXCEPTION: section runs (a
//     fatal error at the call when the process has none);
//   - epExécuteProcédure / epExecuteProcedure, procedure: the procedure (its name as a
//     string, or a procedure value: a procedure without parameters named alone is called,
//     as everywhere in wl) is called without parameters, ExceptionInfo describing the
//     exception, and what it returns says what follows: opFinTraitement / opEndProcess ends the process (the procedure that made the
//     choice returns), opFinProgramme / opEndProgram (the default, for any other value) stops
//     the run with the exception as its fatal error, which no handler of the script sees;
//     opRelanceProgramme / opRelaunchProgram cannot restart a script run, so it stops the
//     run the same way with a message saying so;
//   - epExécuteProcédureGlobale / epExecuteProcedureOverall, procedure: the procedure is
//     called for an exception no process handles, when it reaches the main code (or a Go
//     host's Call): opFinTraitement then ends the main code (or the Call) normally;
//   - epRenvoyer / epResult, value: the process returns the value; the exception goes no
//     further (ExceptionInfo still describes it);
//   - epRetour / epReturn: the process returns without a value; the exception goes no
//     further.
//
// The choice lasts until the process returns; ExceptionRestaureParamètre goes back to the
// previous one. A QUAND EXCEPTION block inside the process still handles its own exceptions
// first. The French names epRetour, epGotoCasException and epExécuteProcédureGlobale follow
// PC SOFT's naming; the page read for this gave the English names. The behaviours of ErreurChangeParamètre that show a dialog are not
// behaviours of ExceptionChangeParamètre: they are a fatal error.
func registerExceptionParameter(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"ExceptionChangeParamètre", "ExceptionChangeParameter"},
		MinArgs: 1, MaxArgs: 2, ChangesExceptions: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			arg := interp.Null
			if len(a) > 1 {
				arg = a[1]
			}
			needArg := func(what string) error {
				if len(a) < 2 {
					return fmt.Errorf("%s needs a procedure as second parameter", what)
				}
				return nil
			}
			var err error
			switch a[0].AsInt() {
			case epCode:
				err = th.SetExceptionMode(interp.ExceptionDefault, arg)
			case epGotoCaseException:
				err = th.SetExceptionMode(interp.ExceptionGotoCase, arg)
			case epExecuteProcedure:
				if err = needArg("epExécuteProcédure"); err == nil {
					err = th.SetExceptionMode(interp.ExceptionProcedure, arg)
				}
			case epExecuteProcedureOverall:
				if err = needArg("epExécuteProcédureGlobale"); err == nil {
					err = th.SetGlobalExceptionProcedure(arg)
				}
			case epResult:
				err = th.SetExceptionMode(interp.ExceptionResult, arg)
			case epReturnWithoutValue:
				err = th.SetExceptionMode(interp.ExceptionReturn, arg)
			default:
				return interp.Null, fmt.Errorf("ExceptionChangeParamètre: behaviour %s is not one of its behaviours (epCode, epGotoCasException, epExécuteProcédure, epExécuteProcédureGlobale, epRenvoyer, epRetour)", a[0].String())
			}
			if err != nil {
				return interp.Null, fmt.Errorf("ExceptionChangeParamètre: %v", err)
			}
			return interp.Null, nil
		}})
	// ExceptionRestaureParamètre() goes back to the behaviour the last ExceptionChangeParamètre
	// of the process replaced.
	r.fn(&interp.Builtin{Names: []string{"ExceptionRestaureParamètre", "ExceptionRestoreParameter"},
		ChangesExceptions: true,
		Fn: func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
			if err := th.RestoreExceptionMode(); err != nil {
				return interp.Null, fmt.Errorf("ExceptionRestaureParamètre: %v", err)
			}
			return interp.Null, nil
		}})
}
