package builtins

import (
	"fmt"
	"time"

	"github.com/wl-lang/wl/interp"
)

// registerCalendar adds the functions on days, weeks and months: first and last days,
// week numbers (ISO 8601: weeks start on Monday, week 1 holds the year's first Thursday),
// day and month names from their numbers, and the day number conversions of
// DateVersEntier / EntierVersDate.
func registerCalendar(r *registrar) {
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	// PremierJourDuMois([date]) or (year, month), DernierJourDuMois likewise: the first or
	// last day of the month, of the current one without a parameter.
	fn([]string{"PremierJourDuMois", "FirstDayOfMonth"}, 0, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		y, m, err := monthArgs(th, "PremierJourDuMois", a)
		if err != nil {
			return interp.Null, err
		}
		return interp.DateOf(y, m, 1), nil
	})
	fn([]string{"DernierJourDuMois", "LastDayOfMonth"}, 0, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		y, m, err := monthArgs(th, "DernierJourDuMois", a)
		if err != nil {
			return interp.Null, err
		}
		return interp.DateOf(y, m+1, 0), nil // day 0 of the next month
	})
	// PremierJourDeLaSemaine([date]) is the Monday of the date's week, DernierJourDeLaSemaine
	// its Sunday.
	fn([]string{"PremierJourDeLaSemaine", "FirstDayOfWeek"}, 0, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateOrToday(th, "PremierJourDeLaSemaine", a)
		if err != nil {
			return interp.Null, err
		}
		return interp.DateOf(d.Year(), d.Month(), d.Day()-isoWeekday(d)+1), nil
	})
	fn([]string{"DernierJourDeLaSemaine", "LastDayOfWeek"}, 0, 1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		d, err := dateOrToday(th, "DernierJourDeLaSemaine", a)
		if err != nil {
			return interp.Null, err
		}
		return interp.DateOf(d.Year(), d.Month(), d.Day()+7-isoWeekday(d)), nil
	})
	week := func(name string) interp.Func {
		return func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			d, err := dateOrToday(th, name, a)
			if err != nil {
				return interp.Null, err
			}
			_, w := d.ISOWeek()
			return interp.Int(int64(w)), nil
		}
	}
	fn([]string{"NuméroDeSemaine", "WeekNumber"}, 0, 1, week("NuméroDeSemaine"))
	fn([]string{"DateVersNuméroDeSemaine", "DateToWeekNumber"}, 1, 1, week("DateVersNuméroDeSemaine"))
	// NuméroDeJourVersLettre(1..7) names a day (1 is Monday), NuméroDeMoisVersLettre(1..12)
	// a month; "" for any other number.
	fn([]string{"NuméroDeJourVersLettre", "DayNumberInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].AsInt()
		if n < 1 || n > 7 {
			return interp.Str(""), nil
		}
		return interp.Str(dayName(time.Weekday(n % 7))), nil
	})
	fn([]string{"NuméroDeMoisVersLettre", "MonthNumberInAlpha"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].AsInt()
		if n < 1 || n > 12 {
			return interp.Str(""), nil
		}
		return interp.Str(monthName(time.Month(n))), nil
	})
	// The same from a day number of DateVersEntier (1 is 1 January 1800).
	fromInteger := func(name string, f func(time.Time) interp.Value) interp.Func {
		return func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			d, err := integerDate(name, a[0])
			if err != nil {
				return interp.Null, err
			}
			return f(d), nil
		}
	}
	fn([]string{"EntierVersJour", "IntegerToDay"}, 1, 1, fromInteger("EntierVersJour", func(d time.Time) interp.Value {
		return interp.Int(int64(isoWeekday(d)))
	}))
	fn([]string{"EntierVersJourEnLettre", "IntegerToDayInAlpha"}, 1, 1, fromInteger("EntierVersJourEnLettre", func(d time.Time) interp.Value {
		return interp.Str(dayName(d.Weekday()))
	}))
	fn([]string{"EntierVersMoisEnLettre", "IntegerToMonthInAlpha"}, 1, 1, fromInteger("EntierVersMoisEnLettre", func(d time.Time) interp.Value {
		return interp.Str(monthName(d.Month()))
	}))
	fn([]string{"EntierVersNuméroDeSemaine", "IntegerToWeekNumber"}, 1, 1, fromInteger("EntierVersNuméroDeSemaine", func(d time.Time) interp.Value {
		_, w := d.ISOWeek()
		return interp.Int(int64(w))
	}))
}

// isoWeekday numbers the days of the week from 1 (Monday) to 7 (Sunday), as DateVersJour.
func isoWeekday(d time.Time) int {
	if d.Weekday() == time.Sunday {
		return 7
	}
	return int(d.Weekday())
}

// dateOrToday reads the optional date parameter a[0]; today without one. A value that is
// no date is a fatal error.
func dateOrToday(th *interp.Thread, fn string, a []interp.Value) (time.Time, error) {
	if len(a) == 0 || a[0].IsNull() {
		t := now(th)
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	return dateArg(fn, a[0])
}

// monthArgs reads the month of PremierJourDuMois / DernierJourDuMois: none (the current
// month), a date, or a year and a month (1 to 12).
func monthArgs(th *interp.Thread, fn string, a []interp.Value) (int, time.Month, error) {
	if len(a) == 2 {
		y, m := a[0].AsInt(), a[1].AsInt()
		if m < 1 || m > 12 {
			return 0, 0, fmt.Errorf("%s: the month must be between 1 and 12, not %d", fn, m)
		}
		if y < 1 || y > 9999 {
			return 0, 0, fmt.Errorf("%s: the year must be between 1 and 9999, not %d", fn, y)
		}
		return int(y), time.Month(m), nil
	}
	d, err := dateOrToday(th, fn, a)
	if err != nil {
		return 0, 0, err
	}
	return d.Year(), d.Month(), nil
}

// integerDate converts a day number of DateVersEntier (1 is 1 January 1800) to a date.
func integerDate(fn string, v interp.Value) (time.Time, error) {
	n := v.AsInt()
	if n < 1 || n > 3_000_000 {
		return time.Time{}, fmt.Errorf("%s: %d is not a day number (1 is 1 January 1800)", fn, n)
	}
	y, m, d := civilFromDays(n + dayNumber(dateIntegerBase()))
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}
