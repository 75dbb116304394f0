package interp

import "testing"

func TestAssocOptionsKey(t *testing.T) {
	tests := []struct {
		flags int64
		in    string
		want  string
	}{
		{0, " Élève ", " Élève "},
		{KeyIgnoreCase, "ÉLÈVE", "élève"},
		{KeyIgnoreAccent, "Élève", "Eleve"},
		{KeyIgnoreCase | KeyIgnoreAccent, "ÉLÈVE", "eleve"},
		{KeyIgnoreSpace, "  a b  ", "a b"},
		{KeyIgnoreSpace | KeyIgnoreCase, " A ", "a"},
	}
	for _, tt := range tests {
		o := &AssocOptions{Flags: tt.flags}
		if got := o.key(tt.in); got != tt.want {
			t.Errorf("flags %d: key(%q) = %q, want %q", tt.flags, tt.in, got, tt.want)
		}
	}
	var none *AssocOptions
	if got := none.key("Ab"); got != "Ab" {
		t.Errorf("no options: key(%q) = %q", "Ab", got)
	}
}
