package lexer

import "testing"

func TestIsReserved(t *testing.T) {
	for _, k := range hardKeywords {
		if Fold(k) != lowerASCII(k) {
			t.Fatalf("keyword %q: Fold gives %q, foldsASCII assumes its lower case", k, Fold(k))
		}
	}
	tests := []struct {
		name string
		want bool
	}{
		{"SINON", true}, {"sinon", true}, {"Procédure", true}, {"_et_", true}, {"Autre", true},
		{"When", true}, {"montant", false}, {"sino", false}, {"sinonx", false}, {"TOUT", false},
		{"Clé", false}, {"", false},
	}
	for _, tt := range tests {
		if got := IsReserved(tt.name); got != tt.want {
			t.Errorf("IsReserved(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestIsReservedAllocs fails if IsReserved builds the folded form of every keyword again:
// it runs for each variable and parameter a script declares.
func TestIsReservedAllocs(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { IsReserved("montant") }); n != 0 {
		t.Errorf("IsReserved allocates %v times per call, want 0", n)
	}
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
