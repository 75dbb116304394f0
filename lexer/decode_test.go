package lexer

import "testing"

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"utf8", []byte("Trace(\"é\")"), "Trace(\"é\")"},
		{"utf8 bom", []byte("\xEF\xBB\xBFTrace(1)"), "Trace(1)"},
		// "Réel à 5 €" saved by WINDEV as Windows-1252.
		{"windows-1252", []byte("R\xe9el \xe0 5 \x80"), "Réel à 5 €"},
		{"windows-1252 quotes", []byte("\x93cit\xe9\x94"), "“cité”"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Decode(tt.in); got != tt.want {
				t.Errorf("Decode = %q, want %q", got, tt.want)
			}
		})
	}
}
