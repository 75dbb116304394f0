package main

import (
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{[]time.Duration{5}, 5},
		{[]time.Duration{3, 1, 2}, 2},
		{[]time.Duration{9, 1, 8, 2, 7}, 7},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestTouch writes fresh pages both ways: each write must have taken some time and left the
// mapping unmapped again.
func TestTouch(t *testing.T) {
	for _, populate := range []bool{false, true} {
		d, err := touch(16, populate)
		if populate && err != nil {
			t.Skipf("MADV_POPULATE_WRITE: %v (Linux 5.14 or later)", err)
		}
		if err != nil || d <= 0 {
			t.Errorf("touch(16, %v) = %v, %v", populate, d, err)
		}
	}
}
