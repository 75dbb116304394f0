package wl_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/wl-lang/wl"
)

// A script compiled once runs with values the host gives its predeclared globals.
func Example() {
	prog, err := wl.Compile("bonjour.wl", []byte(`
POUR TOUT sNom DE gtNoms
	Trace("Bonjour " + sNom)
FIN`), &wl.CompileOptions{Globals: []string{"gtNoms"}})
	if err != nil {
		log.Fatal(err)
	}
	for _, names := range [][]string{{"Ada", "Grace"}, {"Alan"}} {
		err := prog.Run(context.Background(), &wl.RunOptions{
			Stdout:  os.Stdout,
			Globals: map[string]any{"gtNoms": names},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	// Output:
	// Bonjour Ada
	// Bonjour Grace
	// Bonjour Alan
}

// A host function is called by its French or English name; the error it returns is a
// WLanguage error the script can handle.
func ExampleFunc() {
	prog, err := wl.Compile("double.wl", []byte(`
Trace(Double(21), Doubler("4"))
QUAND EXCEPTION DANS
	Double(-1)
FAIRE
	Trace("exception: " + ExceptionInfo(errMessage))
FIN`), &wl.CompileOptions{Funcs: []wl.Func{{
		Names: []string{"Doubler", "Double"},
		Fn: func(n int) (int, error) {
			if n < 0 {
				return 0, errors.New("negative number")
			}
			return 2 * n, nil
		},
	}}})
	if err != nil {
		log.Fatal(err)
	}
	if err := prog.Run(context.Background(), &wl.RunOptions{Stdout: os.Stdout}); err != nil {
		log.Fatal(err)
	}
	// Output:
	// 42, 8
	// exception: negative number
}

// Program.Call calls a procedure of the script with Go arguments and returns its result as a
// Go value.
func ExampleProgram_Call() {
	prog, err := wl.Compile("calcul.wl", []byte(`
PROCÉDURE Moyenne(tNotes est un tableau de réels)
rSomme est un réel
POUR TOUT rNote DE tNotes
	rSomme += rNote
FIN
RENVOYER Arrondi(rSomme / tNotes.Occurrence, 2)

PROCEDURE Initiales(sNom)
sRes est une chaîne
POUR TOUTE CHAÎNE sMot DE sNom SÉPARÉE PAR " "
	sRes += Gauche(sMot, 1)
FIN
RETURN sRes`), nil)
	if err != nil {
		log.Fatal(err)
	}
	avg, err := prog.Call(context.Background(), nil, "moyenne", []float64{12, 15.5, 9})
	if err != nil {
		log.Fatal(err)
	}
	ini, err := prog.Call(context.Background(), nil, "Initiales", "Ada King Lovelace")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(avg, ini)
	// Output:
	// 12.17 AKL
}

// A fatal error carries its position and the WLanguage call stack.
func ExampleError() {
	prog, err := wl.Compile("erreur.wl", []byte(`Calcule(3)

PROCÉDURE Calcule(n)
t est un tableau de 2 entiers
RENVOYER t[n]`), nil)
	if err != nil {
		log.Fatal(err)
	}
	err = prog.Run(context.Background(), nil)
	var e *wl.Error
	if errors.As(err, &e) {
		fmt.Println(e)
		fmt.Print(e.Backtrace())
	}
	// Output:
	// erreur.wl:5:11: index 3 out of range: the array has 2 elements
	//	at Calcule (erreur.wl:5:11)
	//	at main code (erreur.wl:1:1)
}

// A compile error gives the position of the problem.
func ExampleCompileError() {
	_, err := wl.Compile("syntaxe.wl", []byte("SI x = 1\n\tTrace(x)\n"), nil)
	var ce *wl.CompileError
	if errors.As(err, &ce) {
		for _, d := range ce.Diagnostics {
			fmt.Println(d)
		}
	}
	// Output:
	// syntaxe.wl:1:1: SI has no matching FIN before the end of the file
}

// A script sends mail on the embedded sandbox; the host reads what it captured.
func ExampleMailSettings_sandbox() {
	srv, err := wl.StartSandbox()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	prog, err := wl.Compile("envoi.wl", []byte(`
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.example.com"
MaSession.Option = emailProtocoleSMTPS
MaSession.Nom = "ada@example.com"
MaSession.MotDePasse = "secret"
SI PAS MaSession.OuvreSession() ALORS
	Erreur(ErreurInfo(errMessage))
	RETOUR
FIN
MonMessage est un Email
MonMessage.Expéditeur = "ada@example.com"
Ajoute(MonMessage.Destinataire, "grace@example.org")
MonMessage.Sujet = "Compte rendu"
MonMessage.Message = "Bonjour Grace"
SI MaSession.EnvoieMessage(MonMessage) ALORS Trace("envoyé")
MaSession.FermeSession()`), nil)
	if err != nil {
		log.Fatal(err)
	}
	err = prog.Run(context.Background(), &wl.RunOptions{
		Stdout: os.Stdout,
		Stderr: os.Stdout,
		Mail:   &wl.MailSettings{Sandbox: srv},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range srv.Messages() {
		fmt.Println(m.Subject, m.To, m.TLS, m.Server, m.Auth.User)
	}
	// Output:
	// envoyé
	// Compte rendu [grace@example.org] starttls smtp.example.com:587 ada@example.com
}

// Program.Start keeps a run so that the host calls its procedures as often as it likes: the
// globals keep their values from one call to the next.
func ExampleProgram_Start() {
	prog, err := wl.Compile("compteur.wl", []byte(`
gnCompte est un entier = 10
PROCÉDURE Incrémente(n)
gnCompte += n
RENVOYER gnCompte`), nil)
	if err != nil {
		log.Fatal(err)
	}
	in, err := prog.Start(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()
	for _, n := range []int{1, 2, 3} {
		v, err := in.Call(context.Background(), "Incremente", n) // names ignore case and accents
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(v)
	}
	// Output:
	// 11
	// 13
	// 16
}

// A run that goes past RunOptions.MaxSteps stops with an error wrapping ErrStepLimit; the
// script's exception handlers cannot catch it. Cancelling the run's context works the same
// way, with the context's error.
func ExampleRunOptions_maxSteps() {
	prog, err := wl.Compile("boucle.wl", []byte(`QUAND EXCEPTION DANS
	TANTQUE Vrai
	FIN
FAIRE
	Trace("jamais")
FIN`), nil)
	if err != nil {
		log.Fatal(err)
	}
	err = prog.Run(context.Background(), &wl.RunOptions{Stdout: os.Stdout, MaxSteps: 100000})
	fmt.Println(errors.Is(err, wl.ErrStepLimit), err)
	// Output:
	// true boucle.wl:2:2: step limit of 100000 exceeded
}
