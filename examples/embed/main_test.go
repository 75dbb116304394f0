package main

import (
	"bytes"
	"context"
	"testing"
)

// TestRun runs the example as `go run ./examples/embed` does, so that it cannot rot.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	const want = `envoyé à Dupont
ignoré : no address for customer "Inconnu"
envoyé à Martin
captured: compta@example.com -> [dupont@example.org] "Relance : facture de Dupont" (TLS starttls, login compta@example.com)
captured: compta@example.com -> [martin@example.net] "Relance : facture de Martin" (TLS starttls, login compta@example.com)
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
