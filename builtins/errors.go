package builtins

import (
	"errors"
	"fmt"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// Information types of ErreurInfo / ErrorInfo and ExceptionInfo. errMessage is 1 and
// errComplet/errFullDetails 19 in the code WINDEV compiles; the others are wl's values.
const (
	errMessage       = 1  // errMessage: the one-line message (the default)
	errCode          = 2  // errCode: the WLanguage error number (ErreurPropage's, ErreurDéclenche's)
	errSystemCode    = 3  // errCodeSystème / errSystemCode: the system's or server's code
	errSystemMessage = 4  // errMessageSystème / errSystemMessage: the system's or server's text
	errFunction      = 5  // errFonction / errFunction: the WLanguage function that failed
	errProcess       = 6  // errTraitement / errProcess: the procedure that called it
	errLine          = 7  // errLigne / errLine: the line of the call
	errSummary       = 8  // errRésumé / errSummary: the message's first line
	errStack         = 9  // errPile / errStack: the WLanguage call stack of the failing call
	errDateTime      = 10 // errDateHeure / errDateTime: when the error happened
	errFullDetails   = 19
)

// Behaviours of ErreurChangeParamètre (wl's values).
const (
	epCode                  = 1 // epCode: failures are handled by the code (ErreurDétectée)
	epGotoCaseError         = 2 // epGotoCasErreur: jump to the process's CAS ERREUR: label
	epResult                = 3 // epRenvoyer
	epResultError           = 4 // epRenvoyerErreur
	epExecuteProcedure      = 5 // epExécuteProcédure
	epDisplayMessage        = 6 // epAfficheMessage
	epDisplayMessageEndProg = 7 // epAfficheMessageFinProgramme
	epDisplayMessageEndProc = 8 // epAfficheMessageFinTraitement
	epDisplayMessageRestart = 9 // epAfficheMessageRelanceProgramme

	// Behaviours of ExceptionChangeParamètre only (epCode, epExécuteProcédure and
	// epRenvoyer / epResult are shared).
	epGotoCaseException       = 10 // epGotoCasException
	epExecuteProcedureOverall = 11 // epExécuteProcédureGlobale
	epReturnWithoutValue      = 12 // epRetour / epReturn
	opEndProcess              = interp.ExceptionEndProcess
	opEndProgram              = interp.ExceptionEndProgram
	opRelaunchProgram         = interp.ExceptionRestartProgram
)

func registerErrors(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(errMessage, "errMessage")
	c(errCode, "errCode")
	c(errSystemCode, "errCodeSystème", "errSystemCode")
	c(errSystemMessage, "errMessageSystème", "errSystemMessage")
	c(errFunction, "errFonction", "errFunction")
	c(errProcess, "errTraitement", "errProcess")
	c(errLine, "errLigne", "errLine")
	c(errSummary, "errRésumé", "errSummary")
	c(errStack, "errPile", "errStack")
	c(errDateTime, "errDateHeure", "errDateTime")
	c(errFullDetails, "errComplet", "errFullDetails")
	c(epCode, "epCode")
	c(epGotoCaseError, "epGotoCasErreur", "epGotoCaseError")
	c(epResult, "epRenvoyer", "epResult")
	c(epResultError, "epRenvoyerErreur", "epResultError", "epReturnError")
	c(epExecuteProcedure, "epExécuteProcédure", "epExecuteProcedure")
	c(epDisplayMessage, "epAfficheMessage", "epDisplayMessage")
	c(epDisplayMessageEndProg, "epAfficheMessageFinProgramme", "epDisplayMessageEndProgram")
	c(epDisplayMessageEndProc, "epAfficheMessageFinTraitement", "epDisplayMessageEndProcess")
	c(epDisplayMessageRestart, "epAfficheMessageRelanceProgramme", "epDisplayMessageRestartProgram")
	c(epGotoCaseException, "epGotoCasException", "epGotoCaseException")
	c(epExecuteProcedureOverall, "epExécuteProcédureGlobale", "epExecuteProcedureOverall")
	c(epReturnWithoutValue, "epRetour", "epReturn")
	c(opEndProcess, "opFinTraitement", "opEndProcess")
	c(opEndProgram, "opFinProgramme", "opEndProgram")
	c(opRelaunchProgram, "opRelanceProgramme", "opRelaunchProgram")

	// ErreurDétectée / ErrorOccurred is a variable: Vrai after a function failed, reset to
	// Faux when the next function that can fail is called. Assigning Faux resets it; the
	// third-party spelling ErreurDétectée() works too.
	r.variable(&interp.Var{Names: []string{"ErreurDétectée", "ErrorOccurred"},
		Get: func(th *interp.Thread) interp.Value { return interp.Bool(th.ErrorOccurred()) },
		Set: func(th *interp.Thread, v interp.Value) error {
			if v.AsBool() {
				return errors.New("ErreurDétectée can only be set to Faux (use ErreurDéclenche to report an error)")
			}
			th.ClearError()
			return nil
		}})
	// ErreurInfo([type]) describes the last failure (non-fatal error, or fatal error caught by
	// CAS EXCEPTION / QUAND EXCEPTION): its message without a type. It is "" (0 for numbers)
	// when nothing failed.
	r.fn(&interp.Builtin{Names: []string{"ErreurInfo", "ErrorInfo"}, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return errorInfo("ErreurInfo", th.LastError(), a)
		}})
	// ExceptionInfo([type]) describes the fatal error a CAS EXCEPTION section or a QUAND
	// EXCEPTION block is handling.
	r.fn(&interp.Builtin{Names: []string{"ExceptionInfo"}, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return errorInfo("ExceptionInfo", th.LastException(), a)
		}})
	// ErreurPropage([message]), ErreurPropage(number) or ErreurPropage(number, message): the
	// current procedure stops and its caller sees a failure, as if the call had failed
	// (ErreurDétectée, or the caller's CAS ERREUR section). Without a message, the last error
	// is propagated.
	r.fn(&interp.Builtin{Names: []string{"ErreurPropage", "ErrorPropagate"}, MaxArgs: 2, Propagates: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			info := th.LastError()
			switch {
			case len(a) == 1 && (a[0].Kind() == interp.KInt || a[0].Kind() == interp.KReal):
				code, err := errorNumber("ErreurPropage", a[0])
				if err != nil {
					return interp.Null, err
				}
				info = interp.ErrorInfo{Message: fmt.Sprintf("error %d", code), Code: code}
			case len(a) == 1:
				info = interp.ErrorInfo{Message: a[0].String()}
			case len(a) == 2:
				code, err := errorNumber("ErreurPropage", a[0])
				if err != nil {
					return interp.Null, err
				}
				info = interp.ErrorInfo{Message: a[1].String(), Code: code}
			}
			if info.Message == "" {
				info.Message = "error propagated by ErreurPropage"
			}
			th.Propagate(info)
			return interp.Null, nil
		}})
	// ErreurDéclenche(number [, message]) reports a non-fatal error of the script's own, as a
	// WLanguage function does when it fails: ErreurDétectée becomes Vrai, or the process's CAS
	// ERREUR section runs.
	r.fn(&interp.Builtin{Names: []string{"ErreurDéclenche", "ErrorThrow"}, MinArgs: 1, MaxArgs: 2, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			code, err := errorNumber("ErreurDéclenche", a[0])
			if err != nil {
				return interp.Null, err
			}
			msg := fmt.Sprintf("error %d", code)
			if len(a) > 1 {
				msg = a[1].String()
			}
			th.SetError(interp.ErrorInfo{Message: msg, Code: code, Time: now(th)})
			return interp.Bool(false), nil
		}})
	// ExceptionDéclenche(number [, message]) raises a fatal error (an exception) that CAS
	// EXCEPTION and QUAND EXCEPTION can handle.
	r.fn(&interp.Builtin{Names: []string{"ExceptionDéclenche", "ExceptionThrow"}, MinArgs: 1, MaxArgs: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			code, err := errorNumber("ExceptionDéclenche", a[0])
			if err != nil {
				return interp.Null, err
			}
			msg := fmt.Sprintf("exception %d", code)
			if len(a) > 1 {
				msg = a[1].String()
			}
			return interp.Null, &thrownException{code: code, msg: msg}
		}})
	// ErreurChangeParamètre(behaviour) accepts epCode and epGotoCasErreur, which together are
	// what wl always does: a failing function sets ErreurDétectée, and a process with a CAS
	// ERREUR: section continues there. The other behaviours (returning a value, calling a
	// procedure, showing a dialog) are a fatal error, rather than being silently ignored.
	// ErreurRestaureParamètre has nothing to restore.
	r.fn(&interp.Builtin{Names: []string{"ErreurChangeParamètre", "ErrorChangeParameter"}, MinArgs: 1, MaxArgs: 3,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			switch b := a[0].AsInt(); b {
			case epCode, epGotoCaseError:
				return interp.Null, nil
			default:
				return interp.Null, fmt.Errorf("ErreurChangeParamètre: behaviour %s is not supported by wl (only epCode and epGotoCasErreur)", a[0].String())
			}
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurRestaureParamètre", "ErrorRestoreParameter"}, MaxArgs: 1,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Null, nil }})
	registerExceptionParameter(r)
}

// errorNumber reads the error number of ErreurPropage and its kin: 1 to 1000.
func errorNumber(fn string, v interp.Value) (int, error) {
	n := v.AsInt()
	if n < 1 || n > 1000 {
		return 0, fmt.Errorf("%s: the error number must be between 1 and 1000, not %s", fn, v.String())
	}
	return int(n), nil
}

// errorInfo answers ErreurInfo(type) and ExceptionInfo(type) from info.
func errorInfo(fn string, info interp.ErrorInfo, a []interp.Value) (interp.Value, error) {
	what := int64(errMessage)
	if len(a) > 0 && !a[0].IsNull() {
		what = a[0].AsInt()
	}
	switch what {
	case errMessage:
		return interp.Str(info.Message), nil
	case errCode:
		return interp.Int(int64(info.Code)), nil
	case errSystemCode:
		return interp.Int(int64(info.SystemCode)), nil
	case errSystemMessage:
		return interp.Str(info.SystemMessage), nil
	case errFunction:
		return interp.Str(info.Function), nil
	case errProcess:
		return interp.Str(info.Proc), nil
	case errLine:
		return interp.Int(int64(info.Pos.Line)), nil
	case errSummary:
		first, _, _ := strings.Cut(info.Message, "\n")
		return interp.Str(first), nil
	case errStack:
		return interp.Str(info.StackText()), nil
	case errDateTime:
		if info.Time.IsZero() {
			return interp.Null, nil
		}
		return interp.DateTimeOf(info.Time), nil
	case errFullDetails:
		return interp.Str(info.Full()), nil
	}
	return interp.Null, fmt.Errorf("%s: unknown information type %s (errMessage, errComplet...)", fn, a[0].String())
}

// thrownException is the error of ExceptionDéclenche: its number is ExceptionInfo(errCode).
type thrownException struct {
	code int
	msg  string
}

func (e *thrownException) Error() string { return e.msg }

// ErrorCode implements interp.CodedError.
func (e *thrownException) ErrorCode() int { return e.code }
