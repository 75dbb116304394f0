package mailrt

import (
	"bytes"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Address is a mailbox: an optional display name and an address.
type Address struct {
	Name    string
	Address string
}

// String gives the address as people read it: the display name in clear (UTF-8, quoted
// when it holds a special character) and the address, "Zoé Lefèvre <zoe@example.com>".
// ParseAddress reads it back; the MIME writer encodes names for headers itself.
func (a Address) String() string {
	if a.Name == "" {
		return a.Address
	}
	name := a.Name
	if strings.ContainsAny(name, "()<>[]:;@\\,.\"") {
		name = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	return name + " <" + a.Address + ">"
}

// Priority of a message.
type Priority int

// Priorities.
const (
	PriorityNormal Priority = iota
	PriorityHigh
	PriorityLow
)

// Attachment is a file attached to a message, or an image embedded in its HTML body
// (Inline, referenced as cid:ContentID).
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
	ContentID   string
	Inline      bool
}

// Header is an extra header field.
type Header struct {
	Key, Value string
}

// Message is an email.
type Message struct {
	From        Address
	To, Cc, Bcc []Address
	ReplyTo     []Address
	Subject     string
	Text        string
	HTML        string
	Attachments []Attachment
	Date        time.Time
	MessageID   string
	Priority    Priority
	// ReadReceipt asks for a read receipt (Disposition-Notification-To).
	ReadReceipt bool
	// Sensitivity is the Sensitivity header (RFC 4021): "Personal", "Private" or
	// "Company-Confidential"; empty for a normal message.
	Sensitivity string
	// Headers are extra header fields; CR and LF in them are neutralised.
	Headers []Header
	// Source is the message as received, when it was parsed.
	Source []byte
}

// Recipients lists every envelope recipient: To, Cc and Bcc.
func (m *Message) Recipients() []string {
	var out []string
	for _, l := range [][]Address{m.To, m.Cc, m.Bcc} {
		for _, a := range l {
			out = append(out, a.Address)
		}
	}
	return out
}

// addrSpec is the syntax wl accepts for an address: local@domain without spaces or
// control characters, a dot-separated domain. A domain label may hold an underscore, which
// RFC 5322's dot-atom allows and PC SOFT's own examples use (support_test@pcsoft_test.fr).
// It is compiled on first use, not when the program starts: its \p{L} classes make it the
// costliest regexp of wl's start-up, and a run that sends no mail never needs it.
var addrSpec = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[^\s\x00-\x1f\x7f@<>()\[\]\\,;:"]+@[A-Za-z0-9\p{L}_](?:[A-Za-z0-9\p{L}_-]*[A-Za-z0-9\p{L}_])?(?:\.[A-Za-z0-9\p{L}_](?:[A-Za-z0-9\p{L}_-]*[A-Za-z0-9\p{L}_])?)*$`)
})

// ParseAddress reads "a@b.c", "<a@b.c>" or "Name <a@b.c>". An address holding a CR, LF or
// NUL is refused with KindInvalidValue: it could smuggle a header, a recipient or an SMTP
// command.
func ParseAddress(s string) (Address, error) {
	if e := checkLine("address", "address", s, false); e != nil {
		return Address{}, e
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return Address{}, &Error{Op: "address", Kind: KindMessage, Text: "empty address"}
	}
	if a, err := mail.ParseAddress(s); err == nil && addrSpec().MatchString(a.Address) {
		return Address{Name: a.Name, Address: a.Address}, nil
	}
	bare := strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	if addrSpec().MatchString(bare) {
		return Address{Address: bare}, nil
	}
	return Address{}, &Error{Op: "address", Kind: KindMessage, Text: fmt.Sprintf("invalid address %q", s)}
}

// ValidAddress reports whether s is a syntactically valid address.
func ValidAddress(s string) bool {
	_, err := ParseAddress(s)
	return err == nil
}

// ParseAddressList reads the addresses of a list written "a@b.c; Name <d@e.f>" (commas or
// semicolons). A CR, LF or NUL anywhere in the list is refused, as by ParseAddress, even
// at an end where trimming would drop it.
func ParseAddressList(s string) ([]Address, error) {
	if e := checkLine("address", "address", s, false); e != nil {
		return nil, e
	}
	var out []Address
	for _, part := range splitAddresses(s) {
		a, err := ParseAddress(part)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// splitAddresses cuts a list at commas and semicolons outside quotes and angle brackets.
func splitAddresses(s string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
		case quoted:
		case r == '<':
			depth++
		case r == '>':
			depth--
		case (r == ',' || r == ';') && depth == 0:
			if p := strings.TrimSpace(s[start:i]); p != "" {
				parts = append(parts, p)
			}
			start = i + 1
		}
	}
	if p := strings.TrimSpace(s[start:]); p != "" {
		parts = append(parts, p)
	}
	return parts
}

// sanitize neutralises line breaks (and NUL) in a header value so it cannot start a new
// header: each becomes a space.
func sanitize(s string) string {
	if !strings.ContainsAny(s, "\r\n\x00") {
		return s
	}
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ", "\x00", " ").Replace(s)
}

// validHeaderName reports whether s is a header field name: printable ASCII without
// space or colon (RFC 5322, section 3.6.8).
func validHeaderName(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return s != ""
}

// StripBcc removes the Bcc header fields (and their continuation lines) from the header of
// a raw message, so sending a stored message to its blind-copy recipients does not show
// them to the others.
func StripBcc(raw []byte) []byte {
	out := make([]byte, 0, len(raw))
	skipping := false
	for i := 0; i < len(raw); {
		j := bytes.IndexByte(raw[i:], '\n')
		end := len(raw)
		if j >= 0 {
			end = i + j + 1
		}
		line := raw[i:end]
		if len(bytes.TrimRight(line, "\r\n")) == 0 { // end of the header
			return append(out, raw[i:]...)
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !skipping {
				out = append(out, line...)
			}
		} else {
			skipping = len(line) >= 4 && bytes.EqualFold(line[:4], []byte("bcc:"))
			if !skipping {
				out = append(out, line...)
			}
		}
		i = end
	}
	return out
}
