package golden

import "testing"

func TestMatchLine(t *testing.T) {
	for _, tc := range []struct {
		pattern, line string
		want          bool
	}{
		{"id [..] sent\n", "id 12 sent\n", true},
		{"id [..] sent\n", "id  sent\n", true},
		{"id [..] sent\n", "id 12 lost\n", false},
		{"[..]\n", "anything\n", true},
		{"[..]", "no line break", true},
		{"[..]", "line break\n", false},
		{"a[..]b[..]c\n", "a1b2c\n", true},
		{"a[..]b[..]c\n", "a1c2b\n", false},
		{"[..]ab[..]b\n", "ab\n", false},
		{"[..]ab[..]b\n", "xabyb\n", true},
		{"plain\n", "plain\n", true},
		{"plain\n", "plainer\n", false},
	} {
		if got := matchLine(tc.pattern, tc.line); got != tc.want {
			t.Errorf("matchLine(%q, %q) = %v, want %v", tc.pattern, tc.line, got, tc.want)
		}
	}
}
