package builtins_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/wl-lang/wl/builtins"
)

// fakeProvider is an OAuth 2 authorization server: its authorization page redirects at once
// with a code, its token endpoint checks the code, the client secret and the PKCE verifier,
// and renews the refresh token r1.
func fakeProvider(t *testing.T, refuse bool) *httptest.Server {
	t.Helper()
	var challenge string
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		challenge = q.Get("code_challenge")
		if q.Get("response_type") != "code" || q.Get("client_id") != "id-123" || challenge == "" ||
			q.Get("scope") != "https://mail.example/smtp offline_access" {
			http.Error(w, "bad request "+r.URL.RawQuery, http.StatusBadRequest)
			return
		}
		target := q.Get("redirect_uri") + "?state=" + url.QueryEscape(q.Get("state"))
		if refuse {
			target += "&error=access_denied"
		} else {
			target += "&code=the-code"
		}
		http.Redirect(w, r, target, http.StatusFound)
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		id, secret, _ := r.BasicAuth()
		if id == "" {
			id, secret = r.Form.Get("client_id"), r.Form.Get("client_secret")
		}
		if r.Form.Get("grant_type") == "refresh_token" && r.Form.Get("refresh_token") == "r1" && id == "id-123" && secret == "s3cret" {
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"access_token": "ya29.renewed", "refresh_token": "r2",
				"token_type": "Bearer", "expires_in": 3600})
			return
		}
		if r.Form.Get("code") != "the-code" || id != "id-123" || secret != "s3cret" || r.Form.Get("code_verifier") == "" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "ya29.secret-token", "refresh_token": "r1",
			"token_type": "Bearer", "expires_in": 3600})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// browser plays the user: it opens the authorization page and follows its redirections.
func browser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		return errors.New(resp.Status)
	}
	return nil
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func runScript(t *testing.T, src string, ext map[any]any) (string, error) {
	t.Helper()
	return runScriptCtx(t, context.Background(), src, ext)
}

const authScript = `MesParamètres est un OAuth2Paramètres
MesParamètres.ClientID = "id-123"
MesParamètres.ClientSecret = "s3cret"
MesParamètres.URLAuth = "%[1]s/authorize"
MesParamètres.URLToken = "%[1]s/token"
MesParamètres.Scope = "https://mail.example/smtp offline_access"
MesParamètres.URLRedirection = "http://localhost:%[2]d/"
MesParamètres.TypeRéponse = oauth2TypeRéponseCode
MonToken est un AuthToken = AuthIdentifie(MesParamètres)
SI PAS MonToken.Valide ALORS
	Trace("erreur")
SINON
	Trace(MonToken.Valide, MonToken.Actualisation, MonToken)
FIN
`

func TestAuthIdentifyCodeFlow(t *testing.T) {
	srv := fakeProvider(t, false)
	out, err := runScript(t, fmt.Sprintf(authScript, srv.URL, freePort(t)), map[any]any{builtins.BrowserKey{}: browser})
	if err != nil {
		t.Fatal(err)
	}
	if out != "1, r1, AuthToken (valid)\n" {
		t.Errorf("output %q", out)
	}
	if strings.Contains(out, "secret-token") {
		t.Error("the token was printed")
	}
}

func TestAuthIdentifyRefused(t *testing.T) {
	srv := fakeProvider(t, true)
	out, err := runScript(t, fmt.Sprintf(authScript, srv.URL, freePort(t)), map[any]any{builtins.BrowserKey{}: browser})
	if err != nil {
		t.Fatal(err)
	}
	if out != "erreur\n" {
		t.Errorf("output %q", out)
	}
}
