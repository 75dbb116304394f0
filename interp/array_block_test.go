package interp

import "testing"

// TestNewArrays checks that the arrays made in one allocation are empty, of the element
// types given, and independent: what is appended to one is not seen in another.
func TestNewArrays(t *testing.T) {
	tests := []struct {
		name  string
		elems []*Type
	}{
		{"none", nil},
		{"one string", []*Type{TypeString}},
		{"strings and variant", []*Type{TypeString, TypeString, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := NewArrays(tt.elems...)
			if len(as) != len(tt.elems) {
				t.Fatalf("got %d arrays, want %d", len(as), len(tt.elems))
			}
			for i := range as {
				if as[i].elem != tt.elems[i] || as[i].Len() != 0 {
					t.Fatalf("array %d: elem %v, %d elements", i, as[i].elem, as[i].Len())
				}
				as[i].Append(Int(int64(i)))
			}
			for i := range as {
				if as[i].Len() != 1 || as[i].items[0].AsInt() != int64(i) {
					t.Fatalf("array %d holds %v", i, as[i].items)
				}
			}
		})
	}
}
