package mailrt

import (
	"sync"
	"testing"
)

// TestSpoolGroupCommit checks that messages written at the same moment share the directory's
// fsync: concurrent Puts with SyncEach do fewer directory fsyncs than messages, and every
// message is on disk when its Put returns.
func TestSpoolGroupCommit(t *testing.T) {
	d, err := OpenSpoolDir(t.TempDir(), SyncEach)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const writers, each = 8, 20
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if err := d.Put(&SpoolEntry{MessageID: "x@example.com"}, []byte("Subject: x\r\n\r\nx\r\n")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	es, err := d.List()
	if err != nil || len(es) != writers*each {
		t.Fatalf("%d entries, %v", len(es), err)
	}
	d.mu.Lock()
	syncs, renamed, synced := d.dirSyncs, d.renamed, d.synced
	d.mu.Unlock()
	if synced != renamed || syncs >= writers*each {
		t.Errorf("%d directory fsyncs for %d messages (synced %d of %d renames): no group commit", syncs, writers*each, synced, renamed)
	}
	t.Logf("%d directory fsyncs for %d messages", syncs, writers*each)
}
