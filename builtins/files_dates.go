package builtins

import (
	"fmt"
	"os"
	"time"

	"github.com/wl-lang/wl/interp"
)

// Dates of a file for fDate / fHeure (wl's own values).
const (
	fileDateModification = 0 // fModification: the last write, the default
	fileDateCreation     = 1 // fCréation / fCreation
	fileDateAccess       = 2 // fAccès / fAccess
)

// registerFileDates registers fDate and fHeure / fTime:
//
//	fDate(file [, new date [, which date]])  -> "AAAAMMJJ"
//	fHeure(file [, new time [, which date]]) -> "HHMMSSCC"
//
// They give the file's last-write date or time in the local time zone; with a new date
// ("AAAAMMJJ") or time ("HHMMSS" or "HHMMSSCC"), they first change it (the other part of the
// timestamp is kept) and give the new value. wl reads and changes only the last-write date:
// fCréation and fAccès fail (the systems wl runs on do not all keep a creation date). A
// failure returns "" and sets ErreurDétectée.
func registerFileDates(r *registrar) {
	r.constant(interp.Int(fileDateModification), "fModification")
	r.constant(interp.Int(fileDateCreation), "fCréation", "fCreation")
	r.constant(interp.Int(fileDateAccess), "fAccès", "fAccess")
	r.fn(&interp.Builtin{Names: []string{"fDate"}, MinArgs: 1, MaxArgs: 3, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return fileDate(th, "fDate", a, false)
		}})
	r.fn(&interp.Builtin{Names: []string{"fHeure", "fTime"}, MinArgs: 1, MaxArgs: 3, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return fileDate(th, "fHeure", a, true)
		}})
}

func fileDate(th *interp.Thread, fn string, a []interp.Value, clock bool) (interp.Value, error) {
	name := a[0].String()
	switch which := optionArg(a, 2); which {
	case fileDateModification:
	case fileDateCreation, fileDateAccess:
		th.SetError(interp.ErrorInfo{Message: fn + ": wl reads and changes only the last-write date of a file (fModification)"})
		return interp.Str(""), nil
	default:
		return interp.Null, fmt.Errorf("%s: %d is not a file date (fModification, fCréation, fAccès)", fn, which)
	}
	path := osPath(th, name)
	st, err := os.Stat(path)
	if err != nil {
		fileError(th, "cannot read the date of "+name, err)
		return interp.Str(""), nil
	}
	t := st.ModTime().Local()
	if len(a) > 1 && !a[1].IsNull() && a[1].String() != "" {
		nt, err := changeDateOrTime(t, a[1].String(), clock)
		if err != nil {
			return interp.Null, fmt.Errorf("%s: %w", fn, err)
		}
		if err := os.Chtimes(path, time.Time{}, nt); err != nil {
			fileError(th, "cannot change the date of "+name, err)
			return interp.Str(""), nil
		}
		t = nt
	}
	if clock {
		return interp.Str(fmt.Sprintf("%02d%02d%02d%02d", t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/10_000_000)), nil
	}
	return interp.Str(t.Format("20060102")), nil
}

// changeDateOrTime returns t with its date replaced by s ("AAAAMMJJ") or, when clock is
// set, its time replaced by s ("HHMM", "HHMMSS" or "HHMMSSCC").
func changeDateOrTime(t time.Time, s string, clock bool) (time.Time, error) {
	if !clock {
		d, err := time.ParseInLocation("20060102", s, time.Local)
		if err != nil || len(s) != 8 {
			return t, fmt.Errorf("%q is not a date (AAAAMMJJ)", s)
		}
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.Local), nil
	}
	var h, m, sec, cs int
	ok := false
	switch len(s) {
	case 4:
		_, err := fmt.Sscanf(s, "%2d%2d", &h, &m)
		ok = err == nil
	case 6:
		_, err := fmt.Sscanf(s, "%2d%2d%2d", &h, &m, &sec)
		ok = err == nil
	case 8:
		_, err := fmt.Sscanf(s, "%2d%2d%2d%2d", &h, &m, &sec, &cs)
		ok = err == nil
	}
	if !ok || h > 23 || m > 59 || sec > 59 || h < 0 || m < 0 || sec < 0 || cs < 0 {
		return t, fmt.Errorf("%q is not a time (HHMMSS or HHMMSSCC)", s)
	}
	return time.Date(t.Year(), t.Month(), t.Day(), h, m, sec, cs*10_000_000, time.Local), nil
}
