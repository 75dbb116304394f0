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

func TestAssocTypedKey(t *testing.T) {
	intType := &Type{Name: "entier", Kind: KInt, Bits: 32}
	tests := []struct {
		typ  *Type
		in   string
		want string
	}{
		{intType, "01", "1"},
		{intType, " 7", "7"},
		{&Type{Name: "réel", Kind: KReal}, "1.50", "1.5"},
	}
	for _, tt := range tests {
		// The cc* options apply to string keys only.
		o := &AssocOptions{Flags: KeyIgnoreCase, KeyType: tt.typ}
		if got := o.key(tt.in); got != tt.want {
			t.Errorf("%s: key(%q) = %q, want %q", tt.typ.Name, tt.in, got, tt.want)
		}
	}
}

// TestAssocDuplicates checks the positions kept for a key with several elements across
// deletions and copies.
func TestAssocDuplicates(t *testing.T) {
	a := NewAssoc(nil)
	a.opts = &AssocOptions{Flags: KeyWithDuplicates | KeyIgnoreCase}
	for i, k := range []string{"a", "b", "A", "c", "a"} {
		a.Set(k, Int(int64(i)))
	}
	if a.Len() != 5 || a.Count("a") != 3 || a.Count("B") != 1 || a.Count("z") != 0 {
		t.Fatalf("len %d, counts a %d b %d z %d", a.Len(), a.Count("a"), a.Count("B"), a.Count("z"))
	}
	if v, ok := a.At("a", 2); !ok || v.AsInt() != 2 {
		t.Errorf("At(a, 2) = %v, %v", v, ok)
	}
	if !a.Delete("B") {
		t.Fatal("Delete(B) = false")
	}
	if v, ok := a.At("a", 3); !ok || v.AsInt() != 4 {
		t.Errorf("after deleting b, At(a, 3) = %v, %v", v, ok)
	}
	c := a.Copy()
	c.Set("a", Int(9))
	if a.Count("a") != 3 || c.Count("a") != 4 {
		t.Errorf("copy shares positions: %d, %d", a.Count("a"), c.Count("a"))
	}
	if !c.SetAt("A", 4, Int(10)) || c.SetAt("a", 5, Int(0)) {
		t.Error("SetAt: wrong result")
	}
	if v, _ := c.At("a", 4); v.AsInt() != 10 {
		t.Errorf("At(a, 4) = %v", v)
	}
	if !a.Delete("a") || a.Len() != 1 || a.Count("c") != 1 {
		t.Errorf("after deleting a: len %d", a.Len())
	}
}
