package builtins

import (
	"fmt"
	"io"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// registerCore adds the constants every script uses, the output functions and the error
// functions.
func registerCore(r *registrar) {
	r.constant(interp.Bool(true), "Vrai", "True")
	r.constant(interp.Bool(false), "Faux", "False")
	r.constant(interp.Null, "Null")
	r.constant(interp.Str("\r\n"), "RC", "CR")
	r.constant(interp.Str("\t"), "TAB")
	r.constant(interp.Str("\x1a"), "EOT")

	r.fn(&interp.Builtin{Names: []string{"Trace"}, MaxArgs: -1, Fn: trace})
	r.fn(&interp.Builtin{Names: []string{"Info"}, MaxArgs: -1, Fn: info})
	r.fn(&interp.Builtin{Names: []string{"Erreur", "Error"}, MaxArgs: -1, Fn: errorBox})
}

// joinArgs joins the arguments of Trace with ", " (Trace shows its parameters on one line).
func joinArgs(th *interp.Thread, args []interp.Value, sep string) string {
	parts := make([]string, len(args))
	n := 0
	for i, a := range args {
		parts[i] = th.ToString(a)
		n += len(parts[i]) + len(sep)
	}
	th.Alloc(int64(n))
	return strings.Join(parts, sep)
}

// writeLines writes s followed by a line break, with the script's CR/LF turned into "\n".
func writeLines(w io.Writer, s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	fmt.Fprintln(w, s)
}

// trace is Trace: its parameters on one line of standard output, separated by ", ".
func trace(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	writeLines(th.Stdout(), joinArgs(th, args, ", "))
	return interp.Null, nil
}

// info is Info: outside a window it writes each parameter on its own line of standard
// output.
func info(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	for _, a := range args {
		writeLines(th.Stdout(), th.ToString(a))
	}
	return interp.Null, nil
}

// errorBox is Erreur/Error: outside a window it writes each parameter on its own line of
// standard error.
func errorBox(th *interp.Thread, args []interp.Value) (interp.Value, error) {
	if len(args) == 0 {
		writeLines(th.Stderr(), th.LastError().Message)
	}
	for _, a := range args {
		writeLines(th.Stderr(), th.ToString(a))
	}
	return interp.Null, nil
}
