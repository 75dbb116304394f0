package mailrt

import (
	"net/mail"
	"time"
)

// parseDate reads a Date header field as net/mail.ParseDate does, with the same result,
// but reads the form nearly every mailer writes, "Mon, 2 Jan 2006 15:04:05 -0700" (the
// day of the week and the seconds optional, a comment such as "(UTC)" after the zone),
// without going through time.Parse: ParseDate tries up to 36 layouts in turn, and for a date
// that starts with a day of the week the first 12 fail, each failure allocating its error.
// Anything else goes to ParseDate itself.
func parseDate(s string) (time.Time, error) {
	if t, ok := parseDateFast(s); ok {
		return t, nil
	}
	return mail.ParseDate(s)
}

// parseDateFast reads the common form of a date; ok is false for anything it does not take
// (then ParseDate decides), including a date ParseDate would refuse as out of range. Where it
// answers, the result is ParseDate's: the same instant, and the same location (time.Local
// when the offset is the local zone's at that instant, else an unnamed fixed zone), as
// time.Parse gives a numeric zone.
func parseDateFast(s string) (t time.Time, ok bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	// Optional day of the week: "Mon, ". time.Parse does not check it against the date.
	if len(s)-i >= 5 && s[i+3] == ',' && s[i+4] == ' ' {
		if !isShortWeekday(s[i : i+3]) {
			return time.Time{}, false
		}
		i += 5
	}
	day, i, ok := digits(s, i, 1, 2)
	if !ok || !at(s, i, ' ') {
		return time.Time{}, false
	}
	i++
	if len(s)-i < 4 || s[i+3] != ' ' {
		return time.Time{}, false
	}
	month := shortMonth(s[i : i+3])
	if month == 0 {
		return time.Time{}, false
	}
	i += 4
	year, i, ok := digits(s, i, 4, 4)
	if !ok || !at(s, i, ' ') {
		return time.Time{}, false
	}
	hour, i, ok := digits(s, i+1, 1, 2)
	if !ok || !at(s, i, ':') {
		return time.Time{}, false
	}
	minute, i, ok := digits(s, i+1, 2, 2)
	if !ok {
		return time.Time{}, false
	}
	sec := 0
	if at(s, i, ':') {
		if sec, i, ok = digits(s, i+1, 2, 2); !ok {
			return time.Time{}, false
		}
	}
	if !at(s, i, ' ') || !(at(s, i+1, '+') || at(s, i+1, '-')) {
		return time.Time{}, false
	}
	neg := s[i+1] == '-'
	zh, j, ok := digits(s, i+2, 2, 2)
	if !ok {
		return time.Time{}, false
	}
	zm, j, ok := digits(s, j, 2, 2)
	if !ok || !cfwsTail(s[j:]) {
		return time.Time{}, false
	}
	if day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 || zh > 24 || zm > 60 {
		return time.Time{}, false // ParseDate refuses it: let it say why
	}
	offset := (zh*60 + zm) * 60
	if neg {
		offset = -offset
	}
	t = time.Date(year, month, day, hour, minute, sec, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
	if _, local := t.In(time.Local).Zone(); local == offset {
		return t.In(time.Local), true
	}
	return t.In(time.FixedZone("", offset)), true
}

// digits reads from min to max ASCII digits of s at i.
func digits(s string, i, min, max int) (n, end int, ok bool) {
	end = i
	for end < len(s) && end-i < max && '0' <= s[end] && s[end] <= '9' {
		n = n*10 + int(s[end]-'0')
		end++
	}
	return n, end, end-i >= min
}

// at reports whether s has the byte c at i.
func at(s string, i int, c byte) bool { return i < len(s) && s[i] == c }

// shortMonth is the month whose three-letter name, as time writes it ("Jan"), is s; 0 for none.
func shortMonth(s string) time.Month {
	for m := time.January; m <= time.December; m++ {
		if m.String()[:3] == s {
			return m
		}
	}
	return 0
}

// isShortWeekday reports whether s is the three-letter name of a day, as time writes it ("Mon").
func isShortWeekday(s string) bool {
	for d := time.Sunday; d <= time.Saturday; d++ {
		if d.String()[:3] == s {
			return true
		}
	}
	return false
}

// cfwsTail reports whether what follows the zone is only spaces and tabs, with at most one
// plain comment: "(" printable ASCII without parentheses or backslash ")".
func cfwsTail(s string) bool {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	if i < len(s) && s[i] == '(' {
		for i++; i < len(s) && s[i] != ')'; i++ {
			if c := s[i]; c < ' ' || c > '~' || c == '(' || c == '\\' {
				return false
			}
		}
		if i == len(s) {
			return false
		}
		for i++; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		}
	}
	return i == len(s)
}

// daysIn is the number of days of month in year (proleptic Gregorian calendar).
func daysIn(m time.Month, year int) int {
	if m == time.February {
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31 - int((m-1)%7%2)
}
