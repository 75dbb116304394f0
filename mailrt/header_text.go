package mailrt

import (
	"errors"
	"io"
	"mime"
	"strings"

	gomail "github.com/emersion/go-message/mail"
)

// headerText is go-message's Header.Text of key (the value, its RFC 2047 encoded words
// decoded) for any header. A value without "=?" has no encoded word and is given as it is,
// as mime.WordDecoder.DecodeHeader gives it. go-message decodes with a WordDecoder whose
// CharsetReader converts the charsets other than utf-8, iso-8859-1 and us-ascii (which the
// WordDecoder converts itself, without asking its CharsetReader): a value whose encoded
// words are all in those three is decoded here the same; one with any other charset is
// decoded by go-message itself.
func headerText(h headerGetter, key string) (string, error) {
	v := h.Get(key)
	if !strings.Contains(v, "=?") {
		return v, nil
	}
	d := mime.WordDecoder{CharsetReader: otherCharset}
	if dec, err := d.DecodeHeader(v); err == nil {
		return dec, nil
	}
	var one gomail.Header
	one.Set(key, v)
	return one.Text(key)
}

// errOtherCharset stops headerText's decoder at a charset the WordDecoder does not know.
var errOtherCharset = errors.New("mailrt: charset left to go-message")

// otherCharset is the CharsetReader of headerText's decoder.
func otherCharset(string, io.Reader) (io.Reader, error) { return nil, errOtherCharset }

// messageID is go-message's Header.MessageID for any header: the common form
// "<left@right>" (dot-atoms of ASCII, with spaces or tabs around) is read here, any other
// by go-message itself.
func messageID(h headerGetter) (string, error) {
	v := h.Get("Message-Id")
	if v == "" {
		return "", nil
	}
	if id, ok := msgIDFast(v); ok {
		return id, nil
	}
	var one gomail.Header
	one.Set("Message-Id", v)
	return one.MessageID()
}

// msgIDFast reads a msg-id "<left@right>" whose left and right are ASCII atext and dots
// (what go-message's parser reads as dot-atom text), after spaces and tabs, and followed
// by nothing but spaces and tabs or by text that is not a comment: go-message's parser
// stops there too and gives left@right. ok is false for anything else.
func msgIDFast(v string) (id string, ok bool) {
	s := strings.TrimLeft(v, " \t")
	if len(s) < 5 || s[0] != '<' {
		return "", false
	}
	i := 1
	for i < len(s) && atextDot(s[i]) {
		i++
	}
	if i == 1 || i == len(s) || s[i] != '@' {
		return "", false
	}
	j := i + 1
	for j < len(s) && atextDot(s[j]) {
		j++
	}
	if j == i+1 || j == len(s) || s[j] != '>' {
		return "", false
	}
	if rest := strings.TrimLeft(s[j+1:], " \t"); rest != "" && rest[0] == '(' {
		return "", false // a comment after: go-message checks it
	}
	return s[1:j], true
}

// atextDot tells whether c is an ASCII character of RFC 5322 atext, or a dot, as
// go-message's isAtext(c, true) has them.
func atextDot(c byte) bool { return c == '.' || isAtext(c) }
