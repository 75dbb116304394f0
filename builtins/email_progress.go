package builtins

import (
	"fmt"

	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// progressKey holds the procedure EmailJauge gave, in the run's thread state.
type progressKey struct{}

// progressProc is the run's EmailJauge procedure (Null when none); muted counts the reads
// under way that must not call it (ertAsynchrone).
type progressProc struct {
	v     interp.Value
	muted int
}

func progressOf(th *interp.Thread) *progressProc {
	return th.State(progressKey{}, func() any { return &progressProc{v: interp.Null} }).(*progressProc)
}

// progressFunc is EmailJauge / EmailProgressBar([<procedure>]): from now on, while a
// message is sent (SMTP) or read whole (POP3, IMAP) by a synchronous session, the WLanguage
// procedure is called with the number of bytes transferred so far and the size of the
// message (0 when the server did not announce it):
//
//	PROCÉDURE MaJauge(nFait est un entier, nTotal est un entier)
//
// as the bytes pass (about every 64 KiB) and once at the end, so a large message can show its progress. Given as a
// procedure or its name; a procedure that declares fewer parameters gets only those.
// Without a parameter, or with "", the procedure is removed. Asynchronous sessions and
// ertAsynchrone reads call nothing (PC SOFT ignores the progress there too). It returns Vrai.
func progressFunc(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	p := progressOf(th)
	v := arg(args, 0)
	if v.IsNull() || (v.Kind() == interp.KString && v.String() == "") {
		p.v = interp.Null
		return interp.Bool(true), nil
	}
	if _, _, ok := th.ProcArity(v); !ok {
		return interp.Null, fmt.Errorf("EmailJauge: %s is not a procedure", v.String())
	}
	p.v = v
	return interp.Bool(true), nil
}

// progressHook is the mailrt.ProgressFunc of a synchronous session: it calls the run's
// EmailJauge procedure, if any, at the time of the transfer. mailrt calls it in the
// script's goroutine (the client's caller), never from the spool's.
//
// A fatal error in the procedure must not unwind through the mail client, which would be
// left in the middle of a message (an IMAP client then waits forever for the rest of its
// literal): it is caught here, the transfer stops (mailrt drops the connection; a message
// being sent is not delivered), and fail raises it again once the client has returned.
func progressHook(th *interp.Thread) mailrt.ProgressFunc {
	p := progressOf(th)
	return func(done, total int64) (err error) {
		if p.v.IsNull() || p.muted > 0 {
			return nil
		}
		n, variadic, ok := th.ProcArity(p.v)
		if !ok {
			return nil
		}
		args := []interp.Value{interp.Int(done), interp.Int(total)}
		if !variadic && n < len(args) {
			args = args[:n]
		}
		defer func() {
			if r := recover(); r != nil {
				err = &progressAbort{r}
			}
		}()
		th.CallValue(p.v, args...)
		return nil
	}
}

// progressAbort carries what stopped the EmailJauge procedure (a fatal error) out of the
// mail client, for fail to raise again.
type progressAbort struct{ panicked any }

func (*progressAbort) Error() string { return "the EmailJauge procedure stopped" }
