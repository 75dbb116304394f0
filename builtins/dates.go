package builtins

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/wl-lang/wl/interp"
)

// NowKey is the interp.Options.Extensions key of a func() time.Time that the date functions
// use as the clock (tests use a fixed one). Without it, the environment variable
// WL_FAKE_NOW (RFC 3339, read once per run) or the system clock is used.
type NowKey struct{}

type clockKey struct{}

// now gives the run's current time.
func now(th *interp.Thread) time.Time {
	if f, ok := th.Extension(NowKey{}).(func() time.Time); ok {
		return f()
	}
	fixed := th.State(clockKey{}, func() any {
		if s := os.Getenv("WL_FAKE_NOW"); s != "" {
			if t, err := time.Parse(time.RFC3339, s); err == nil {
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

var (
	frDays   = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}
	frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
)

func registerDates(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	fn([]string{"DateSys", "Today", "DateDuJour"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		t := now(th)
		return interp.DateOf(t.Year(), t.Month(), t.Day()), nil
	})
	fn([]string{"HeureSys", "Now", "TimeSys"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		t := now(th)
		return interp.TimeOfDay(int64(t.Hour())*3600000 + int64(t.Minute())*60000 + int64(t.Second())*1000 + int64(t.Nanosecond()/1e6)), nil
	})
	fn([]string{"DateHeureSys", "SysDateTime"}, 0, 0, func(th *interp.Thread, _ []interp.Value) (interp.Value, error) {
		return interp.DateTimeOf(now(th)), nil
	})
	fn([]string{"DateVersChaîne", "DateToString"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, ok := toDate(a[0])
		if !ok {
			return interp.Str(""), nil
		}
		format := "JJ/MM/AAAA"
		if len(a) > 1 {
			format = a[1].String()
		}
		return interp.Str(formatDateTime(d, format)), nil
	})
	fn([]string{"HeureVersChaîne", "TimeToString"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		t := interp.TypeTime.Convert(a[0]).GoTime()
		format := "HH:MM:SS"
		if len(a) > 1 {
			format = a[1].String()
		}
		return interp.Str(formatDateTime(t, format)), nil
	})
	fn([]string{"DateHeureVersChaîne", "DateTimeToString"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		t := interp.TypeDateTime.Convert(a[0]).GoTime()
		format := "JJ/MM/AAAA HH:MM:SS"
		if len(a) > 1 {
			format = a[1].String()
		}
		return interp.Str(formatDateTime(t, format)), nil
	})
	fn([]string{"DateValide", "DateValid"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s := a[0].String()
		if len(s) != 8 {
			return interp.Bool(false), nil
		}
		_, err := time.Parse("20060102", s)
		return interp.Bool(err == nil), nil
	})
	fn([]string{"ChaîneVersDate", "StringToDate"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		format := "JJ/MM/AAAA"
		if len(a) > 1 {
			format = a[1].String()
		}
		layout := strings.NewReplacer("AAAA", "2006", "YYYY", "2006", "MM", "01", "JJ", "02", "DD", "02").Replace(format)
		t, err := time.Parse(layout, a[0].String())
		if err != nil {
			return interp.Str(""), nil
		}
		return interp.DateOf(t.Year(), t.Month(), t.Day()), nil
	})
	fn([]string{"DateVersJour", "DateToDay"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, ok := toDate(a[0])
		if !ok {
			return interp.Int(0), nil
		}
		// 1 = Monday ... 7 = Sunday, as WLanguage numbers the days.
		wd := int64(d.Weekday())
		if wd == 0 {
			wd = 7
		}
		return interp.Int(wd), nil
	})
	fn([]string{"DateVersJourEnLettre", "DateToDayInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, ok := toDate(a[0])
		if !ok {
			return interp.Str(""), nil
		}
		return interp.Str(frDays[d.Weekday()]), nil
	})
	fn([]string{"DateVersMoisEnLettre", "DateToMonthInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, ok := toDate(a[0])
		if !ok {
			return interp.Str(""), nil
		}
		return interp.Str(frMonths[d.Month()-1]), nil
	})
	fn([]string{"DateDifférence", "DateDifference"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, ok1 := toDate(a[0])
		y, ok2 := toDate(a[1])
		if !ok1 || !ok2 {
			return interp.Null, fmt.Errorf("DateDifférence: invalid date")
		}
		return interp.Int(int64(y.Sub(x).Hours() / 24)), nil
	})
}

func toDate(v interp.Value) (time.Time, bool) {
	switch v.Kind() {
	case interp.KDate, interp.KDateTime:
		return v.GoTime(), true
	}
	d := interp.TypeDate.Convert(v)
	if d.String() == "00010101" {
		return time.Time{}, false
	}
	return d.GoTime(), true
}

// formatDateTime formats t with WLanguage's masks: AAAA/YYYY, AA/YY, MMMM (month name),
// MMM, MM, M; JJJJ/DDDD (day name), JJJ, JJ/DD, J/D; HH, MM after HH or before SS (minutes),
// SS, CC (hundredths), CCC (milliseconds).
func formatDateTime(t time.Time, mask string) string {
	var b strings.Builder
	i := 0
	afterHour := false
	for i < len(mask) {
		rest := mask[i:]
		take := func(tok string) bool {
			if strings.HasPrefix(rest, tok) {
				i += len(tok)
				return true
			}
			return false
		}
		switch {
		case take("AAAA"), take("YYYY"):
			fmt.Fprintf(&b, "%04d", t.Year())
		case take("AA"), take("YY"):
			fmt.Fprintf(&b, "%02d", t.Year()%100)
		case take("JJJJ"), take("DDDD"):
			b.WriteString(frDays[t.Weekday()])
		case take("JJJ"), take("DDD"):
			b.WriteString(frDays[t.Weekday()][:3])
		case take("JJ"), take("DD"):
			fmt.Fprintf(&b, "%02d", t.Day())
		case take("J"), take("D"):
			fmt.Fprintf(&b, "%d", t.Day())
		case take("HH"):
			fmt.Fprintf(&b, "%02d", t.Hour())
			afterHour = true
		case take("MMMM"):
			b.WriteString(frMonths[t.Month()-1])
		case take("MMM"):
			b.WriteString(frMonths[t.Month()-1][:3])
		case take("MM"):
			if afterHour || strings.HasPrefix(mask[i:], ":SS") || strings.HasPrefix(mask[i:], "SS") {
				fmt.Fprintf(&b, "%02d", t.Minute())
			} else {
				fmt.Fprintf(&b, "%02d", int(t.Month()))
			}
		case take("SS"):
			fmt.Fprintf(&b, "%02d", t.Second())
		case take("CCC"):
			fmt.Fprintf(&b, "%03d", t.Nanosecond()/1e6)
		case take("CC"):
			fmt.Fprintf(&b, "%02d", t.Nanosecond()/1e7)
		default:
			b.WriteByte(mask[i])
			i++
		}
	}
	return b.String()
}
