package interp

import (
	"fmt"
	"time"
)

const msPerDay = 24 * 60 * 60 * 1000

// epochDays is the day number of 1970-01-01 counted from 0001-01-01.
const epochDays = 719162

// DateOf makes a date value from a calendar date.
func DateOf(y int, m time.Month, d int) Value {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return dateValue(t.Unix()/86400 + epochDays)
}

// DateTimeOf makes a datetime value from a time (its wall clock, in its location).
func DateTimeOf(t time.Time) Value {
	day := DateOf(t.Year(), t.Month(), t.Day()).n
	ms := int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6)
	return Value{k: KDateTime, n: day*msPerDay + ms}
}

// TimeOfDay makes a time value from milliseconds since midnight.
func TimeOfDay(ms int64) Value { return Value{k: KTime, n: ms} }

// DurationOf makes a duration value.
func DurationOf(d time.Duration) Value { return Value{k: KDuration, n: d.Milliseconds()} }

// GoTime returns the calendar date (and time of day for datetimes) of a date, time or
// datetime value, in UTC.
func (v Value) GoTime() time.Time {
	base := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	switch v.k {
	case KDate:
		return base.AddDate(0, 0, int(v.n-epochDays))
	case KDateTime:
		day := v.n / msPerDay
		return base.AddDate(0, 0, int(day-epochDays)).Add(time.Duration(v.n%msPerDay) * time.Millisecond)
	case KTime:
		return base.Add(time.Duration(v.n) * time.Millisecond)
	}
	return time.Time{}
}

// Millis returns the milliseconds of a time, datetime or duration value.
func (v Value) Millis() int64 { return v.n }

func formatDate(days int64) string {
	t := dateValue(days).GoTime()
	return fmt.Sprintf("%04d%02d%02d", t.Year(), int(t.Month()), t.Day())
}

// formatTime gives HHMMSSCC (centiseconds), WLanguage's time string.
func formatTime(ms int64) string {
	h := ms / 3600000
	m := ms / 60000 % 60
	s := ms / 1000 % 60
	cc := ms % 1000 / 10
	return fmt.Sprintf("%02d%02d%02d%02d", h, m, s, cc)
}

func formatMillis(ms int64) string { return fmt.Sprintf("%d", ms%10) }

// parseDate reads AAAAMMJJ.
func parseDate(s string) (Value, bool) {
	if len(s) < 8 {
		return Null, false
	}
	t, err := time.Parse("20060102", s[:8])
	if err != nil {
		return Null, false
	}
	return DateOf(t.Year(), t.Month(), t.Day()), true
}

// parseTime reads HHMM[SS[CC]].
func parseTime(s string) (Value, bool) {
	if len(s) < 4 {
		return Null, false
	}
	var h, m, sec, cc int
	n, _ := fmt.Sscanf(s, "%2d%2d%2d%2d", &h, &m, &sec, &cc)
	if n < 2 || h > 23 || m > 59 || sec > 59 {
		return Null, false
	}
	return TimeOfDay(int64(h)*3600000 + int64(m)*60000 + int64(sec)*1000 + int64(cc)*10), true
}
