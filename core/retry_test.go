package core

import (
	"testing"
	"time"
)

func TestRetryPolicyZeroFieldsMeanDefaults(t *testing.T) {
	got := RetryPolicy{MaxAttempts: 5}.WithDefaults()
	want := DefaultRetryPolicy()
	want.MaxAttempts = 5
	if got != want {
		t.Fatalf("RetryPolicy{MaxAttempts: 5}.WithDefaults() = %+v, want %+v", got, want)
	}
	if got := (RetryPolicy{}).WithDefaults(); got != DefaultRetryPolicy() {
		t.Fatalf("zero policy = %+v, want the default", got)
	}
	// Negative values switch a part off and survive WithDefaults.
	off := RetryPolicy{MaxAttempts: -1, BaseDelay: -1, MaxDelay: -1, MaxRetryAfter: -1, Budget: -1, RetryCost: -1}.WithDefaults()
	if off.MaxAttempts != 1 || off.BaseDelay >= 0 || off.MaxDelay >= 0 || off.MaxRetryAfter >= 0 || off.Budget >= 0 || off.RetryCost >= 0 {
		t.Fatalf("negative fields: %+v", off)
	}
	if d := off.Backoff(3); d != 0 {
		t.Fatalf("negative BaseDelay: backoff %v, want 0", d)
	}
	if NoRetries().WithDefaults().MaxAttempts != 1 {
		t.Fatal("NoRetries must stay one attempt")
	}
}

func TestBackoffStaysWithinItsCeiling(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 300 * time.Millisecond, 60: 300 * time.Millisecond} {
		for i := 0; i < 200; i++ {
			if d := p.Backoff(n); d < 0 || d >= ceiling {
				t.Fatalf("Backoff(%d) = %v, want [0, %v)", n, d, ceiling)
			}
		}
	}
}
