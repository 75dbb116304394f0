package mailrt

import (
	"net/mail"
	"testing"
	"time"
)

// dateForms are Date header values: the common forms the fast path reads, and forms it must
// leave to net/mail.ParseDate (obsolete zones, two-digit years, odd spacing, fractions of a
// second, comments it does not take, dates out of range, garbage).
var dateForms = []string{
	"Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"02 Jan 2006 15:04 +0000",
	"Sat, 05 Dec 2026 06:33:45 +0100",
	"Sat, 05 Dec 2026 06:33:45 +0100 (CET)",
	"Sat, 05 Dec 2026 06:33:45 +0000 (UTC)  ",
	"Sat, 05 Dec 2026 06:33:45 +0000 (Coordinated Universal Time)",
	"Thu, 1 Jan 1970 00:00:00 +0000",
	"Wed, 31 Dec 1969 23:59:59 -0000",
	"Tue, 29 Feb 2028 12:00:00 +0530",
	"Mon, 29 Feb 2100 12:00:00 +0000", // not a leap year: out of range
	"Sat, 29 Feb 2000 12:00:00 +0000", // a leap year
	"Fri, 31 Apr 2026 12:00:00 +0000", // April has 30 days
	"Fri, 00 Apr 2026 12:00:00 +0000",
	"Fri, 10 Apr 2026 24:00:00 +0000",
	"Fri, 10 Apr 2026 23:60:00 +0000",
	"Fri, 10 Apr 2026 23:59:60 +0000",
	"Fri, 10 Apr 2026 9:05:00 +0000",
	"Fri, 10 Apr 2026 23:59:59 +2400",
	"Fri, 10 Apr 2026 23:59:59 +2460",
	"Fri, 10 Apr 2026 23:59:59 +2500",
	"Fri, 10 Apr 2026 23:59:59 +0061",
	"Fri, 10 Apr 2026 23:59:59 -1200",
	"Fri, 10 Apr 2026 23:59:59 +1400",
	"Sun, 10 Apr 2026 23:59:59 +0200", // the wrong day of the week: time.Parse does not check it
	"Xyz, 10 Apr 2026 23:59:59 +0200",
	"mon, 10 apr 2026 23:59:59 +0200",
	"  Fri, 10 Apr 2026 23:59:59 +0200",
	"\tFri, 10 Apr 2026 23:59:59 +0200",
	"Fri,  10 Apr 2026 23:59:59 +0200",
	"Fri, 10  Apr 2026 23:59:59 +0200",
	"Fri, 10 Apr 2026  23:59:59 +0200",
	"Fri, 10 Apr 2026 23:59:59  +0200",
	"Fri, 10 Apr 26 23:59:59 +0200",
	"Fri, 10 Apr 95 23:59:59 +0200",
	"Fri, 10 Apr 12026 23:59:59 +0200",
	"Fri, 10 Apr 0999 23:59:59 +0200",
	"Fri, 10 Apr 2026 23:59:59.123 +0200",
	"Fri, 10 Apr 2026 23:59:59,5 +0200",
	"Fri, 10 Apr 2026 23:59:59 GMT",
	"Fri, 10 Apr 2026 23:59:59 UT",
	"Fri, 10 Apr 2026 23:59:59 EST",
	"Fri, 10 Apr 2026 23:59:59 MDT (MDT)",
	"Fri, 10 Apr 2026 23:59:59 +0200 (nested (comment))",
	"Fri, 10 Apr 2026 23:59:59 +0200 (unclosed",
	"Fri, 10 Apr 2026 23:59:59 +0200 (esc\\)aped)",
	"Fri, 10 Apr 2026 23:59:59 +0200 trailing",
	"Fri, 10 Apr 2026 23:59:59 +0200 (a) (b)",
	"Fri, 10 Apr 2026 23:59:59 +0200\r\n (CEST)",
	"Fri, 10 Apr 2026 23:59:59 +0200\r",
	"Fri, 10 Apr 2026 23:59:59 +02",
	"Fri, 10 Apr 2026 23:59:59 +02:00",
	"Fri, 10 Apr 2026 23:59:59 0200",
	"Fri, 10 Apr 2026 23:59 +0200",
	"Fri, 10 Apr 2026 23 +0200",
	"Fri, 10 Apr 2026",
	"Fri, 10 Apr 2026 23:59:59 +0200 (é)",
	"2026-04-10T23:59:59Z",
	"",
	" ",
	"Fri,",
	"garbage",
}

// sameTime reports whether two results of a date parse are the same: the instant, the zone's
// name and offset, and whether the location is time.Local.
func sameTime(a, b time.Time) bool {
	an, ao := a.Zone()
	bn, bo := b.Zone()
	return a.Equal(b) && an == bn && ao == bo && a.Location().String() == b.Location().String() &&
		(a.Location() == time.Local) == (b.Location() == time.Local)
}

// checkDate compares parseDate with net/mail.ParseDate on s.
func checkDate(t *testing.T, s string) (fast bool) {
	t.Helper()
	want, werr := mail.ParseDate(s)
	got, gerr := parseDate(s)
	if (werr == nil) != (gerr == nil) || werr == nil && !sameTime(got, want) {
		t.Errorf("parseDate(%q) = %v, %v; net/mail.ParseDate gives %v, %v", s, got, gerr, want, werr)
	}
	f, ok := parseDateFast(s)
	if ok && (werr != nil || !sameTime(f, want)) {
		t.Errorf("parseDateFast(%q) = %v; net/mail.ParseDate gives %v, %v", s, f, want, werr)
	}
	return ok
}

// withLocal runs f with time.Local set to loc (the package's tests do not run in parallel).
func withLocal(t *testing.T, loc *time.Location, f func()) {
	old := time.Local
	time.Local = loc
	defer func() { time.Local = old }()
	f()
}

// locals are the local zones the dates are read in: the offset of a date is the local one
// in some of them (then time.Parse gives time.Local), not in others.
func locals(t *testing.T) []*time.Location {
	out := []*time.Location{time.UTC, time.FixedZone("EST", -5*3600), time.FixedZone("", 2*3600)}
	if paris, err := time.LoadLocation("Europe/Paris"); err == nil {
		out = append(out, paris)
	} else {
		t.Logf("no Europe/Paris zone: %v", err)
	}
	return out
}

func TestParseDateMatchesNetMail(t *testing.T) {
	for _, loc := range locals(t) {
		withLocal(t, loc, func() {
			for _, s := range dateForms {
				checkDate(t, s)
			}
		})
	}
}

// TestParseDateFastPathTaken checks that the forms mailers write are read by the fast path,
// so that the speed-up cannot silently vanish.
func TestParseDateFastPathTaken(t *testing.T) {
	for _, s := range []string{
		"Mon, 02 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04 +0000",
		"Sat, 05 Dec 2026 06:33:45 +0100 (CET)",
		time.Date(2026, 12, 5, 6, 33, 45, 0, time.UTC).Format(time.RFC1123Z),
	} {
		if !checkDate(t, s) {
			t.Errorf("%q did not take the fast path", s)
		}
	}
}

// FuzzParseDate compares parseDate and its fast path with net/mail.ParseDate on any input.
func FuzzParseDate(f *testing.F) {
	for _, s := range dateForms {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkDate(t, s) })
}
