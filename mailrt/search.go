package mailrt

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/emersion/go-imap/v2"
	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// SearchField is a part of a message a Query looks in.
type SearchField int

// Parts of a message a search looks in.
const (
	SearchText      SearchField = iota // the whole message: header and body
	SearchBody                         // the body (the text and HTML parts once decoded)
	SearchSubject                      // the Subject header
	SearchFrom                         // the From header
	SearchTo                           // the To and Cc headers
	SearchMessageID                    // the Message-ID header
)

// headerFields are the header fields each SearchField reads.
var headerFields = map[SearchField][]string{
	SearchSubject:   {"Subject"},
	SearchFrom:      {"From"},
	SearchTo:        {"To", "Cc"},
	SearchMessageID: {"Message-ID"},
}

// Query selects messages holding Value, without regard to case, in any of Fields (the whole
// message when Fields is empty); with UnseenOnly, only the messages not read yet (IMAP).
type Query struct {
	Value      string
	Fields     []SearchField
	UnseenOnly bool
}

func (q Query) fields() []SearchField {
	if len(q.Fields) == 0 {
		return []SearchField{SearchText}
	}
	return q.Fields
}

// HeaderOnly tells whether the header of a message is enough to match the query, so that a
// POP3 client can read it with TOP instead of RETR.
func (q Query) HeaderOnly() bool {
	for _, f := range q.fields() {
		if f == SearchText || f == SearchBody {
			return false
		}
	}
	return true
}

// criteria is the IMAP SEARCH form of the query: the fields OR'ed, AND the unseen flag.
func (q Query) criteria() (*imap.SearchCriteria, error) {
	if e := checkLine("IMAP SEARCH", "search text", q.Value, false); e != nil {
		return nil, e
	}
	var alts []imap.SearchCriteria
	for _, f := range q.fields() {
		switch f {
		case SearchText:
			alts = append(alts, imap.SearchCriteria{Text: []string{q.Value}})
		case SearchBody:
			alts = append(alts, imap.SearchCriteria{Body: []string{q.Value}})
		default:
			for _, k := range headerFields[f] {
				alts = append(alts, imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: k, Value: q.Value}}})
			}
		}
	}
	c := alts[0]
	for _, a := range alts[1:] {
		c = imap.SearchCriteria{Or: [][2]imap.SearchCriteria{{c, a}}}
	}
	if q.UnseenOnly {
		c.NotFlag = append(c.NotFlag, imap.FlagSeen)
	}
	return &c, nil
}

// Find returns the UIDs of the selected folder's messages that match q (a SEARCH done by the
// server), oldest first.
func (cl *IMAPClient) Find(q Query) ([]uint32, error) {
	c, err := q.criteria()
	if err != nil {
		return nil, err
	}
	return cl.search(c)
}

// Match tells whether a message (its whole source, or only its header when q.HeaderOnly)
// matches the query, as an IMAP server would: header fields decoded, the body's text and
// HTML parts decoded from their transfer encoding and charset.
func (q Query) Match(raw []byte) bool {
	needle := strings.ToLower(q.Value)
	var body string
	bodyRead := false
	readBody := func() string {
		if !bodyRead {
			bodyRead = true
			if m, err := Parse(raw); err == nil {
				body = strings.ToLower(m.Text + "\n" + m.HTML)
			}
		}
		return body
	}
	h := headerOf(raw)
	for _, f := range q.fields() {
		switch f {
		case SearchText:
			if strings.Contains(strings.ToLower(decodedHeader(h)), needle) || strings.Contains(readBody(), needle) {
				return true
			}
		case SearchBody:
			if strings.Contains(readBody(), needle) {
				return true
			}
		default:
			for _, k := range headerFields[f] {
				if strings.Contains(strings.ToLower(HeaderText(h, k)), needle) {
					return true
				}
			}
		}
	}
	return false
}

// headerOf reads the header section of a message (an empty header when it cannot be read).
func headerOf(raw []byte) textproto.Header {
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(utf8Header(raw))))
	if err != nil {
		return textproto.Header{}
	}
	return h
}

// HeaderText gives the values of a header field, decoded from RFC 2047 and joined with a
// line break when the field occurs several times ("" when it is absent).
func HeaderText(h textproto.Header, key string) string {
	var out []string
	fields := h.FieldsByKey(key)
	for fields.Next() {
		out = append(out, decodedValue(fields.Value()))
	}
	return strings.Join(out, "\r\n")
}

func decodedValue(v string) string {
	mh := gomessage.Header{}
	mh.Set("X", v)
	if t, err := (&gomail.Header{Header: mh}).Text("X"); err == nil {
		return t
	}
	return v
}

// decodedHeader is the whole header, each field "Key: decoded value" on a line.
func decodedHeader(h textproto.Header) string {
	var b strings.Builder
	fields := h.Fields()
	for fields.Next() {
		b.WriteString(fields.Key())
		b.WriteString(": ")
		b.WriteString(decodedValue(fields.Value()))
		b.WriteString("\r\n")
	}
	return b.String()
}

// HeaderField gives the decoded value of a header field of a raw message, its occurrences
// separated by CR LF; with an empty key, the whole header section as it was received.
func HeaderField(raw []byte, key string) string {
	if key == "" {
		end := headerEnd(raw)
		if end < 0 {
			end = len(raw)
		}
		return string(raw[:end])
	}
	return HeaderText(headerOf(raw), key)
}
