package mailrt_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wl-lang/wl/mailrt"
	"github.com/wl-lang/wl/mailrt/sandbox"
)

// pipeTransport hands the client one end of a pipe whose other end a test scripts.
type pipeTransport struct{ conn net.Conn }

func (p pipeTransport) Dial(context.Context, mailrt.Protocol, mailrt.Security, string) (net.Conn, error) {
	return p.conn, nil
}

// TestFetchEachHandsOnBeforeTheEnd: FetchEach hands each message on as soon as it is read,
// before the FETCH ends: the scripted server sends the second message only once the first
// was handed on (it waits 10 s at most, and the test fails if it had to); a FETCH
// response for a UID not asked for (a flag update) is not a message read. Fetch of the same
// answer gives the messages in the order of the UIDs asked.
func TestFetchEachHandsOnBeforeTheEnd(t *testing.T) {
	msgs := []string{"Subject: one\r\n\r\nfirst\r\n", "Subject: two\r\n\r\nsecond\r\n"}
	fetchResp := func(seq, uid int, raw string) string {
		return fmt.Sprintf("* %d FETCH (UID %d FLAGS (\\Seen) RFC822.SIZE %d BODY[] {%d}\r\n%s)\r\n", seq, uid, len(raw), len(raw), raw)
	}
	for _, each := range []bool{true, false} {
		t.Run(fmt.Sprint("each=", each), func(t *testing.T) {
			client, server := net.Pipe()
			handed := make(chan uint32, 4)
			done := make(chan struct{})
			go func() {
				defer close(done)
				defer server.Close()
				r := bufio.NewReader(server)
				fmt.Fprint(server, "* OK [CAPABILITY IMAP4rev1] ready\r\n")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
					switch {
					case strings.HasPrefix(cmd, "LOGIN"):
						fmt.Fprintf(server, "%s OK logged in\r\n", tag)
					case strings.HasPrefix(cmd, "SELECT"):
						fmt.Fprintf(server, "* 3 EXISTS\r\n%s OK [READ-WRITE] selected\r\n", tag)
					case strings.HasPrefix(cmd, "UID FETCH"):
						fmt.Fprint(server, fetchResp(1, 10, msgs[0]))
						if each {
							select {
							case <-handed:
							case <-time.After(10 * time.Second):
								t.Error("the first message was not handed on before the second was sent")
							}
						}
						fmt.Fprint(server, fetchResp(2, 11, "x")+fetchResp(3, 20, msgs[1]))
						fmt.Fprintf(server, "%s OK fetched\r\n", tag)
					case strings.HasPrefix(cmd, "LOGOUT"):
						fmt.Fprintf(server, "* BYE\r\n%s OK bye\r\n", tag)
						return
					default:
						fmt.Fprintf(server, "%s BAD unexpected\r\n", tag)
					}
				}
			}()
			s := mailrt.Settings{Host: "imap.example.com", User: "u", Password: "p", Transport: pipeTransport{client}, Timeout: 30 * time.Second}
			c, err := mailrt.DialIMAP(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			var got []mailrt.IMAPMessage
			if each {
				err = c.FetchEach([]uint32{10, 20}, true, func(m mailrt.IMAPMessage) {
					got = append(got, m)
					handed <- m.UID
				})
			} else {
				got, err = c.Fetch([]uint32{20, 10}, true)
			}
			c.Close()
			<-done
			if err != nil {
				t.Fatal(err)
			}
			var uids []uint32
			var raws []string
			for _, m := range got {
				uids = append(uids, m.UID)
				raws = append(raws, string(m.Raw))
				if !m.Seen || m.Size != int64(len(m.Raw)) {
					t.Errorf("UID %d: seen %v, size %d of %d bytes", m.UID, m.Seen, m.Size, len(m.Raw))
				}
			}
			want, wantRaw := []uint32{10, 20}, msgs
			if !each {
				want, wantRaw = []uint32{20, 10}, []string{msgs[1], msgs[0]}
			}
			if fmt.Sprint(uids) != fmt.Sprint(want) || fmt.Sprintf("%q", raws) != fmt.Sprintf("%q", wantRaw) {
				t.Errorf("got UIDs %v %q, want %v %q", uids, raws, want, wantRaw)
			}
		})
	}
}

// TestFetchAll: FetchAll hands on every message of the folder, as Fetch gives the UIDs of
// a SEARCH (here 1 and 3, the second expunged), and nothing from an empty folder.
func TestFetchAll(t *testing.T) {
	s := startSandbox(t, sandbox.Config{})
	seed(t, s, 3, nil)
	c, err := mailrt.DialIMAP(bg, settings(s, mailrt.SecurityNone, "u", "p"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Delete([]uint32{2}); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge(); err != nil {
		t.Fatal(err)
	}
	for _, full := range []bool{true, false} {
		uids, err := c.Search(false)
		if err != nil {
			t.Fatal(err)
		}
		want, err := c.Fetch(uids, full)
		if err != nil {
			t.Fatal(err)
		}
		var got []mailrt.IMAPMessage
		if err := c.FetchAll(full, func(m mailrt.IMAPMessage) { got = append(got, m) }); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(uids) != "[1 3]" || !reflect.DeepEqual(got, want) {
			t.Errorf("full %v: FetchAll gave %+v, want %+v (UIDs %v)", full, got, want, uids)
		}
	}
	if err := c.CreateFolder("Vide"); err != nil {
		t.Fatal(err)
	}
	if err := c.Select("Vide"); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := c.FetchAll(true, func(mailrt.IMAPMessage) { n++ }); err != nil || n != 0 {
		t.Errorf("empty folder: %d messages, %v", n, err)
	}
}
