package builtins

import "testing"

// TestUIDIndex: uidIndex finds each UID's index, -1 for one absent, whatever the order of the
// questions (in order, backwards, again), for UIDs in ascending order as a SEARCH gives them
// and for UIDs in any order.
func TestUIDIndex(t *testing.T) {
	for _, uids := range [][]uint32{{3, 7, 8, 20}, {20, 3, 8, 7}, {5}, {}} {
		want := map[uint32]int{}
		for i, u := range uids {
			want[u] = i
		}
		find := uidIndex(uids)
		var asks []uint32
		asks = append(asks, uids...)
		for i := len(uids) - 1; i >= 0; i-- {
			asks = append(asks, uids[i])
		}
		asks = append(asks, 0, 1, 4, 21, 1<<31)
		asks = append(asks, uids...)
		for _, u := range asks {
			w, ok := want[u]
			if !ok {
				w = -1
			}
			if got := find(u); got != w {
				t.Errorf("uids %v: index of %d = %d, want %d", uids, u, got, w)
			}
		}
	}
}
