//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package mailrt

import "os"

// crossProcessLocks is false where flock(2) is missing (Windows among others): locks then
// hold only within one SpoolDir, so run one wl process per spool directory at a time there.
const crossProcessLocks = false

// tryLock always succeeds: see crossProcessLocks.
func tryLock(*os.File) (bool, error) { return true, nil }
