package builtins

import (
	"slices"
	"testing"
)

// TestParseCSV checks line ends, quoted values with separators, quotes and line breaks,
// empty fields and lines, and separators of several characters.
func TestParseCSV(t *testing.T) {
	tests := []struct {
		s, sep string
		rows   [][]string
	}{
		{"a;b\r\nc;d", ";", [][]string{{"a", "b"}, {"c", "d"}}},
		{"a;b\nc;d\n", ";", [][]string{{"a", "b"}, {"c", "d"}}},
		{`"a;b";"c""d"`, ";", [][]string{{"a;b", `c"d`}}},
		{"\"l1\r\nl2\";x", ";", [][]string{{"l1\r\nl2", "x"}}},
		{";;\n\nz", ";", [][]string{{"", "", ""}, {""}, {"z"}}},
		{"a<>b<>c", "<>", [][]string{{"a", "b", "c"}}},
		{"a\rb;c", ";", [][]string{{"a\rb", "c"}}},
		{`"q"x;y`, ";", [][]string{{"qx", "y"}}},
		{"", ";", nil},
	}
	for _, tt := range tests {
		rows, _, err := parseCSV(tt.s, tt.sep)
		if err != nil || !slices.EqualFunc(rows, tt.rows, slices.Equal) {
			t.Errorf("parseCSV(%q) = %q, %v; want %q", tt.s, rows, err, tt.rows)
		}
	}
	if _, _, err := parseCSV(`a;"b`, ";"); err == nil {
		t.Error("an unclosed quote was accepted")
	}
}
