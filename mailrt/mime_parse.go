package mailrt

import (
	"bufio"
	"bytes"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
	"golang.org/x/text/encoding/charmap"
)

// Parse reads a received message into the model: addresses, decoded subject, the first
// text and HTML parts (quoted-printable, base64 and charsets decoded to UTF-8), attachments
// and embedded images. Source keeps the bytes.
//
// A header written in raw 8-bit bytes that are not UTF-8 (old mailers send ISO-8859-1 that
// way, without RFC 2047) is read as Windows-1252, a superset of ISO-8859-1's letters.
func Parse(raw []byte) (*Message, error) { return parse(raw, fastHeader|fastBody) }

// ParseOwned is Parse for bytes the caller gives up: it must never change raw afterwards
// (Source is raw, and the strings of the Message may share its bytes rather than copy
// them). A message read off the network for the script is such bytes.
func ParseOwned(raw []byte) (*Message, error) {
	return parse(raw, fastHeader|fastBody|ownedSource)
}

// ParseOwnedInto is ParseOwned into m, which it overwrites: a caller that only reads the
// Message's fields can keep it on its stack. m is left as it was on an error.
func ParseOwnedInto(m *Message, raw []byte) error {
	var parsed Message
	if err := parseInto(&parsed, raw, fastHeader|fastBody|ownedSource); err != nil {
		return err
	}
	*m = parsed
	return nil
}

// parseMode tells parse which fast paths it may take; the tests compare each with the
// general path.
type parseMode uint8

const (
	// fastHeader: the header is split by readHeaderFast when it can, else by go-message.
	fastHeader parseMode = 1 << iota
	// fastBody: with the fast header, a single text part is decoded by singleTextBody when
	// it can, else through go-message's entity.
	fastBody
	// ownedSource: raw is the caller's no more (ParseOwned): strings may share its bytes.
	ownedSource
)

// parse is Parse, taking the fast paths of mode.
func parse(raw []byte, mode parseMode) (*Message, error) {
	m := new(Message)
	if err := parseInto(m, raw, mode); err != nil {
		return nil, err
	}
	return m, nil
}

// parseInto is parse into m, which it overwrites.
func parseInto(m *Message, raw []byte, mode parseMode) error {
	*m = Message{Source: raw}
	data := utf8Header(raw)
	var src *bytes.Reader // made only when the fast paths do not read the message
	var r *gomail.Reader
	var err error
	var hf fastFields
	var body []byte
	ok := false
	if mode&fastHeader != 0 {
		hf, body, ok = readHeaderFast(data, mode&ownedSource != 0)
	}
	if ok && mode&fastBody != 0 {
		h := headerGetter(hf) // converted once: each conversion of the list allocates
		if text, html, done := singleTextBody(h, body, mode&ownedSource != 0); done {
			readHeaderFields(m, h)
			if html {
				m.HTML = text
			} else {
				m.Text = text
			}
			return nil
		}
	}
	if ok {
		// What gomail.CreateReader does after reading the header.
		src = bytes.NewReader(body)
		var e *gomessage.Entity
		if e, err = gomessage.New(gomessage.Header{Header: hf.textproto()}, src); err == nil || gomessage.IsUnknownCharset(err) {
			r = gomail.NewReader(e)
		}
	} else {
		src = bytes.NewReader(data)
		r, err = gomail.CreateReader(src)
	}
	if r == nil {
		return &Error{Op: "parse message", Kind: KindMessage, Err: err}
	}
	defer r.Close()
	readHeaderFields(m, &r.Header)
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if p == nil {
				break
			}
		}
		body, _ := readPart(p.Body, src, p.Header.Get("Content-Transfer-Encoding"))
		switch ph := p.Header.(type) {
		case *gomail.InlineHeader:
			ct, params, _ := ph.ContentType()
			disp, _, _ := ph.ContentDisposition()
			if strings.HasPrefix(ct, "text/") && disp != "inline" || (ct == "text/plain" || ct == "text/html") && ph.Get("Content-ID") == "" {
				if ct == "text/html" && m.HTML == "" {
					m.HTML = string(body)
					continue
				}
				if (ct == "text/plain" || ct == "") && m.Text == "" {
					m.Text = string(body)
					continue
				}
			}
			m.Attachments = append(m.Attachments, Attachment{Name: partName(ph.Header.Get("Content-Disposition"), params),
				ContentType: ct, Data: body, ContentID: strings.Trim(ph.Get("Content-ID"), "<> "), Inline: true})
		case *gomail.AttachmentHeader:
			ct, params, _ := ph.ContentType()
			name, _ := ph.Filename()
			if name == "" {
				name = params["name"]
			}
			m.Attachments = append(m.Attachments, Attachment{Name: decodeWords(name), ContentType: ct, Data: body,
				ContentID: strings.Trim(ph.Get("Content-ID"), "<> ")})
		}
	}
	return nil
}

