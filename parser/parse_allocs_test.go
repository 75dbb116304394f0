package parser

import (
	"strings"
	"testing"
)

// TestParseAllocs bounds the allocations of a parse once the grammar is built: the hand-written
// parsers that participle calls for every statement and expression (ParseTypeWith) are called
// directly, not through reflect.Value.Call, which allocated an argument and a result slice at
// each call (third_party/participle/PATCHES.md). Counts, not time: they do not depend on the
// machine's load. With reflect.Value.Call: 1,023 and 72,603.
func TestParseAllocs(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Repeat("x = 1 + 2 * 3\nSI x > 2 ALORS Trace(x)\n", 500)
	for _, tc := range []struct {
		name, src string
		max       float64
	}{
		{"startup script", startupScript, 980},
		{"1,000 lines", lines, 69000},
	} {
		if _, err := p.Parse("s.wl", tc.src); err != nil { // builds the statements' parsers
			t.Fatal(err)
		}
		n := testing.AllocsPerRun(3, func() {
			if _, err := p.Parse("s.wl", tc.src); err != nil {
				t.Fatal(err)
			}
		})
		if n > tc.max {
			t.Errorf("%s: %.0f allocations per parse, want at most %.0f", tc.name, n, tc.max)
		}
	}
}
