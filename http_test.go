package wl_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wl-lang/wl"
)

// TestHTTPSettings checks how MailSettings reach the HTTP functions: a run with a Sandbox
// keeps HTTP on this machine unless AllowHTTP, and the host's RootCAs verify HTTPS servers.
func TestHTTPSettings(t *testing.T) {
	sb, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	web := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "pong") }))
	defer web.Close()
	pool := x509.NewCertPool()
	pool.AddCert(web.Certificate())
	const script = `r est un httpRéponse = HTTPEnvoie(gsURL)
Trace(ErreurDétectée, r.CodeEtat, r.Contenu, ErreurInfo())`
	tests := []struct {
		name    string
		mail    *wl.MailSettings
		url     string
		want    string // the start of the output
		wantNot string
	}{
		{name: "sandbox refuses other hosts", mail: &wl.MailSettings{Sandbox: sb}, url: "https://api.example.invalid/",
			want: "1, 0, , HTTPEnvoie: HTTP to api.example.invalid refused under --sandbox; use --allow-http"},
		{name: "AllowHTTP lifts the rule", mail: &wl.MailSettings{Sandbox: sb, AllowHTTP: true}, url: "https://api.example.invalid/",
			want: "1, 0, , HTTPEnvoie: ", wantNot: "refused under --sandbox"},
		{name: "sandbox lets loopback through; RootCAs verify", mail: &wl.MailSettings{Sandbox: sb, RootCAs: pool}, url: web.URL,
			want: "0, 200, pong, \n"},
		{name: "without the host's roots the certificate is refused", mail: &wl.MailSettings{Sandbox: sb}, url: web.URL,
			want: "1, 0, , HTTPEnvoie: the certificate of "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := mustCompile(t, script, &wl.CompileOptions{Globals: []string{"gsURL"}})
			var out bytes.Buffer
			err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out, Mail: tt.mail,
				Globals: map[string]any{"gsURL": tt.url}})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(out.String(), tt.want) || tt.wantNot != "" && strings.Contains(out.String(), tt.wantNot) {
				t.Errorf("output %q, want %q...", out.String(), tt.want)
			}
		})
	}
}