// readHeaderFields sets the fields of m that come from the header h.
func readHeaderFields(m *Message, h headerGetter) {
	if s, err := headerText(h, "Subject"); err == nil {
		m.Subject = s
	} else {
		m.Subject = h.Get("Subject")
	}
	from := addressList(h, "From")
	if len(from) > 0 {
		m.From = from[0]
	}
	m.To, m.Cc, m.Bcc, m.ReplyTo = addressList(h, "To"), addressList(h, "Cc"), addressList(h, "Bcc"), addressList(h, "Reply-To")
	if v := h.Get("Date"); v != "" {
		if d, err := parseDate(v); err == nil {
			m.Date = d
		}
	}
	if id, err := messageID(h); err == nil {
		m.MessageID = id
	}
	switch p := strings.ToLower(h.Get("X-Priority") + h.Get("Importance")); {
	case strings.HasPrefix(p, "1"), strings.HasPrefix(p, "2"), strings.Contains(p, "high"):
		m.Priority = PriorityHigh
	case strings.HasPrefix(p, "4"), strings.HasPrefix(p, "5"), strings.Contains(p, "low"):
		m.Priority = PriorityLow
	}
	m.ReadReceipt = h.Get("Disposition-Notification-To") != ""
	m.Sensitivity = strings.TrimSpace(h.Get("Sensitivity"))
}

// MessageIDOf reads the Message-ID of a built or received message from its header alone,
// without decoding the body as Parse does ("" when there is none).
func MessageIDOf(raw []byte) string {
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return ""
	}
	mh := gomail.Header{Header: gomessage.Header{Header: h}}
	id, err := mh.MessageID()
	if err != nil {
		return ""
	}
	return id
}

// maxSizeHint bounds the buffer allocated ahead from a size a peer announced or a message
// suggests; beyond it a buffer grows as the bytes come.
const maxSizeHint = 256 << 20

// readPart reads a part's decoded body. A small part is read as io.ReadAll would; once one
// passes 64 KiB, its buffer is sized from what is left of the message (the decoded rest of
// the part is no larger, but for a charset's conversion), so that a 25 MB attachment costs
// one allocation of about its size instead of io.ReadAll's growth 1.25 times at a time
// (five times its size allocated, and twice held at the last step). When the estimate was
// far too large (other big parts follow), the body is copied into a buffer of its size.
func readPart(body io.Reader, rest *bytes.Reader, cte string) ([]byte, error) {
	b := make([]byte, 0, 512)
	sized := false
	for {
		if len(b) == cap(b) {
			if !sized && len(b) >= 64<<10 {
				sized = true
				// What go-message's buffers hold ahead of rest is a few KiB.
				left := rest.Len() + 64<<10
				if strings.EqualFold(strings.TrimSpace(cte), "base64") {
					left = left/4*3 + 3
				}
				nb := make([]byte, len(b), len(b)+min(left, maxSizeHint))
				copy(nb, b)
				b = nb
			} else {
				b = append(b, 0)[:len(b)]
			}
		}
		n, err := body.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			if sized && cap(b)-len(b) > len(b)/4+64<<10 {
				b = append([]byte(nil), b...)
			}
			return b, err
		}
	}
}

func addressList(h headerGetter, key string) []Address {
	v := h.Get(key)
	if v == "" {
		return nil
	}
	if out, ok := parseAddressListFast(v); ok {
		return out
	}
	list, err := gomail.ParseAddressList(v)
	if err != nil {
		// A malformed list: keep what can be read.
		var out []Address
		for _, part := range splitAddresses(v) {
			if a, err := ParseAddress(part); err == nil {
				out = append(out, a)
			}
		}
		return out
	}
	out := make([]Address, 0, len(list))
	for _, a := range list {
		out = append(out, Address{Name: a.Name, Address: a.Address})
	}
	return out
}

func partName(disposition string, params map[string]string) string {
	if _, dp, err := mime.ParseMediaType(disposition); err == nil && dp["filename"] != "" {
		return decodeWords(dp["filename"])
	}
	return decodeWords(params["name"])
}

func decodeWords(s string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// headerEnd is where the first blank line of raw starts, CRLF CRLF or LF LF, -1 without
// one. Both have a LF second, so it looks at each LF in turn (once, up to the header's
// end: the body is not read): a LF followed by a LF starts a LF LF there, one with a CR
// before it and CR LF after it ends the CR of a CRLF CRLF. The first found starts first (a
// LF LF cannot start at the CR of a CRLF CRLF, nor at its LF).
func headerEnd(raw []byte) int {
	for i := 0; ; i++ {
		j := bytes.IndexByte(raw[i:], '\n')
		if j < 0 {
			return -1
		}
		i += j
		if i+1 < len(raw) && raw[i+1] == '\n' {
			return i
		}
		if i > 0 && raw[i-1] == '\r' && i+2 < len(raw) && raw[i+1] == '\r' && raw[i+2] == '\n' {
			return i - 1
		}
	}
}

// utf8Header returns raw with its header section converted from Windows-1252 to UTF-8 when
// it is not valid UTF-8 (the body is left alone: its parts declare their charsets).
func utf8Header(raw []byte) []byte {
	end := headerEnd(raw)
	if end < 0 {
		end = len(raw)
	}
	if utf8.Valid(raw[:end]) {
		return raw
	}
	head, err := charmap.Windows1252.NewDecoder().Bytes(raw[:end])
	if err != nil {
		return raw
	}
	return append(head, raw[end:]...)
}
