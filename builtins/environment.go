package builtins

import (
	"os"
	"sort"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// EnvKey is the interp.Options.Extensions key of the run's environment, a []string of
// "NAME=value" entries as os.Environ gives them: with it, the script sees these variables and
// no other (SysEnvironnement, WL_FAKE_NOW, WL_CA_FILE), so that runs side by side in one
// process each have their own (wl test gives every case the variables of its env section).
// Without it, the process's environment is used.
type EnvKey struct{}

// TempDirKey is the interp.Options.Extensions key of the run's temporary directory (a
// string), which fRepTemp reports and fFichierTemp uses; without it, the system's
// (os.TempDir).
type TempDirKey struct{}

// getenv reads a variable of the run's environment ("" when unset).
func getenv(th *interp.Thread, name string) string {
	env, ok := th.Extension(EnvKey{}).([]string)
	if !ok {
		return os.Getenv(name)
	}
	v := ""
	// As with os/exec, the last of several entries for one name wins.
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == name {
			v = val
		}
	}
	return v
}

// environ lists the run's environment as "NAME=value" entries, sorted, one per name.
func environ(th *interp.Thread) []string {
	env, ok := th.Extension(EnvKey{}).([]string)
	if !ok {
		env = os.Environ()
	}
	last := map[string]string{}
	for _, kv := range env {
		if k, _, ok := strings.Cut(kv, "="); ok {
			last[k] = kv
		}
	}
	out := make([]string, 0, len(last))
	for _, kv := range last {
		out = append(out, kv)
	}
	sort.Strings(out)
	return out
}

// tempDir is the run's temporary directory.
func tempDir(th *interp.Thread) string {
	if d, ok := th.Extension(TempDirKey{}).(string); ok && d != "" {
		return d
	}
	return os.TempDir()
}
