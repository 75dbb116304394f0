package builtins

import (
	"fmt"
	"time"

	"github.com/wl-lang/wl/interp"
)

// registerDateDiff adds the differences between two moments and the conversions between
// the run's local time and UTC.
func registerDateDiff(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// DateHeureDifférence(start, end) is end - start as a string: the sign, 7 digits of
	// days, then hours, minutes, seconds and hundredths on 2 digits each ("+0000012030405"
	// + "06"), what ChaîneVersDurée(..., durationCenti) reads.
	fn([]string{"DateHeureDifférence", "DateTimeDifference"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		start, err := dateTimeArg("DateHeureDifférence", a[0])
		if err != nil {
			return interp.Null, err
		}
		end, err := dateTimeArg("DateHeureDifférence", a[1])
		if err != nil {
			return interp.Null, err
		}
		return interp.Str(formatDateTimeDifference(end.Millis() - start.Millis())), nil
	})
	// HeureDifférence(start, end) is end - start in hundredths of a second (negative when end
	// is earlier).
	fn([]string{"HeureDifférence", "TimeDifference"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		start, err := timeArg("HeureDifférence", a[0])
		if err != nil {
			return interp.Null, err
		}
		end, err := timeArg("HeureDifférence", a[1])
		if err != nil {
			return interp.Null, err
		}
		return interp.Int(end.Millis()/10 - start.Millis()/10), nil
	})
	// DateHeureLocaleVersUTC and DateHeureUTCVersLocale convert a date and time between the
	// run's local time zone (the zone of its clock: the system's, or the one of WL_FAKE_NOW
	// or of the host's clock) and UTC, daylight saving time included.
	fn([]string{"DateHeureLocaleVersUTC", "DateTimeLocalToUTC"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		v, err := dateTimeArg("DateHeureLocaleVersUTC", a[0])
		if err != nil {
			return interp.Null, err
		}
		t := v.GoTime()
		local := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), now(th).Location())
		return interp.DateTimeOf(local.UTC()), nil
	})
	fn([]string{"DateHeureUTCVersLocale", "DateTimeUTCToLocal"}, 1, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		v, err := dateTimeArg("DateHeureUTCVersLocale", a[0])
		if err != nil {
			return interp.Null, err
		}
		return interp.DateTimeOf(v.GoTime().In(now(th).Location())), nil
	})
}

// formatDateTimeDifference writes a difference in milliseconds as DateHeureDifférence does.
func formatDateTimeDifference(ms int64) string {
	b := make([]byte, 0, 16)
	if ms < 0 {
		b = append(b, '-')
		ms = -ms
	} else {
		b = append(b, '+')
	}
	cs := ms / 10
	b = appendPadded(b, int(cs/8_640_000), 7)
	b = appendPadded(b, int(cs/360_000%24), 2)
	b = appendPadded(b, int(cs/6000%60), 2)
	b = appendPadded(b, int(cs/100%60), 2)
	b = appendPadded(b, int(cs%100), 2)
	return string(b)
}

// dateTimeArg converts a date and time parameter: a datetime, a date (at midnight) or a
// string AAAAMMJJ[HHMM[SS[CC]]]. Anything else is a fatal error.
func dateTimeArg(fn string, v interp.Value) (interp.Value, error) {
	if _, ok := toDate(v); !ok {
		return interp.Null, fmt.Errorf("%s: %q is not a valid date and time (AAAAMMJJHHMMSS)", fn, v.String())
	}
	return interp.TypeDateTime.Convert(v), nil
}

// timeArg converts a time parameter: a time, a datetime (its time of day) or a string
// HHMM[SS[CC]]. Anything else is a fatal error.
func timeArg(fn string, v interp.Value) (interp.Value, error) {
	switch v.Kind() {
	case interp.KTime, interp.KDateTime:
		return interp.TypeTime.Convert(v), nil
	}
	s := v.String()
	if len(s) < 4 || !isDigits(s) || s[:2] > "23" || s[2:4] > "59" || len(s) >= 6 && s[4:6] > "59" {
		return interp.Null, fmt.Errorf("%s: %q is not a valid time (HHMMSSCC)", fn, s)
	}
	return interp.TypeTime.Convert(v), nil
}
