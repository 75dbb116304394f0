package mailrt_test

import (
	"strings"
	"testing"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// searchSeed delivers three messages that differ in each searched field.
func searchSeed(t *testing.T, s *sandbox.Server) [][]byte {
	t.Helper()
	msgs := []*mailrt.Message{
		{From: mailrt.Address{Name: "Zoé", Address: "zoe@example.com"}, To: []mailrt.Address{{Address: "bob@example.com"}},
			Subject: "Facture de décembre", Text: "Montant : 12 €", MessageID: "fact-12@example.com"},
		{From: mailrt.Address{Address: "ada@example.org"}, To: []mailrt.Address{{Address: "zed@example.net"}},
			Cc: []mailrt.Address{{Address: "carol@example.com"}}, Subject: "Réunion", Text: "Ordre du jour : facture", MessageID: "meet@example.org"},
		{From: mailrt.Address{Address: "news@example.net"}, To: []mailrt.Address{{Address: "bob@example.com"}},
			Subject: "Lettre", HTML: "<p>Promotion d'hiver</p>", MessageID: "news-1@example.net"},
	}
	var raws [][]byte
	for _, m := range msgs {
		raw, err := mailrt.Build(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Seed(raw); err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	return raws
}

// TestSearch checks that an IMAP server's SEARCH (Find) and the client-side Match used over
// POP3 select the same messages for each field.
func TestSearch(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	raws := searchSeed(t, s)
	c, err := mailrt.DialIMAP(bg, settings(s, mailrt.SecurityNone, "u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	uids, _ := c.Search(false)
	tests := []struct {
		q    mailrt.Query
		want string // 1-based positions of the matching messages
	}{
		{mailrt.Query{Value: "FACTURE", Fields: []mailrt.SearchField{mailrt.SearchSubject}}, "1"},
		{mailrt.Query{Value: "facture", Fields: []mailrt.SearchField{mailrt.SearchBody}}, "2"},
		{mailrt.Query{Value: "facture", Fields: []mailrt.SearchField{mailrt.SearchSubject, mailrt.SearchBody}}, "12"},
		{mailrt.Query{Value: "facture"}, "12"},
		{mailrt.Query{Value: "bob@example.com", Fields: []mailrt.SearchField{mailrt.SearchTo}}, "13"},
		{mailrt.Query{Value: "carol", Fields: []mailrt.SearchField{mailrt.SearchTo}}, "2"},
		{mailrt.Query{Value: "example.org", Fields: []mailrt.SearchField{mailrt.SearchFrom}}, "2"},
		{mailrt.Query{Value: "news-1@", Fields: []mailrt.SearchField{mailrt.SearchMessageID}}, "3"},
		{mailrt.Query{Value: "hiver", Fields: []mailrt.SearchField{mailrt.SearchBody}}, "3"},
		{mailrt.Query{Value: "absent"}, ""},
	}
	for _, tt := range tests {
		found, err := c.Find(tt.q)
		if err != nil {
			t.Fatalf("%+v: %v", tt.q, err)
		}
		var got, local strings.Builder
		for i, u := range uids {
			for _, f := range found {
				if f == u {
					got.WriteByte(byte('1' + i))
				}
			}
			if tt.q.Match(raws[i]) {
				local.WriteByte(byte('1' + i))
			}
		}
		if got.String() != tt.want {
			t.Errorf("IMAP %+v: messages %q, want %q", tt.q, got.String(), tt.want)
		}
		if local.String() != tt.want {
			t.Errorf("Match %+v: messages %q, want %q", tt.q, local.String(), tt.want)
		}
	}
	c.MarkSeen(uids[:1], true)
	if found, _ := c.Find(mailrt.Query{Value: "facture", UnseenOnly: true}); len(found) != 1 || found[0] != uids[1] {
		t.Errorf("unseen only: %v", found)
	}
	if _, err := c.Find(mailrt.Query{Value: "a\r\nb"}); kindOf(t, err) != mailrt.KindInvalidValue {
		t.Errorf("a line break in the search text: %v", err)
	}
	meta, err := c.FetchMeta(uids[:1])
	if err != nil || len(meta) != 1 || meta[0].Size != int64(len(raws[0])) || meta[0].Raw != nil || !meta[0].Seen {
		t.Errorf("FetchMeta: %+v %v", meta, err)
	}
	if got := mailrt.HeaderField(raws[0], "subject"); got != "Facture de décembre" {
		t.Errorf("HeaderField: %q", got)
	}
	if got := mailrt.HeaderField(raws[0], ""); !strings.Contains(got, "\r\nFrom: ") || strings.Contains(got, "Montant") {
		t.Errorf("whole header: %q", got)
	}
}
