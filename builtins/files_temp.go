package builtins

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// registerFileTemp registers fFichierTemp / fTempFile.
func registerFileTemp(r *registrar) {
	// fFichierTemp([prefix [, directory]]) returns the full name of a new, empty file with a
	// unique name: prefix, digits, ".tmp", in directory or else in the system's temporary
	// directory (fRepTemp). The file is created so that no other program takes the name
	// (Windows' GetTempFileName does the same). A failure returns "" and sets
	// ErreurDétectée.
	r.fn(&interp.Builtin{Names: []string{"fFichierTemp", "fTempFile"}, MaxArgs: 2, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			prefix, dir := stringArg(a, 0), stringArg(a, 1)
			if strings.ContainsAny(prefix, `/\`) {
				th.SetError(interp.ErrorInfo{Message: "fFichierTemp: the prefix " + prefix + " holds a path separator"})
				return interp.Str(""), nil
			}
			d := tempDir(th)
			if dir != "" {
				d = osPath(th, dir)
			}
			f, err := os.CreateTemp(d, prefix+"*.tmp")
			if err != nil {
				fileError(th, "cannot create a temporary file in "+d, err)
				return interp.Str(""), nil
			}
			f.Close()
			name, err := filepath.Abs(f.Name())
			if err != nil {
				name = f.Name()
			}
			return interp.Str(name), nil
		}})
}
