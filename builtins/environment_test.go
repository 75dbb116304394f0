package builtins_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
)

// TestRunEnvironment checks that EnvKey replaces the process's environment for every
// function that reads it, and TempDirKey the temporary directory; without them the
// process's are used.
func TestRunEnvironment(t *testing.T) {
	t.Setenv("WL_ENV_TEST_PROCESS", "process")
	tmp := t.TempDir()
	for _, tc := range []struct {
		name string
		src  string
		ext  map[any]any
		want string
	}{
		{"own variables", `Trace("[" + SysEnvironnement("WL_ENV_TEST") + "]", "[" + SysEnvironment("WL_ENV_TEST_PROCESS") + "]")
Trace(Remplace(SysEnvironnement(), RC, "|"))
Trace(DateSys())`,
			map[any]any{builtins.EnvKey{}: []string{"WL_ENV_TEST=b", "WL_FAKE_NOW=2031-05-06T07:08:09Z", "WL_ENV_TEST=a=1"}},
			"[a=1], []\nWL_ENV_TEST=a=1|WL_FAKE_NOW=2031-05-06T07:08:09Z\n20310506\n"},
		{"empty environment", `Trace("[" + SysEnvironment("WL_ENV_TEST_PROCESS") + "]", Taille(SysEnvironnement()))`,
			map[any]any{builtins.EnvKey{}: []string{}}, "[], 0\n"},
		{"process environment", `Trace(SysEnvironment("WL_ENV_TEST_PROCESS"))`, nil, "process\n"},
		{"WL_CA_FILE", `Trace(EmailOuvreSessionSMTP("u", "p", "127.0.0.1", 1), ErreurInfo(errMessage))`,
			map[any]any{builtins.EnvKey{}: []string{"WL_CA_FILE=/wl-no-such-dir/ca.pem"}},
			"0, WL_CA_FILE: open /wl-no-such-dir/ca.pem: no such file or directory\n"},
		{"own temporary directory", `Trace(fRepTemp() = "` + tmp + `", Position(fFichierTemp("x"), "` + tmp + `") = 1)`,
			map[any]any{builtins.TempDirKey{}: tmp}, "1, 1\n"},
		{"system temporary directory", `Trace(fRepTemp() = "` + os.TempDir() + `")`, nil, "1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := run(t, tc.src, interp.Options{Extensions: tc.ext}); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 1 || filepath.Ext(entries[0].Name()) != ".tmp" {
		t.Errorf("fFichierTemp did not create its file in the run's temporary directory: %v", entries)
	}
}
