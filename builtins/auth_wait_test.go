package builtins_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
)

// TestAuthIdentifyWait checks that AuthIdentifie gives up when nobody signs in: after
// HTTPConfig.SignInWait, or when the run is cancelled, whichever comes first.
func TestAuthIdentifyWait(t *testing.T) {
	srv := fakeProvider(t, false)
	nobody := func(string) error { return nil } // the page is "opened", nobody answers it
	script := fmt.Sprintf(authScript, srv.URL, freePort(t)) + "Trace(ErreurInfo())\n"

	out, err := runScript(t, script, map[any]any{builtins.BrowserKey{}: nobody,
		builtins.HTTPKey{}: &builtins.HTTPConfig{SignInWait: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "erreur\nAuthIdentifie: nobody signed in within 100ms (the authorization page was not answered)\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	out, err = runScriptCtx(t, ctx, script, map[any]any{builtins.BrowserKey{}: nobody})
	if time.Since(start) > time.Minute {
		t.Errorf("the cancelled run waited %v", time.Since(start))
	}
	if err == nil && !strings.Contains(out, "interrupted while waiting for the sign-in") {
		t.Errorf("output %q: the wait was not interrupted", out)
	}
}

// TestAuthIdentifyRefreshes checks that a token from AuthIdentifie remembers its
// parameters: AuthRenouvelleToken renews it with no second parameter once it has expired.
func TestAuthIdentifyRefreshes(t *testing.T) {
	srv := fakeProvider(t, false)
	script := fmt.Sprintf(authScript, srv.URL, freePort(t)) + `MonToken.DateExpiration = "20200101"
Nouveau est un AuthToken = AuthRenouvelleToken(MonToken)
Trace(ErreurDétectée, Nouveau.Valide, Nouveau.Actualisation)
`
	out, err := runScript(t, script, map[any]any{builtins.BrowserKey{}: browser})
	if err != nil {
		t.Fatal(err)
	}
	if want := "1, r1, AuthToken (valid)\n0, 1, r2\n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
}
