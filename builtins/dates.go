package builtins

import (
	"fmt"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// NowKey is the interp.Options.Extensions key of a func() time.Time that the date functions
// use as the clock (the golden tests fix it). Without it, the environment variable
// WL_FAKE_NOW, read once per run, fixes the clock for the whole run
// (WL_FAKE_NOW=2026-11-24T13:45:30Z, RFC 3339, or 2026-11-24T13:45:30 in local time);
// otherwise the system clock is used.
type NowKey struct{}

type clockKey struct{}

// now gives the run's current time.
func now(th *interp.Thread) time.Time {
	if f, ok := th.Extension(NowKey{}).(func() time.Time); ok {
		return f()
	}
	fixed := th.State(clockKey{}, func() any {
		if s := getenv(th, "WL_FAKE_NOW"); s != "" {
			if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
				return t
			}
			if t, err := time.ParseInLocation("2006-01-02T15:04:05", s, time.Local); err == nil {
				return t
			}
		}
		return time.Time{}
	}).(time.Time)
	if !fixed.IsZero() {
		return fixed
	}
	return time.Now()
}

// dayName and monthName give the French names: WLanguage's runtime speaks French by
// default (DateVersJourEnLettre gives "Lundi"), and date masks use the same names.
func dayName(d time.Weekday) string {
	return [...]string{"Dimanche", "Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi"}[d]
}

func monthName(m time.Month) string {
	return [...]string{"Janvier", "Février", "Mars", "Avril", "Mai", "Juin", "Juillet", "Août",
		"Septembre", "Octobre", "Novembre", "Décembre"}[m-1]
}

// Default masks of the conversion functions.
const (
	defaultDateMask     = "JJ/MM/AAAA"
	defaultTimeMask     = "HH:MM:SS:CC"
	defaultDateTimeMask = "JJ/MM/AAAA HH:mm:SS:CC"
)

// dateIntegerBase is day 0 of DateVersEntier / EntierVersDate: 1 is 1 January 1800.
func dateIntegerBase() time.Time { return time.Date(1799, 12, 31, 0, 0, 0, 0, time.UTC) }

