package main

// growStack makes the calling goroutine's stack at least stackReserve bytes deep in one
// step, while it is shallow. A goroutine starts with a few KB of stack that the runtime
// doubles, copying it whole and adjusting every frame's pointers, each time a call needs more:
// parsing and compiling a script recurse deeply enough to pay for four or five of those
// copies. Called first in main (with false), it pays for one copy of a stack a few frames
// deep: its frame is that large, but the array in it is only written when use is true, so
// the pages of the larger stack are touched only when something later uses them.
//
//go:noinline
func growStack(use bool) byte {
	if use {
		var reserve [stackReserve]byte
		return touch(reserve[:])
	}
	return 0
}

// touch reads and writes b, so that growStack's array is kept on the stack.
//
//go:noinline
func touch(b []byte) byte {
	b[0]++
	return b[0] + b[len(b)-1]
}

// stackReserve is the stack depth growStack reserves (the compiler keeps arrays up to 128 KB
// on the stack): more than parsing and compiling hello.wl uses, so its main goroutine's stack
// does not grow again.
const stackReserve = 120 << 10
