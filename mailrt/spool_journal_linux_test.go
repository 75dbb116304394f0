//go:build linux

package mailrt

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// smallDisk mounts a tmpfs of size bytes for the test (root only; skipped elsewhere).
func smallDisk(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+size); err != nil {
		t.Skipf("cannot mount a small file system here: %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	return dir
}

// TestJournalSmallDisk checks that a disk with less room than a preallocation chunk still
// takes messages (the journal reserves just what a message needs), and that a full one makes
// Put fail with a clear error, leaving nothing behind.
func TestJournalSmallDisk(t *testing.T) {
	dir := filepath.Join(smallDisk(t, "1m"), "spool")
	d, err := OpenSpoolDir(dir, SyncJournal)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	journalPut(t, d, 1) // fewer than journalChunk bytes free: reserved by the message
	if s := d.j.cur.size; s <= 0 || s >= journalChunk {
		t.Errorf("preallocated %d bytes", s)
	}
	// Fill the disk.
	fill, _ := os.Create(filepath.Join(filepath.Dir(dir), "fill"))
	fill.Write(make([]byte, 2<<20))
	fill.Close()
	err = d.Put(&SpoolEntry{MessageID: "x@example.com"}, make([]byte, 64<<10))
	if err == nil || !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "cannot write to the spool directory") {
		t.Fatalf("put on a full disk: %v", err)
	}
	if es, err := d.List(); err != nil || len(es) != 1 {
		t.Errorf("list %d, %v", len(es), err)
	}
}
