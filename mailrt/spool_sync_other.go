//go:build !linux

package mailrt

import "os"

// syncAll forces the files (those still there) and then the directory d to the disk.
func syncAll(d *os.File, files []string) error {
	var first error
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			continue // sent, failed or dropped meanwhile
		}
		if err := f.Sync(); err != nil && first == nil {
			first = err
		}
		f.Close()
	}
	if err := d.Sync(); err != nil && first == nil {
		first = err
	}
	return first
}
