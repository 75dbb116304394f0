package main

import (
	"testing"
	"unsafe"
)

// stackAddr is the address of a variable in the caller's frame: it changes when the runtime
// copies the goroutine's stack to a larger one.
//
//go:noinline
func stackAddr(x *byte) uintptr { return uintptr(unsafe.Pointer(x)) }

// recurse uses about depth KB of stack.
//
//go:noinline
func recurse(depth int) byte {
	var frame [1000]byte
	if depth == 0 {
		return touch(frame[:])
	}
	return recurse(depth-1) + touch(frame[:])
}

// TestGrowStack checks that after growStack a goroutine recurses 100 KB deep without its
// stack being copied again (the copies it saves are what made start-up pay for morestack),
// and that without it the same recursion does copy the stack.
func TestGrowStack(t *testing.T) {
	for _, tc := range []struct {
		grow      bool
		wantMoved bool
	}{
		{grow: true, wantMoved: false},
		{grow: false, wantMoved: true},
	} {
		moved := make(chan bool)
		go func() {
			var local byte
			if tc.grow {
				growStack(false)
			}
			before := stackAddr(&local)
			recurse(100)
			moved <- stackAddr(&local) != before
		}()
		if got := <-moved; got != tc.wantMoved {
			t.Errorf("grow=%v: stack copied during a 100 KB recursion: %v, want %v", tc.grow, got, tc.wantMoved)
		}
	}
}
