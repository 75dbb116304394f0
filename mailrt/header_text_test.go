package mailrt

import (
	"bytes"
	"fmt"
	"testing"

	gomail "github.com/emersion/go-message/mail"
)

// headerValues are Subject and Message-Id values for the comparisons with go-message.
var headerValues = []string{
	"", "Compte rendu", "Compte rendu n° 12", "=?utf-8?q?Compte_rendu_n=C2=B0_12?=",
	"=?iso-8859-1?q?R=E9union?= demain", "=?utf-8?b?w6l0w6k=?=", "=?bad", "a =? b", "=?x-unknown?q?a?=",
	"=?UTF-8?Q?=C3=A9t=C3=A9?=", "=?US-ASCII?q?plain?=", "=?windows-1252?q?=80?=", "=?koi8-r?b?8dTP?=",
	"=?utf-8?q?a?= =?iso-8859-15?q?=A4?=", "=?utf-8?q?bad=ZZ?=", "=?utf-8?x?a?=", "=?utf-8*fr?q?langue?=",
	"<a@b>", "<1234.5678@exemple.fr>", "  <a.b.c@d.e>  ", "<a@b> trailing", "<a@b> (comment)",
	"<a@b> (unclosed", "(comment) <a@b>", "<a@[127.0.0.1]>", "<a@b", "a@b>", "<@b>", "<a@>",
	"<a b@c>", "<é@b>", "<a@b@c>", "<a\"b@c>", "<a@b>>", "<<a@b>", "<a..b@c.>", "<.a@b>",
	"<a@b>\t", "\t<a@b>", "<!#$%&'*+-/=?^_`{|}~@x>", "<a(b@c>", "<a@b(c>", "<a@b>(",
}

// checkHeaderText compares headerText and messageID with go-message's Text and MessageID
// for the value v, over a list of fields and over go-message's own header.
func checkHeaderText(t *testing.T, v string) {
	t.Helper()
	for _, key := range []string{"Subject", "Message-Id"} {
		var gh gomail.Header
		gh.Set(key, v)
		fast := fastFields{{"X-Other", "x"}, {key, v}}
		wantText, wantErr := gh.Text(key)
		for _, h := range []headerGetter{fast, &gh} {
			got, err := headerText(h, key)
			if got != wantText || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("headerText(%q: %q) = %q, %v; go-message %q, %v", key, v, got, err, wantText, wantErr)
			}
		}
		if key != "Message-Id" {
			continue
		}
		wantID, wantErr := gh.MessageID()
		for _, h := range []headerGetter{fast, &gh} {
			got, err := messageID(h)
			if got != wantID || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Errorf("messageID(%q) = %q, %v; go-message %q, %v", v, got, err, wantID, wantErr)
			}
		}
	}
}

func TestHeaderTextMatchesGoMessage(t *testing.T) {
	fast := 0
	for _, v := range headerValues {
		checkHeaderText(t, v)
		if _, ok := msgIDFast(v); ok {
			fast++
		}
	}
	if fast < 8 {
		t.Errorf("only %d message IDs took the fast path", fast)
	}
}

// FuzzHeaderText compares headerText and messageID with go-message on any value.
func FuzzHeaderText(f *testing.F) {
	for _, v := range headerValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		checkHeaderText(t, v)
	})
}

// headerEndAll is headerEnd as it was, looking for LF LF in the whole message.
func headerEndAll(raw []byte) int {
	end := bytes.Index(raw, []byte("\r\n\r\n"))
	if lf := bytes.Index(raw, []byte("\n\n")); end < 0 || (lf >= 0 && lf < end) {
		end = lf
	}
	return end
}

// FuzzHeaderEnd compares headerEnd with a search of the whole message.
func FuzzHeaderEnd(f *testing.F) {
	for _, s := range []string{"", "a", "\n\n", "\r\n\r\n", "a: b\r\n\r\nbody\n\nmore", "a: b\n\nbody\r\n\r\n",
		"a\n\r\n\r\n", "a\r\n\n\r\n\r\n", "a\n\n\r\n\r\n", "\r\n\r\n\n\n", "a: b\r\nc\n\nd\r\n\r\n",
		"\n", "\n\r\n", "\r\n\n", "a\r\n\r", "a\r\n\r\r\n\r\n", "\r\r\n\r\n", "a\n\r\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if got, want := headerEnd(raw), headerEndAll(raw); got != want {
			t.Errorf("headerEnd(%q) = %d, want %d", raw, got, want)
		}
	})
}
