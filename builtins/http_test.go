package builtins_test

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/parser"
)

const fetchScript = `r est un httpRéponse = HTTPEnvoie(%q)
Trace(ErreurDétectée, r.CodeEtat, r.Contenu, ErreurInfo())
`

// TestHTTPCAFile checks that WL_CA_FILE adds a certificate authority for HTTPS, as it does
// for mail, and that a server it does not vouch for is refused.
func TestHTTPCAFile(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "pong") }))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes
	srv.StartTLS()
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o644); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "https://")
	tests := []struct{ caFile, want string }{
		{ca, "0, 200, pong, \n"},
		{"", "1, 0, , HTTPEnvoie: the certificate of " + host + " is not trusted: tls: failed to verify certificate: x509: certificate signed by unknown authority\n"},
		{filepath.Join(t.TempDir(), "absent.pem"), "1, 0, , HTTPEnvoie: WL_CA_FILE: open "},
	}
	for _, tt := range tests {
		t.Setenv("WL_CA_FILE", tt.caFile)
		out, err := runScript(t, fmt.Sprintf(fetchScript, srv.URL), nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, tt.want) {
			t.Errorf("WL_CA_FILE=%q: output %q, want %q", tt.caFile, out, tt.want)
		}
	}
}

// TestHTTPProxyFromEnvironment checks that requests go through the proxy HTTP_PROXY names,
// read when the run starts, except for the hosts of NO_PROXY.
func TestHTTPProxyFromEnvironment(t *testing.T) {
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "via proxy %s", r.URL)
	}))
	defer proxy.Close()
	t.Setenv("HTTP_PROXY", proxy.URL)
	t.Setenv("http_proxy", proxy.URL)
	t.Setenv("NO_PROXY", "")
	t.Setenv("no_proxy", "")
	out, err := runScript(t, fmt.Sprintf(fetchScript, "http://api.example.test/v1?x=1"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "0, 200, via proxy http://api.example.test/v1?x=1, \n"; out != want {
		t.Errorf("output %q, want %q", out, want)
	}
	t.Setenv("NO_PROXY", "example.test")
	t.Setenv("no_proxy", "example.test")
	out, err = runScript(t, fmt.Sprintf(fetchScript, "http://api.example.test/v1"),
		map[any]any{builtins.HTTPKey{}: &builtins.HTTPConfig{Timeout: 5 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "1, 0, , HTTPEnvoie: ") || strings.Contains(out, "via proxy") {
		t.Errorf("NO_PROXY: output %q, want a direct request (which fails: the name does not exist)", out)
	}
}

// TestHTTPRunCancel checks that cancelling the run ends a request at once.
func TestHTTPRunCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	out, err := runScriptCtx(t, ctx, fmt.Sprintf(fetchScript, srv.URL), nil)
	if err == nil && !strings.Contains(out, "interrupted") {
		t.Errorf("output %q, err %v: the request was not interrupted", out, err)
	}
}

// TestHTTPTimeoutSetting checks HTTPConfig.Timeout, the wait of a request without
// DuréeNonRéponse.
func TestHTTPTimeoutSetting(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	out, err := runScript(t, fmt.Sprintf(fetchScript, srv.URL), map[any]any{builtins.HTTPKey{}: &builtins.HTTPConfig{Timeout: 100 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "within 100ms"; !strings.Contains(out, want) {
		t.Errorf("output %q, want %q", out, want)
	}
}

func runScriptCtx(t *testing.T, ctx context.Context, src string, ext map[any]any) (string, error) {
	t.Helper()
	p, _ := parser.New()
	f, err := p.Parse("t.wl", src)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	prog, _, err := interp.Compile(lib, f)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	err = prog.Run(interp.Options{Stdout: &out, Stderr: &out, Extensions: ext, Context: ctx})
	return out.String(), err
}

// TestHTTPRefusals checks the documented features wl refuses, with a message saying so, and
// the parameters it rejects.
func TestHTTPRefusals(t *testing.T) {
	tests := []struct{ script, want string }{
		{`Trace(HTTPDonneRésultat(httpCookie))`, "httpCookie is not supported"},
		{`Trace(HTTPRequête("http://127.0.0.1:1/", "", "sans deux-points"))`, `the header line "sans deux-points" is not "Name: value"`},
		{`Trace(HTTPEnvoie(5).CodeEtat, ErreurInfo())`, `the URL "5" does not start with http:// or https://`},
		{`m est un Email
Trace(HTTPEnvoie(m))`, "an httpRequête or restRequête was expected, not Email"},
		{`r est un httpRequête
r.DuréeNonRéponse = -5
`, "a negative duration"},
		{`Trace(ChaîneVersJSON("{}"))`, "ChaîneVersJSON is not supported"},
	}
	for _, tt := range tests {
		out, err := runScript(t, tt.script, nil)
		if msg := out + fmt.Sprint(err); !strings.Contains(msg, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.script, msg, tt.want)
		}
	}
}