func registerDates(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// DateSys, HeureSys and DateHeureSys return date, time and datetime values: their string
	// forms are WLanguage's "AAAAMMJJ", "HHMMSSCC" and "AAAAMMJJHHMMSSCCC", and they also
	// take part in date arithmetic (DateSys() + 1 is tomorrow).
	fn([]string{"DateSys", "DateDuJour", "Today"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		t := now(th)
		return interp.DateOf(t.Year(), t.Month(), t.Day()), nil
	})
	fn([]string{"HeureSys", "TimeSys", "Maintenant", "Now"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		t := now(th)
		return interp.TimeOfDay(int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6)), nil
	})
	fn([]string{"DateHeureSys", "SysDateTime"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.DateTimeOf(now(th)), nil
	})
	// DateVersChaîne formats a date (a datetime, or a string of more than 8 digits, with the
	// date and time mask rules); "" for a value that holds no date.
	fn([]string{"DateVersChaîne", "DateToString"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if a[0].Kind() == interp.KDateTime || a[0].Kind() == interp.KString && len(a[0].String()) > 8 && isDigits(a[0].String()) {
			t := interp.TypeDateTime.Convert(a[0]).GoTime()
			return interp.Str(formatWithMask(th, t, maskArg(a, 1, defaultDateMask), maskDateTime)), nil
		}
		d, ok := toDate(a[0])
		if !ok {
			return interp.Str(""), nil
		}
		return interp.Str(formatWithMask(th, d, maskArg(a, 1, defaultDateMask), maskDate)), nil
	})
	fn([]string{"HeureVersChaîne", "TimeToString"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		t := interp.TypeTime.Convert(a[0])
		if a[0].Kind() == interp.KDuration {
			t = interp.TimeOfDay(a[0].Millis() % (24 * 3600 * 1000))
		}
		return interp.Str(formatWithMask(th, t.GoTime(), maskArg(a, 1, defaultTimeMask), maskTime)), nil
	})
	fn([]string{"DateHeureVersChaîne", "DateTimeToString"}, 1, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		if a[0].Kind() == interp.KString && a[0].String() == "" {
			return interp.Str(""), nil
		}
		t := interp.TypeDateTime.Convert(a[0]).GoTime()
		return interp.Str(formatWithMask(th, t, maskArg(a, 1, defaultDateTimeMask), maskDateTime)), nil
	})
	fn([]string{"DateValide", "DateValid"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		_, ok := parseDateString(a[0])
		return interp.Bool(ok), nil
	})
	// ChaîneVersDate(s [, mask]) reads a date written with a mask (JJ/MM/AAAA by default) and
	// returns it; "" when s does not match or is not a valid date.
	fn([]string{"ChaîneVersDate", "StringToDate"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		t, ok := parseDateMask(a[0].String(), maskArg(a, 1, defaultDateMask))
		if !ok {
			return interp.Str(""), nil
		}
		return interp.DateOf(t.Year(), t.Month(), t.Day()), nil
	})
	// DateVersJour is the day of the week: 1 for Monday to 7 for Sunday.
	fn([]string{"DateVersJour", "DateToDay"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateArg("DateVersJour", a[0])
		if err != nil {
			return interp.Null, err
		}
		wd := int64(d.Weekday())
		if wd == 0 {
			wd = 7
		}
		return interp.Int(wd), nil
	})
	fn([]string{"DateVersJourEnLettre", "DateToDayInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateArg("DateVersJourEnLettre", a[0])
		if err != nil {
			return interp.Null, err
		}
		return interp.Str(dayName(d.Weekday())), nil
	})
	fn([]string{"DateVersMoisEnLettre", "DateToMonthInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateArg("DateVersMoisEnLettre", a[0])
		if err != nil {
			return interp.Null, err
		}
		return interp.Str(monthName(d.Month())), nil
	})
	// DateDifférence(d1, d2) is the number of days from d1 to d2 (negative when d2 is earlier).
	fn([]string{"DateDifférence", "DateDifference"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, err := dateArg("DateDifférence", a[0])
		if err != nil {
			return interp.Null, err
		}
		y, err := dateArg("DateDifférence", a[1])
		if err != nil {
			return interp.Null, err
		}
		return interp.Int(dayNumber(y) - dayNumber(x)), nil
	})
	// DateVersEntier counts days from 1 January 1800 (day 1); EntierVersDate is its inverse.
	fn([]string{"DateVersEntier", "DateToInteger"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateArg("DateVersEntier", a[0])
		if err != nil {
			return interp.Null, err
		}
		return interp.Int(dayNumber(d) - dayNumber(dateIntegerBase())), nil
	})
	fn([]string{"EntierVersDate", "IntegerToDate"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := integerDate("EntierVersDate", a[0])
		if err != nil {
			return interp.Null, err
		}
		return interp.DateOf(d.Year(), d.Month(), d.Day()), nil
	})
	// HeureVersEntier counts hundredths of a second since midnight; EntierVersHeure is its
	// inverse.
	fn([]string{"HeureVersEntier", "TimeToInteger"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		t := interp.TypeTime.Convert(a[0])
		return interp.Int(t.Millis() / 10), nil
	})
	fn([]string{"EntierVersHeure", "IntegerToTime"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].AsInt()
		if n < 0 || n >= 24*360000 {
			return interp.Null, fmt.Errorf("EntierVersHeure: %d is not a number of hundredths of a second in a day", n)
		}
		return interp.TimeOfDay(n * 10), nil
	})
}

// maskArg reads the mask parameter a[i], def when it is absent or empty.
func maskArg(a []interp.Value, i int, def string) string {
	if i < len(a) && a[i].String() != "" {
		return a[i].String()
	}
	return def
}

