//go:build linux

package mailrt

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncAll forces everything written to the file system of d to the disk with one
// syncfs(2): the group commit of SyncBatch, one call for a whole batch of messages (their
// data, their renames and the directory) instead of an fsync per file.
func syncAll(d *os.File, _ []string) error {
	for {
		err := unix.Syncfs(int(d.Fd()))
		if err != unix.EINTR {
			return err
		}
	}
}
