package internal

import (
	"bufio"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/internal/imapwire"
)

// TestExpectFlagSystem checks that ExpectFlag gives, for a system flag taken without building
// its string and for every other flag, what canonicalFlag gives for the flag as written.
func TestExpectFlagSystem(t *testing.T) {
	tests := []struct {
		in   string
		want imap.Flag
	}{
		{`\Seen`, imap.FlagSeen},
		{`\seen`, imap.FlagSeen},
		{`\SEEN`, imap.FlagSeen},
		{`\Answered`, imap.FlagAnswered},
		{`\fLAGGED`, imap.FlagFlagged},
		{`\Deleted`, imap.FlagDeleted},
		{`\Draft`, imap.FlagDraft},
		{`\Recent`, imap.Flag(`\Recent`)},
		{`\Seenx`, imap.Flag(`\Seenx`)},
		{`\See`, imap.Flag(`\See`)},
		{`\Junk`, imap.Flag(`\Junk`)},
		{`$junk`, imap.FlagJunk},
		{"\\Se\u00e9n", imap.Flag("\\Se\u00e9n")},
		{`\X-Custom`, imap.Flag(`\X-Custom`)},
		{`Seen`, imap.Flag(`Seen`)},
		{`$Forwarded`, imap.FlagForwarded},
		{`\*`, imap.FlagWildcard},
	}
	for _, tt := range tests {
		dec := imapwire.NewDecoder(bufio.NewReader(strings.NewReader(tt.in+" ")), imapwire.ConnSideClient)
		got, err := ExpectFlag(dec)
		if err != nil {
			t.Errorf("ExpectFlag(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ExpectFlag(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if tt.in != `\*` {
			if canon := canonicalFlag(tt.in); got != canon {
				t.Errorf("ExpectFlag(%q) = %q, canonicalFlag gives %q", tt.in, got, canon)
			}
		}
	}
}
