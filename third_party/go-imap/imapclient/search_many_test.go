package imapclient_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// TestSearchManyNumbers checks that every number of SEARCH responses reaches the command's
// set, in one response and spread over two, for SEARCH and UID SEARCH (the set is stored in
// the command's data once per response rather than after each number).
func TestSearchManyNumbers(t *testing.T) {
	var want []uint32
	var line strings.Builder
	for n := uint32(1); n <= 3000; n++ {
		if n%7 == 3 || n%100 == 0 {
			continue
		}
		want = append(want, n)
		fmt.Fprintf(&line, " %d", n)
	}
	one := "* SEARCH" + line.String() + "\r\n"
	half := strings.Index(line.String(), " 1502 ")
	two := "* SEARCH" + line.String()[:half] + "\r\n* SEARCH" + line.String()[half:] + "\r\n"
	for _, tc := range []struct {
		name string
		body string
		uid  bool
	}{
		{"one response", one, false},
		{"two responses", two, false},
		{"UID one response", one, true},
		{"UID two responses", two, true},
		{"none", "* SEARCH\r\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := imapclient.New(scriptedServer(t, tc.body, true), nil)
			defer c.Close()
			criteria := &imap.SearchCriteria{}
			var data *imap.SearchData
			var err error
			if tc.uid {
				data, err = c.UIDSearch(criteria, nil).Wait()
			} else {
				data, err = c.Search(criteria, nil).Wait()
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []uint32
			if tc.uid {
				set, ok := data.All.(imap.UIDSet)
				if !ok {
					t.Fatalf("All = %T, want UIDSet", data.All)
				}
				uids, _ := set.Nums()
				for _, u := range uids {
					got = append(got, uint32(u))
				}
			} else {
				set, ok := data.All.(imap.SeqSet)
				if !ok {
					t.Fatalf("All = %T, want SeqSet", data.All)
				}
				got, _ = set.Nums()
			}
			w := want
			if tc.body == "* SEARCH\r\n" {
				w = nil
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("got %d numbers %v, want %d", len(got), got, len(w))
			}
		})
	}
}
