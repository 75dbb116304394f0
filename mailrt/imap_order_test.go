package mailrt

import (
	"reflect"
	"testing"
)

func TestInUIDOrder(t *testing.T) {
	msg := func(uid uint32, size int64) IMAPMessage { return IMAPMessage{UID: uid, Size: size} }
	for _, c := range []struct {
		name string
		got  []IMAPMessage
		uids []uint32
		want []IMAPMessage
	}{
		{"in order", []IMAPMessage{msg(1, 1), msg(5, 5)}, []uint32{1, 5}, []IMAPMessage{msg(1, 1), msg(5, 5)}},
		{"answered in another order", []IMAPMessage{msg(5, 5), msg(1, 1)}, []uint32{1, 5}, []IMAPMessage{msg(1, 1), msg(5, 5)}},
		{"one missing", []IMAPMessage{msg(5, 5)}, []uint32{1, 5}, []IMAPMessage{msg(5, 5)}},
		{"answered twice", []IMAPMessage{msg(1, 1), msg(1, 2)}, []uint32{1, 5}, []IMAPMessage{msg(1, 2)}},
		{"one not asked", []IMAPMessage{msg(1, 1), msg(7, 7)}, []uint32{1, 5}, []IMAPMessage{msg(1, 1)}},
		{"none", nil, []uint32{1}, []IMAPMessage{}},
	} {
		if got := inUIDOrder(c.got, c.uids); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}
