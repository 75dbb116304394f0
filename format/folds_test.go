package format

import (
	"reflect"
	"testing"
)

// TestFolds checks the folds of blocks, procedures and comment runs.
func TestFolds(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []Fold
	}{
		{"if and loops", "SI a ALORS\n\tx = 1\n\tPOUR i = 1 À 3\n\t\tTrace(i)\n\tFIN\nSINON\n\ty = 2\nFIN\n",
			[]Fold{{Start: 2, End: 3}, {Start: 0, End: 6}}},
		{"one-line SI folds nothing", "SI a ALORS x = 1\nTrace(x)\n", nil},
		{"procedures up to the next one", "x = 1\nPROCÉDURE P()\nSI a ALORS\nb()\nFIN\n\nPROCEDURE Q(a)\nRENVOYER a\n",
			[]Fold{{Start: 2, End: 3}, {Start: 1, End: 4}, {Start: 6, End: 7}}},
		{"English words and BOUCLE", "FUNCTION F()\nLOOP\nx++\nTO DO WHILE x < 3\nWHILE b\nc()\nEND\n",
			[]Fold{{Start: 1, End: 2}, {Start: 4, End: 5}, {Start: 0, End: 6}}},
		{"SELON and its CAS", "SELON x\nCAS 1\na()\nb()\nCAS 2\nc()\nd()\nAUTRE CAS\ne()\nFIN\n",
			[]Fold{{Start: 1, End: 3}, {Start: 4, End: 6}, {Start: 7, End: 8}, {Start: 0, End: 8}}},
		{"class, structure and section", "C est une Classe\nPRIVÉ\na est un entier\nFIN\nS is a Structure\nn is int\nEND\nGLOBAL\ng est un entier\nh est un entier\nTrace(g)\n",
			[]Fold{{Start: 0, End: 2}, {Start: 4, End: 5}, {Start: 7, End: 9}}},
		{"comment runs, not in strings", "// one\n// two\n\n// alone\nx = [\n// in a string\n// too\n]\n\t// a\n\t// b\n",
			[]Fold{{Start: 0, End: 1, Comment: true}, {Start: 8, End: 9, Comment: true}}},
		{"unclosed blocks end with the file", "SI a\nb()\nc()", []Fold{{Start: 0, End: 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Folds("t.wl", tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if _, err := Folds("t.wl", "x = \"open"); err == nil {
		t.Error("no error for a text that does not lex")
	}
}
