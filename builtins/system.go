package builtins

import (
	"os"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
)

func registerSystem(r *registrar) {
	// SysEnvironnement(name) reads one environment variable ("" when unset), so passwords can
	// stay out of scripts; without a name it gives every "NAME=value", one per line.
	r.fn(&interp.Builtin{Names: []string{"SysEnvironnement", "SysEnvironment"}, MaxArgs: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			if len(a) == 0 {
				env := os.Environ()
				sort.Strings(env)
				return interp.Str(strings.Join(env, "\r\n")), nil
			}
			return interp.Str(os.Getenv(a[0].String())), nil
		}})
	// LigneCommande(n) is the n-th argument given after the script's name; LigneCommande()
	// all of them separated by spaces.
	r.fn(&interp.Builtin{Names: []string{"LigneCommande", "CommandLine"}, MaxArgs: 2,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			args := th.Args()
			if len(a) == 0 {
				return interp.Str(strings.Join(args, " ")), nil
			}
			if a[0].Kind() == interp.KString {
				// LigneCommande("name"): the value of a "/name=value" or "-name=value" argument.
				want := strings.ToLower(a[0].String())
				for _, arg := range args {
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
		}})
	wait := func(th *interp.Thread, d time.Duration) {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-th.Context().Done():
		}
	}
	// Multitâche(n) waits n hundredths of a second (a negative n too); ThreadPause(n) the same.
	pause := func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if len(a) > 0 {
			n := a[0].AsInt()
			if n < 0 {
				n = -n
			}
			if a[0].Kind() == interp.KDuration {
				wait(th, time.Duration(a[0].Millis())*time.Millisecond)
			} else {
				wait(th, time.Duration(n)*10*time.Millisecond)
			}
		}
		return interp.Null, nil
	}
	r.fn(&interp.Builtin{Names: []string{"Multitâche", "Multitask"}, MaxArgs: 1, Fn: pause})
	r.fn(&interp.Builtin{Names: []string{"ThreadPause"}, MaxArgs: 1, Fn: pause})
	r.fn(&interp.Builtin{Names: []string{"SysNomExe", "ExeName"}, MaxArgs: 1,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Str("wl"), nil }})
	r.fn(&interp.Builtin{Names: []string{"ExeInfo"}, MinArgs: 1, MaxArgs: 2,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Str("wl"), nil }})
	r.constant(interp.Int(1), "exeVersion")
	r.fn(&interp.Builtin{Names: []string{"SysNomMachine", "NetMachineName", "SysComputerName"},
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) {
			h, _ := os.Hostname()
			return interp.Str(h), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"EnModeTest", "InTestMode"},
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Bool(false), nil }})
	r.fn(&interp.Builtin{Names: []string{"SysVersionWindows", "SysWindowsVersion"}, MaxArgs: 1,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Str(runtime.GOOS), nil }})
}
