package mailrt

import (
	"testing"
	"time"
)

// TestParseOwnedIntoAllocations counts what parsing a small message of one text part
// allocates on the fast paths (the header list and what reads it, the addresses, the
// Subject and the text decoded): 8, no longer a bytes.Reader the fast paths do not use nor
// the header list boxed once per use (10 before). More is an allocation more for each
// message read.
func TestParseOwnedIntoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	raw, err := Build(&Message{From: Address{Name: "Jean Dupont", Address: "jean.dupont@exemple.fr"},
		To: []Address{{Address: "marie.martin@exemple.org"}}, Subject: "Compte rendu n° 7",
		Text: "Bonjour Marie,\r\n\r\nla réunion n° 7 est déplacée à 14 h, salle B.\r\n", Date: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var m Message
	n := testing.AllocsPerRun(100, func() {
		if err := ParseOwnedInto(&m, raw); err != nil {
			t.Fatal(err)
		}
	})
	if n > 8 {
		t.Errorf("%v allocations, want 8 at most", n)
	}
}
