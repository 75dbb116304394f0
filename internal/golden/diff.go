package golden

import (
	udiff "github.com/aymanbagabas/go-udiff"
)

// unifiedDiff is the unified diff of section name from want to got, with three lines of
// context; a last line without "\n" is marked as in diff(1).
func unifiedDiff(name, want, got string) string {
	return udiff.Unified("want/"+name, "got/"+name, want, got)
}
