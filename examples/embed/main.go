// Command embed shows a Go program embedding wl: it gives a WLanguage script a host
// function, runs the script with every email session routed to the embedded sandbox, and
// prints what the sandbox captured.
//
//	go run ./examples/embed
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/wl-lang/wl"
)

// script sends a reminder to each customer of gtClients. AdresseClient / CustomerAddress is
// the host's function; its error for an unknown customer is handled by the script.
const script = `s est un emailSessionSMTP
s.AdresseServeur = "smtp.example.com"
s.Option = emailProtocoleSMTPS
s.Nom = gsExpéditeur
s.MotDePasse = "secret"
SI PAS s.OuvreSession() ALORS
	Erreur("connexion impossible", ErreurInfo(errMessage))
	RETOUR
FIN
POUR TOUT sClient DE gtClients
	QUAND EXCEPTION DANS
		m est un Email
		m.Expéditeur = gsExpéditeur
		Ajoute(m.Destinataire, AdresseClient(sClient))
		m.Sujet = "Relance : facture de " + sClient
		m.Message = "Bonjour " + sClient + "," + RC + "votre facture reste à régler."
		SI s.EnvoieMessage(m) ALORS
			Trace("envoyé à " + sClient)
		SINON
			Erreur("échec pour " + sClient, ErreurInfo(errMessage))
		FIN
	FAIRE
		Trace("ignoré : " + ExceptionInfo(errMessage))
	FIN
FIN
s.FermeSession()
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "embed:", err)
		os.Exit(1)
	}
}

// run compiles and runs the script, writing its output and the captured messages to w.
func run(ctx context.Context, w io.Writer) error {
	addresses := map[string]string{"Dupont": "dupont@example.org", "Martin": "martin@example.net"}
	prog, err := wl.Compile("relance.wl", []byte(script), &wl.CompileOptions{
		Globals: []string{"gsExpéditeur", "gtClients"},
		Funcs: []wl.Func{{
			Names: []string{"AdresseClient", "CustomerAddress"},
			Fn: func(name string) (string, error) {
				a, ok := addresses[name]
				if !ok {
					return "", fmt.Errorf("no address for customer %q", name)
				}
				return a, nil
			},
		}},
	})
	if err != nil {
		return err
	}

	srv, err := wl.StartSandbox()
	if err != nil {
		return err
	}
	defer srv.Close()

	err = prog.Run(ctx, &wl.RunOptions{
		Stdout: w,
		Stderr: w,
		Globals: map[string]any{
			"gsExpéditeur": "compta@example.com",
			"gtClients":    []string{"Dupont", "Inconnu", "Martin"},
		},
		Mail: &wl.MailSettings{Sandbox: srv},
	})
	if err != nil {
		return err
	}
	for _, m := range srv.Messages() {
		fmt.Fprintf(w, "captured: %s -> %v %q (TLS %s, login %s)\n", m.From, m.To, m.Subject, m.TLS, m.Auth.User)
	}
	return nil
}
