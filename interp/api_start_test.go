package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
)

// TestAbortIsNotCaught: a cancellation or the step limit ends the run through every
// exception handler of the script.
func TestAbortIsNotCaught(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name  string
		src   string
		opts  interp.Options
		cause error
	}{
		{"cancelled, QUAND EXCEPTION", "QUAND EXCEPTION DANS\n\tBOUCLE\n\tFIN\nFAIRE\n\tTrace(\"pris\")\nFIN",
			interp.Options{Context: cancelled}, context.Canceled},
		{"cancelled, CAS EXCEPTION", "P()\nPROCÉDURE P()\nBOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"pris\")",
			interp.Options{Context: cancelled}, context.Canceled},
		{"cancelled, at a builtin call", "Trace(Taille(\"abc\"))\nCAS EXCEPTION:\n\tTrace(\"pris\")",
			interp.Options{Context: cancelled}, context.Canceled},
		{"step limit, QUAND EXCEPTION", "QUAND EXCEPTION DANS\n\tBOUCLE\n\tFIN\nFAIRE\n\tTrace(\"pris\")\nFIN",
			interp.Options{MaxSteps: 100}, interp.ErrStepLimit},
		{"step limit, CAS EXCEPTION of the main code", "BOUCLE\nFIN\nCAS EXCEPTION:\n\tTrace(\"pris\")",
			interp.Options{MaxSteps: 100}, interp.ErrStepLimit},
		{"memory limit, QUAND EXCEPTION", "s est une chaîne = \"x\"\nQUAND EXCEPTION DANS\n\tBOUCLE\n\t\ts += s\n\tFIN\nFAIRE\n\tTrace(\"pris\")\nFIN",
			interp.Options{MaxMemory: 1 << 20}, interp.ErrMemoryLimit},
		{"memory limit, CAS EXCEPTION", "P()\nPROCÉDURE P()\ns est une chaîne = Répète(\"x\", 10000000)\nCAS EXCEPTION:\n\tTrace(\"pris\")",
			interp.Options{MaxMemory: 1 << 20}, interp.ErrMemoryLimit},
		// Without a limit, an array's string larger than 1 GiB is one anyway.
		{"memory limit of an array's string, CAS EXCEPTION", "s est une chaîne = Répète(\"x\", 1000000)\nt est un tableau de chaînes\nPOUR i = 1 À 2000\n\tAjoute(t, s)\nFIN\nP(t)\nPROCÉDURE P(t)\nx est une chaîne = Majuscule(t)\nCAS EXCEPTION:\n\tTrace(\"pris\")",
			interp.Options{}, interp.ErrMemoryLimit},
		{"step limit, epRenvoyer", "P()\nPROCÉDURE P()\nExceptionChangeParamètre(epRenvoyer, 1)\nBOUCLE\nFIN",
			interp.Options{MaxSteps: 100}, interp.ErrStepLimit},
		{"step limit, epExécuteProcédureGlobale", "ExceptionChangeParamètre(epExécuteProcédureGlobale, \"G\")\nBOUCLE\nFIN\nPROCÉDURE G()\nTrace(\"pris\")\nRENVOYER opFinTraitement",
			interp.Options{MaxSteps: 100}, interp.ErrStepLimit},
		{"timeout, QUAND EXCEPTION", "QUAND EXCEPTION DANS\n\tBOUCLE\n\tFIN\nFAIRE\n\tTrace(\"pris\")\nFIN",
			interp.Options{Timeout: time.Millisecond}, interp.ErrTimeout},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			tt.opts.Stdout = &out
			err := compile(t, nil, interp.CompileOptions{}, tt.src).Run(tt.opts)
			if !errors.Is(err, tt.cause) {
				t.Errorf("err = %v, want %v", err, tt.cause)
			}
			if out.Len() != 0 {
				t.Errorf("a handler ran: %q", out.String())
			}
		})
	}
}

// TestStartCallClose: Start runs the main code and keeps the run open for Call until Close;
// SetContext gives each call its context and a new step count.
func TestStartCallClose(t *testing.T) {
	lib, err := builtins.New()
	if err != nil {
		t.Fatal(err)
	}
	closed := 0
	reg, err := interp.GoFunc([]string{"OuvreRessource"}, func(th *interp.Thread) { th.AtExit(func() { closed++ }) })
	if err != nil {
		t.Fatal(err)
	}
	if err := lib.AddFunc(reg); err != nil {
		t.Fatal(err)
	}
	prog := compile(t, lib, interp.CompileOptions{}, "gn est un entier = 1\nOuvreRessource()\nPROCÉDURE Suivant()\ngn++\nRENVOYER gn\nPROCÉDURE Tourne()\nBOUCLE\nFIN")
	th := prog.NewThread(interp.Options{MaxSteps: 100000})
	if err := th.Start(); err != nil {
		t.Fatal(err)
	}
	if closed != 0 {
		t.Fatal("Start ran the at-exit functions")
	}
	if v, err := th.Call("Suivant"); err != nil || v != int64(2) {
		t.Errorf("Suivant = %v, %v", v, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	th.SetContext(ctx)
	if _, err := th.Call("Tourne"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled call: %v", err)
	}
	th.SetContext(context.Background())
	if _, err := th.Call("Tourne"); !errors.Is(err, interp.ErrStepLimit) {
		t.Errorf("endless call: %v", err)
	}
	th.SetContext(context.Background())
	if v, err := th.Call("Suivant"); err != nil || v != int64(3) {
		t.Errorf("Suivant after errors = %v, %v", v, err)
	}
	th.Close()
	if closed != 1 {
		t.Errorf("Close ran %d at-exit functions, want 1", closed)
	}
}

// TestGlobalExceptionProcedureInCall: the procedure of epExécuteProcédureGlobale handles an
// exception that reaches a host's Call; opFinTraitement ends the Call without an error, and
// opFinProgramme returns the exception as the Call's error.
func TestGlobalExceptionProcedureInCall(t *testing.T) {
	src := "gAction est un entier = opFinTraitement\nExceptionChangeParamètre(epExécuteProcédureGlobale, \"G\")\n" +
		"PROCÉDURE Casse()\nExceptionDéclenche(9, \"cassé\")\nRENVOYER 1\n" +
		"PROCÉDURE G()\nTrace(\"G: \" + ExceptionInfo(errCode))\nRENVOYER gAction\n" +
		"PROCÉDURE Arrête()\ngAction = opFinProgramme\n" +
		"PROCÉDURE Attrape()\nQUAND EXCEPTION DANS\n\tExceptionDéclenche(1)\nFAIRE\n\tTrace(\"pris\")\nFIN\n"
	var out bytes.Buffer
	th := compile(t, nil, interp.CompileOptions{}, src).NewThread(interp.Options{Stdout: &out})
	if err := th.Start(); err != nil {
		t.Fatal(err)
	}
	defer th.Close()
	if v, err := th.Call("Casse"); err != nil || v != nil {
		t.Errorf("Casse = %v, %v; want no value and no error", v, err)
	}
	if _, err := th.Call("Arrête"); err != nil {
		t.Fatal(err)
	}
	if _, err := th.Call("Casse"); err == nil || !strings.Contains(err.Error(), "cassé") {
		t.Errorf("Casse with opFinProgramme: err = %v, want the exception", err)
	}
	// The stop ended that call only: handlers work again in the next one.
	if _, err := th.Call("Attrape"); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "G: 9\nG: 9\npris\n"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}
