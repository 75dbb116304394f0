package builtins

import "github.com/wl-lang/wl/interp"

// registerDelayedMessages adds InfoAvecDélai / InfoWithTimeout and ErreurAvecDélai /
// ErrorWithTimeout (duration, message...): in a window they close by themselves after the
// duration; outside one they write their messages as Info and Erreur do, one per line, on
// standard output and standard error, and do not wait.
func registerDelayedMessages(r *registrar) {
	r.fn(&interp.Builtin{Names: []string{"InfoAvecDélai", "InfoWithTimeout"}, MinArgs: 2, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return info(th, a[1:])
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurAvecDélai", "ErrorWithTimeout"}, MinArgs: 2, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return errorBox(th, a[1:])
		}})
}
