package wl_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl"
	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

func TestMailSettings(t *testing.T) {
	srv, err := wl.StartSandbox()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	const send = `s est un emailSessionSMTP
s.AdresseServeur = gsServeur
s.Port = gnPort
s.Option = OPTION
s.Nom = "ada@example.com"
s.MotDePasse = "secret"
SI PAS s.OuvreSession() ALORS
	Trace("échec : " + ErreurInfo(errMessage))
	RETOUR
FIN
m est un Email
m.Expéditeur = "ada@example.com"
Ajoute(m.Destinataire, "grace@example.org")
m.Sujet = gsSujet
Trace(s.EnvoieMessage(m))
s.FermeSession()`
	host, port, _ := net.SplitHostPort(srv.Addr(sandbox.SMTP))
	tests := []struct {
		name     string
		mail     *wl.MailSettings
		server   string
		port     string
		option   string // the WLanguage constant of the session's Option
		stdout   string // its start
		recorded string // the server the sandbox recorded, when a message is expected
	}{
		{name: "sandbox", mail: &wl.MailSettings{Sandbox: srv}, server: "smtp.example.com", port: "587", option: "emailProtocoleSMTPS",
			stdout: "1\n", recorded: "smtp.example.com:587"},
		{name: "sandbox, implicit TLS", mail: &wl.MailSettings{Sandbox: srv}, server: "smtp.example.com", port: "465", option: "optionTLS",
			stdout: "1\n", recorded: "smtp.example.com:465"},
		{name: "host's dialer", mail: &wl.MailSettings{Transport: mailrt.NetTransport{Dialer: &net.Dialer{Timeout: time.Minute}}},
			server: host, port: port, option: "emailOptionDéfaut", stdout: "1\n", recorded: srv.Addr(sandbox.SMTP)},
		{name: "RootCAs take precedence over the sandbox's CA", mail: &wl.MailSettings{Sandbox: srv, RootCAs: x509.NewCertPool()},
			server: "smtp.example.com", port: "587", option: "emailProtocoleSMTPS", stdout: "échec : "},
		{name: "custom transport", mail: &wl.MailSettings{Transport: transportFunc(func(ctx context.Context, p mailrt.Protocol, s mailrt.Security, addr string) (net.Conn, error) {
			return srv.Transport().Dial(ctx, p, s, "routed.example.com:25")
		})}, server: "smtp.example.com", port: "25", option: "emailOptionDéfaut", stdout: "1\n", recorded: "routed.example.com:25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prog := mustCompile(t, strings.Replace(send, "OPTION", tt.option, 1), &wl.CompileOptions{Globals: []string{"gsServeur", "gnPort", "gsSujet"}})
			var out bytes.Buffer
			err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Stderr: &out, Mail: tt.mail, Globals: map[string]any{
				"gsServeur": tt.server, "gnPort": tt.port, "gsSujet": tt.name}})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(out.String(), tt.stdout) {
				t.Errorf("output %q, want %q...", out.String(), tt.stdout)
			}
			var got []string
			for _, m := range srv.Messages() {
				if m.Subject == tt.name {
					got = append(got, m.Server)
				}
			}
			if tt.recorded == "" && len(got) != 0 || tt.recorded != "" && (len(got) != 1 || got[0] != tt.recorded) {
				t.Errorf("captured servers %v, want %q", got, tt.recorded)
			}
		})
	}
}

func TestMailTimeout(t *testing.T) {
	var out bytes.Buffer
	prog := mustCompile(t, "Trace(EmailGetTimeOut())", nil)
	if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: &out, Mail: &wl.MailSettings{Timeout: 42 * time.Second}}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "42\n" {
		t.Errorf("timeout %q, want 42", out.String())
	}
}
