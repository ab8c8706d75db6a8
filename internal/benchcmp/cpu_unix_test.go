//go:build unix

package benchcmp

import (
	"syscall"
	"time"
)

// processCPU returns the user+system CPU time the whole test process has
// used: the client under test, the loopback server and the garbage
// collector.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