// dayNumber counts days from 1970-01-01.
func dayNumber(t time.Time) int64 {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// parseDateString reads a date value or an "AAAAMMJJ" string; ok is false for anything else
// or an impossible date (30 February).
func parseDateString(v interp.Value) (time.Time, bool) {
	switch v.Kind() {
	case interp.KDate, interp.KDateTime:
		return v.GoTime(), true
	}
	s := v.String()
	if len(s) != 8 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", s)
	return t, err == nil
}

// toDate converts a date parameter; ok is false when it holds no date.
func toDate(v interp.Value) (time.Time, bool) {
	switch v.Kind() {
	case interp.KDate, interp.KDateTime:
		return v.GoTime(), true
	}
	s := v.String()
	if len(s) < 8 {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", s[:8])
	return t, err == nil
}

// dateArg converts a date parameter; a value that is no date is a fatal error.
func dateArg(fn string, v interp.Value) (time.Time, error) {
	t, ok := toDate(v)
	if !ok {
		return t, fmt.Errorf("%s: %q is not a valid date (AAAAMMJJ)", fn, v.String())
	}
	return t, nil
}

// parseDateMask reads a date written with a mask of formatDateTime's date tokens (AAAA,
// AA, MMMM, MM, M, JJ, J and their English letters; JJJJ matches a day name). Numbers may
// have fewer digits than their token ("1/2/2026" with JJ/MM/AAAA); month and day names are
// compared without case and accents; a mask without a day or a month means the first one
// (MM/AA). ok is false when s does not match or the date does not exist.
func parseDateMask(s, mask string) (time.Time, bool) {
	year, month, day := -1, -1, -1
	i, j := 0, 0 // positions in mask and s
	number := func(maxDigits int) (int, bool) {
		n, k := 0, 0
		for k < maxDigits && j < len(s) && s[j] >= '0' && s[j] <= '9' {
			n = n*10 + int(s[j]-'0')
			j++
			k++
		}
		return n, k > 0
	}
	name := func(n int, names func(int) string) (int, bool) {
		rest := wlex.Fold(s[j:])
		for k := 0; k < n; k++ {
			nm := names(k)
			f := wlex.Fold(nm)
			if strings.HasPrefix(rest, f) {
				// Advance j over as many characters of s as the name has.
				j += len(runesRange(s[j:], 0, len([]rune(nm))))
				return k, true
			}
		}
		return 0, false
	}
	for i < len(mask) {
		rest := mask[i:]
		tok := ""
		for _, t := range []string{"AAAA", "YYYY", "JJJJ", "DDDD", "MMMM", "AA", "YY", "JJ", "DD", "MM", "J", "D", "M"} {
			if strings.HasPrefix(rest, t) {
				tok = t
				break
			}
		}
		var ok bool
		switch tok {
		case "AAAA", "YYYY":
			year, ok = number(4)
		case "AA", "YY":
			year, ok = number(2)
			year += 2000
			if year >= 2050 {
				year -= 100
			}
		case "MMMM":
			var m int
			m, ok = name(12, func(k int) string { return monthName(time.Month(k + 1)) })
			month = m + 1
		case "MM", "M":
			month, ok = number(2)
		case "JJJJ", "DDDD":
			_, ok = name(7, func(k int) string { return dayName(time.Weekday(k)) })
		case "JJ", "DD", "J", "D":
			day, ok = number(2)
		default:
			ok = j < len(s) && s[j] == mask[i]
			i++
			j++
			if !ok {
				return time.Time{}, false
			}
			continue
		}
		if !ok {
			return time.Time{}, false
		}
		i += len(tok)
	}
	// A mask without a day (MM/AA) or a month means the first one.
	if day < 0 {
		day = 1
	}
	if month < 0 {
		month = 1
	}
	if j != len(s) || year < 0 || month < 1 || month > 12 || day < 1 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month {
		return time.Time{}, false
	}
	return t, true
}

// isDigits reports whether s is made of ASCII digits only.
func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// civilFromDays is the calendar date of a day number counted from 1970-01-01 (Howard
// Hinnant's days_from_civil inverse, proleptic Gregorian calendar), without the
// normalisation work of time.Time.AddDate.
func civilFromDays(z int64) (int, time.Month, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return int(y), time.Month(m), int(d)
}
