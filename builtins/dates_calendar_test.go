package builtins

import (
	"testing"
	"time"
)

// TestCivilFromDays compares civilFromDays with the time package over 1600..2400, both
// sides of 1970 and every leap day.
func TestCivilFromDays(t *testing.T) {
	for z := int64(-135000); z <= 157000; z++ {
		want := time.Unix(z*86400, 0).UTC()
		y, m, d := civilFromDays(z)
		if y != want.Year() || m != want.Month() || d != want.Day() {
			t.Fatalf("civilFromDays(%d) = %d-%02d-%02d, want %s", z, y, m, d, want.Format(time.DateOnly))
		}
	}
}
