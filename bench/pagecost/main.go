// Command pagecost measures what the first write to a fresh page of memory costs on this
// machine: the page faults every process start pays for the pages it writes (its heap, its
// goroutine and thread stacks, the runtime's own structures, the package variables it
// changes). On a virtual machine whose host backs guest memory lazily, a fresh anonymous
// page can cost tens of times what it costs on bare metal (a few hundred nanoseconds), and
// then the number of pages a program touches while it starts decides much of its start-up
// time.
//
//	go run ./pagecost [-pages 2000] [-rounds 5]
//
// Each round maps -pages fresh anonymous pages and writes one byte in each, then does the
// same in a second mapping whose pages were first mapped in one call (MADV_POPULATE_WRITE,
// Linux 5.14), which leaves the host's share of the cost; it prints the time per page of
// each round and their medians.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"syscall"
	"time"
	"unsafe"
)

const (
	pageSize          = 4096
	madvPopulateWrite = 23
)

func main() {
	pages := flag.Int("pages", 2000, "fresh anonymous pages written per measurement")
	rounds := flag.Int("rounds", 5, "measurements of each kind")
	flag.Parse()
	if *pages < 1 || *rounds < 1 {
		fmt.Fprintln(os.Stderr, "pagecost: -pages and -rounds must be at least 1")
		os.Exit(2)
	}
	var fresh, populated []time.Duration
	for r := 0; r < *rounds; r++ {
		d, err := touch(*pages, false)
		if err != nil {
			fail(err)
		}
		fresh = append(fresh, d)
		if d, err := touch(*pages, true); err == nil {
			populated = append(populated, d)
		} else if r == 0 {
			fmt.Printf("MADV_POPULATE_WRITE: %v\n", err)
		}
		fmt.Printf("round %d: fresh page %v", r+1, fresh[r])
		if len(populated) > r {
			fmt.Printf(", after MADV_POPULATE_WRITE %v", populated[r])
		}
		fmt.Println()
	}
	fmt.Printf("median per page over %d rounds of %d pages: fresh %v", *rounds, *pages, median(fresh))
	if len(populated) > 0 {
		fmt.Printf(", after MADV_POPULATE_WRITE %v", median(populated))
	}
	fmt.Println()
}

// touch maps n fresh anonymous pages and writes one byte in each, returning the time per
// page of the writes (after mapping them all in one call first when populate is true).
func touch(n int, populate bool) (time.Duration, error) {
	b, err := syscall.Mmap(-1, 0, n*pageSize, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return 0, err
	}
	defer syscall.Munmap(b)
	if populate {
		if _, _, e := syscall.Syscall(syscall.SYS_MADVISE, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)), madvPopulateWrite); e != 0 {
			return 0, e
		}
	}
	start := time.Now()
	for i := 0; i < n; i++ {
		b[i*pageSize] = 1
	}
	return time.Since(start) / time.Duration(n), nil
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pagecost:", err)
	os.Exit(1)
}
