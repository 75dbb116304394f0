package builtins

import (
	"os"
	"os/user"
	"runtime"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
)

// Information types of ExeInfo (wl's values).
const (
	exeInfoName        = 1 // exeNom / exeName
	exeInfoVersion     = 2 // exeVersion
	exeInfoDescription = 3 // exeDescription
)

func registerSystem(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// SysEnvironnement(name) reads one environment variable ("" when unset), so passwords can
	// stay out of scripts; without a name it gives every "NAME=value", sorted, one per line
	// (RC).
	fn([]string{"SysEnvironnement", "SysEnvironment"}, 0, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if len(a) == 0 {
			return interp.Str(strings.Join(environ(th), "\r\n")), nil
		}
		return interp.Str(getenv(th, a[0].String())), nil
	})
	// LigneCommande() is the script's arguments (those after the script's name) separated by
	// spaces, an argument holding a space being quoted; LigneCommande(n) the n-th ("" past
	// the last); LigneCommande("name") the value of a "/name=value" or "-name=value"
	// argument, compared without case ("" when absent).
	fn([]string{"LigneCommande", "CommandLine"}, 0, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		args := th.Args()
		if len(a) == 0 || a[0].IsNull() {
			quoted := make([]string, len(args))
			for i, s := range args {
				if strings.ContainsAny(s, " \t") {
					s = `"` + s + `"`
				}
				quoted[i] = s
			}
			return interp.Str(strings.Join(quoted, " ")), nil
		}
		if a[0].Kind() == interp.KString {
			want := strings.ToLower(a[0].String())
			for _, arg := range args {
				if !strings.HasPrefix(arg, "/") && !strings.HasPrefix(arg, "-") {
					continue
				}
				k, v, _ := strings.Cut(strings.TrimLeft(arg, "/-"), "=")
				if strings.ToLower(k) == want {
					return interp.Str(v), nil
				}
			}
			return interp.Str(""), nil
		}
		i := a[0].AsInt()
		if i < 1 || i > int64(len(args)) {
			return interp.Str(""), nil
		}
		return interp.Str(args[i-1]), nil
	})
	// Multitâche(n) and ThreadPause(n) wait n hundredths of a second (a duration is taken as
	// it is; Multitâche's negative n waits -n hundredths). The wait ends early when the run
	// is cancelled.
	pause := func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if len(a) == 0 {
			return interp.Null, nil
		}
		var d time.Duration
		if a[0].Kind() == interp.KDuration {
			d = time.Duration(a[0].Millis()) * time.Millisecond
		} else {
			n := a[0].AsInt()
			if n < 0 {
				n = -n
			}
			d = time.Duration(min(n, int64(time.Duration(1<<62)/(10*time.Millisecond)))) * 10 * time.Millisecond
		}
		if d <= 0 {
			return interp.Null, nil
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-th.Context().Done():
		}
		return interp.Null, nil
	}
	fn([]string{"Multitâche", "Multitask"}, 0, 1, pause)
	fn([]string{"ThreadPause"}, 1, 1, pause)
	fn([]string{"SysNomExe", "SysExeName"}, 0, 1, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		return interp.Str("wl"), nil
	})
	// ExeInfo(info) describes the running program, which is wl: exeNom gives "wl",
	// exeVersion "" (wl has no WINDEV version), exeDescription a line about wl.
	r.constant(interp.Int(exeInfoName), "exeNom", "exeName")
	r.constant(interp.Int(exeInfoVersion), "exeVersion")
	r.constant(interp.Int(exeInfoDescription), "exeDescription")
	fn([]string{"ExeInfo"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		switch a[0].AsInt() {
		case exeInfoName:
			return interp.Str("wl"), nil
		case exeInfoDescription:
			return interp.Str("wl, a WLanguage interpreter"), nil
		}
		return interp.Str(""), nil
	})
	fn([]string{"NetNomMachine", "NetMachineName", "SysNomMachine", "SysComputerName"}, 0, 0, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		h, _ := os.Hostname()
		return interp.Str(h), nil
	})
	// RéseauUtilisateur / NetworkUser is the name of the user running the script.
	fn([]string{"RéseauUtilisateur", "NetworkUser"}, 0, 2, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		if u, err := user.Current(); err == nil && u.Username != "" {
			return interp.Str(u.Username), nil
		}
		for _, k := range []string{"USER", "USERNAME", "LOGNAME"} {
			if v := os.Getenv(k); v != "" {
				return interp.Str(v), nil
			}
		}
		return interp.Str(""), nil
	})
	// FinProgramme / EndProgram ends the run at once, as a normal end (exit status 0):
	// procedures and exception handlers do not run further. Its parameters (a request to
	// restart the application) are accepted and ignored: a script is not restarted.
	fn([]string{"FinProgramme", "EndProgram"}, 0, 2, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		th.EndProgram()
		return interp.Null, nil
	})
	fn([]string{"EnModeTest", "InTestMode"}, 0, 0, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		return interp.Bool(false), nil
	})
	// SysVersionWindows names the operating system wl runs on ("linux", "windows"...).
	fn([]string{"SysVersionWindows", "SysWindowsVersion"}, 0, 1, func(*interp.Thread, []interp.Value) (interp.Value, error) {
		return interp.Str(runtime.GOOS), nil
	})
}
