package wl

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// physicalMemory is the machine's memory, or the limit of the process's control group
// (a container's memory) when it is lower; 0 when unknown.
func physicalMemory() int64 {
	var info syscall.Sysinfo_t
	if err := syscall.Sysinfo(&info); err != nil {
		return 0
	}
	total := int64(info.Totalram) * int64(info.Unit)
	if limit := cgroupMemoryLimit(); limit > 0 && (total <= 0 || limit < total) {
		return limit
	}
	return total
}

// cgroupMemoryLimit reads the memory limit of the control group (v2, then v1) the process
// runs in; 0 when there is none.
func cgroupMemoryLimit() int64 {
	for _, name := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		// "max", or v1's huge value meaning no limit.
		if err != nil || n <= 0 || n >= 1<<62 {
			return 0
		}
		return n
	}
	return 0
}
