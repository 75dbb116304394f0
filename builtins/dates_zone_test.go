package builtins_test

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/Paris without the system's zone files

	"github.com/wl-lang/wl/builtins"
	"github.com/wl-lang/wl/interp"
)

// TestLocalAndUTC checks DateHeureLocaleVersUTC and DateHeureUTCVersLocale in the zone of
// the run's clock, with daylight saving time: Paris is UTC+1 in winter, UTC+2 in summer.
func TestLocalAndUTC(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2026, 11, 24, 13, 45, 30, 0, paris) }
	got := run(t, `
Trace(DateHeureLocaleVersUTC("20260115120000"), DateHeureLocaleVersUTC("20260715120000"))
Trace(DateHeureUTCVersLocale("20260115110000"), DateTimeUTCToLocal("20260715100000"))
Trace(DateHeureLocaleVersUTC("20260329023000"), DateHeureUTCVersLocale("20261025010000"))
`, interp.Options{Extensions: map[any]any{builtins.NowKey{}: clock}})
	// 29 March 2026 02:30 does not exist in Paris (the clocks go from 02:00 to 03:00): Go
	// reads it as 03:30 CEST, 01:30 UTC. 25 October 01:00 UTC is 02:00 CET (the second 02:00).
	want := `20260115110000000, 20260715100000000
20260115120000000, 20260715120000000
20260329013000000, 20261025020000000
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
