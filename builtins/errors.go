package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
)

// ErreurInfo / ErrorInfo and ExceptionInfo information types. errMessage is 1 and
// errComplet/errFullDetails is 19 in WINDEV's compiled code; the others are wl's values.
const (
	errMessage       = 1
	errCode          = 2
	errSystemCode    = 3
	errSystemMessage = 4
	errFunction      = 5
	errProcess       = 6
	errLine          = 7
	errFullDetails   = 19
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
	c(errFullDetails, "errComplet", "errFullDetails")

	// ErreurDétectée / ErrorOccurred is a variable: Vrai after a function failed, reset by the
	// next function that can fail. The third-party spelling ErreurDétectée() works too.
	r.variable(&interp.Var{Names: []string{"ErreurDétectée", "ErrorOccurred"},
		Get: func(th *interp.Thread) interp.Value { return interp.Bool(th.ErrorOccurred()) },
		Set: func(th *interp.Thread, v interp.Value) error {
			if !v.AsBool() {
				th.ClearError()
			}
			return nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurInfo", "ErrorInfo"}, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return errorInfo(th.LastError(), a), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ExceptionInfo"}, MaxArgs: 1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return errorInfo(th.LastException(), a), nil
		}})
	// ErreurPropage([message]) or ErreurPropage(code, message): the current procedure stops
	// and its caller sees a failure (ErreurDétectée, or its CAS ERREUR section).
	r.fn(&interp.Builtin{Names: []string{"ErreurPropage", "ErrorPropagate"}, MaxArgs: 2, Propagates: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			info := th.LastError()
			switch len(a) {
			case 1:
				info = interp.ErrorInfo{Message: a[0].String()}
			case 2:
				code := a[0].AsInt()
				if code < 1 || code > 1000 {
					return interp.Null, fmt.Errorf("ErreurPropage: the error number must be between 1 and 1000, not %d", code)
				}
				info = interp.ErrorInfo{Message: a[1].String(), Code: int(code)}
			}
			if info.Message == "" {
				info.Message = "error propagated by ErreurPropage"
			}
			th.Propagate(info)
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurDéclenche", "ErrorThrow", "ExceptionDéclenche", "ExceptionThrow"}, MinArgs: 1, MaxArgs: 2,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			msg := a[len(a)-1].String()
			return interp.Null, fmt.Errorf("%s", msg)
		}})
}

// errorInfo answers ErreurInfo(type): the message by default.
func errorInfo(info interp.ErrorInfo, a []interp.Value) interp.Value {
	what := int64(errMessage)
	if len(a) > 0 {
		what = a[0].AsInt()
	}
	switch what {
	case errCode:
		return interp.Int(int64(info.Code))
	case errSystemCode:
		return interp.Int(int64(info.SystemCode))
	case errSystemMessage:
		return interp.Str(info.SystemMessage)
	case errFunction:
		return interp.Str(info.Function)
	case errProcess:
		return interp.Str(info.Proc)
	case errLine:
		return interp.Int(int64(info.Pos.Line))
	case errFullDetails:
		return interp.Str(info.Full())
	}
	return interp.Str(info.Message)
}
