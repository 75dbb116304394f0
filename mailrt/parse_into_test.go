package mailrt

import (
	"reflect"
	"testing"
)

// TestParseOwnedInto checks that ParseOwnedInto fills m as ParseOwned returns the Message,
// whatever m held before, and leaves m as it was when the message cannot be read.
func TestParseOwnedInto(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		wantErr bool
	}{
		{"plain", "From: a@b.c\r\nTo: d@e.f, g@h.i\r\nSubject: Relevé\r\n\r\nBonjour\r\n", false},
		{"folded header", "Subject: un\r\n deux\r\nFrom: a@b.c\r\n\r\nx\r\n", false},
		{"multipart", "From: a@b.c\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\ntexte\r\n--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\n\r\nxyz\r\n--B--\r\n", false},
		{"malformed header", "no colon line\r\n\r\nbody", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, werr := ParseOwned([]byte(tt.raw))
			m := Message{Subject: "before", Text: "old", To: []Address{{Address: "x@y.z"}}}
			old := m
			err := ParseOwnedInto(&m, []byte(tt.raw))
			if (err != nil) != tt.wantErr || (werr != nil) != tt.wantErr {
				t.Fatalf("error %v, ParseOwned's %v, want an error: %v", err, werr, tt.wantErr)
			}
			if tt.wantErr {
				if err.Error() != werr.Error() || !reflect.DeepEqual(m, old) {
					t.Errorf("error %v (ParseOwned: %v), m %+v", err, werr, m)
				}
				return
			}
			if !reflect.DeepEqual(&m, want) {
				t.Errorf("ParseOwnedInto =\n%+v\nParseOwned\n%+v", m, *want)
			}
		})
	}
}
