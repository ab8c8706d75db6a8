//go:build !unix

package benchcmp

import "time"

func processCPU() (time.Duration, bool) { return 0, false }
