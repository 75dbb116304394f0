package sandbox

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"strings"

	gomessage "github.com/emersion/go-message"
	gomail "github.com/emersion/go-message/mail"
	// mailrt sets go-message's CharsetReader: iso-8859-*, windows-125x... bodies and headers.
	_ "github.com/wl-lang/wl/mailrt"
)

// Message is a message the SMTP side accepted, in the JSON form of ARCHITECTURE.md.
// Addresses are bare (a@b.c); Bcc lists the envelope recipients that are not in To or Cc.
type Message struct {
	From        string       `json:"from"`
	To          []string     `json:"to"`
	Cc          []string     `json:"cc"`
	Bcc         []string     `json:"bcc"`
	Subject     string       `json:"subject"`
	Text        string       `json:"text"`
	HTML        string       `json:"html"`
	Attachments []Attachment `json:"attachments"`
	Auth        Auth         `json:"auth"`
	TLS         string       `json:"tls"`
	Server      string       `json:"server"`
	// Raw is the message as received, byte for byte.
	Raw []byte `json:"-"`
}

// Attachment describes an attachment of a captured message.
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int    `json:"size"`
}

// Auth is how the SMTP client authenticated: mechanism PLAIN, LOGIN, XOAUTH2 or
// OAUTHBEARER and the user name; empty without authentication. Passwords and tokens are
// never kept.
type Auth struct {
	Mechanism string `json:"mechanism"`
	User      string `json:"user"`
}

// TLS modes of a captured message.
const (
	TLSNone     = "none"
	TLSStartTLS = "starttls"
	TLSImplicit = "implicit"
)

// describe fills the fields of m read from the message itself: sender, visible recipients,
// subject, bodies and attachments. envelopeFrom and rcpts are the SMTP envelope.
func describe(raw []byte, envelopeFrom string, rcpts []string) Message {
	m := Message{From: bareAddress(envelopeFrom), To: []string{}, Cc: []string{}, Bcc: []string{},
		Attachments: []Attachment{}}
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil && r == nil {
		for _, rc := range rcpts {
			m.Bcc = append(m.Bcc, bareAddress(rc))
		}
		return m
	}
	defer r.Close()
	h := r.Header
	if s, err := h.Subject(); err == nil {
		m.Subject = s
	} else {
		m.Subject = h.Get("Subject")
	}
	if m.From == "" {
		if from, err := h.AddressList("From"); err == nil && len(from) > 0 {
			m.From = from[0].Address
		}
	}
	visible := map[string]bool{}
	for _, f := range []struct {
		key string
		dst *[]string
	}{{"To", &m.To}, {"Cc", &m.Cc}} {
		list, _ := h.AddressList(f.key)
		for _, a := range list {
			*f.dst = append(*f.dst, a.Address)
			visible[strings.ToLower(a.Address)] = true
		}
	}
	for _, rc := range rcpts {
		if !visible[strings.ToLower(bareAddress(rc))] {
			m.Bcc = append(m.Bcc, bareAddress(rc))
		}
	}
	for _, p := range leafParts(r) {
		switch p.Role {
		case RoleText:
			m.Text = string(p.Body)
		case RoleHTML:
			m.HTML = string(p.Body)
		default:
			m.Attachments = append(m.Attachments, Attachment{Name: p.Name, ContentType: p.ContentType, Size: len(p.Body)})
		}
	}
	return m
}

// PartRole is what a part of a message is to its reader.
type PartRole string

// The roles of the parts of a message: the first text/plain and text/html parts are its
// bodies (Message.Text and Message.HTML), every other part is one of its attachments, inline
// images included.
const (
	RoleText       PartRole = "text"
	RoleHTML       PartRole = "html"
	RoleAttachment PartRole = "attachment"
)

// Part is a leaf part of a message.
type Part struct {
	Role        PartRole
	ContentType string // media type, such as image/png
	Name        string // file name (Content-Disposition filename or Content-Type name), decoded
	ContentID   string // Content-ID without its angle brackets
	Disposition string // inline, attachment or empty
	// Body is the content: transfer encoding undone, and text parts converted to UTF-8.
	Body []byte
}

// Parts returns the leaf parts of a message in order; those of role RoleAttachment are, in
// the same order, the Attachments of the message's Message.
func Parts(raw []byte) []Part {
	r, err := gomail.CreateReader(bytes.NewReader(raw))
	if err != nil && r == nil {
		return nil
	}
	defer r.Close()
	return leafParts(r)
}

// leafParts reads the rest of r's parts.
func leafParts(r *gomail.Reader) []Part {
	var out []Part
	haveText, haveHTML := false, false
	for {
		p, err := r.NextPart()
		if err != nil {
			break
		}
		var h gomessage.Header
		switch ph := p.Header.(type) {
		case *gomail.InlineHeader:
			h = ph.Header
		case *gomail.AttachmentHeader:
			h = ph.Header
		default:
			continue
		}
		ct, _, _ := h.ContentType()
		disp, _, _ := h.ContentDisposition()
		body, _ := io.ReadAll(p.Body)
		part := Part{Role: RoleAttachment, ContentType: ct, Name: partName(h), Disposition: disp, Body: body,
			ContentID: strings.Trim(strings.TrimSpace(h.Get("Content-Id")), "<>")}
		if _, inline := p.Header.(*gomail.InlineHeader); inline && !(disp == "inline" && !strings.HasPrefix(ct, "text/")) {
			switch {
			case ct == "text/html" && !haveHTML:
				part.Role, haveHTML = RoleHTML, true
			case (ct == "text/plain" || ct == "") && !haveText:
				part.Role, haveText = RoleText, true
			}
		}
		out = append(out, part)
	}
	return out
}

// partName is the file name of a part.
func partName(h gomessage.Header) string {
	name := ""
	if _, params, err := h.ContentDisposition(); err == nil {
		name = params["filename"]
	}
	if name == "" {
		if _, params, err := h.ContentType(); err == nil {
			name = params["name"]
		}
	}
	if dec, err := new(mime.WordDecoder).DecodeHeader(name); err == nil {
		name = dec
	}
	return name
}

// bareAddress reduces "Name <a@b.c>" and "<a@b.c>" to a@b.c.
func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Address
	}
	return strings.Trim(s, "<>")
}
