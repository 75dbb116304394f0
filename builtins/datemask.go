package builtins

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wl-lang/wl/interp"
)

// Date and time masks of DateVersChaîne, HeureVersChaîne, DateHeureVersChaîne and
// .VersChaîne. A mask is compiled once into tokens and kept per thread, so that a loop
// formatting many dates with the same mask only appends digits.
//
// The tokens follow PC SOFT's documentation and its WINDEV Mobile runtime:
//
//	AAAA, YYYY   year on 4 digits          AA, YY   year on 2 digits
//	JJJJ, DDDD   day name (Mardi)          JJJ, DDD abbreviated day name (Mar.)
//	JJ, DD       day on 2 digits           J, D     day without a leading zero
//	L            first letter of the day name
//	MMMM         month name (Novembre)     MMM      abbreviated month name (Nov., Juil.)
//	MM           month on 2 digits         M        month without a leading zero
//	HH           hour on 2 digits          H        hour without a leading zero
//	mm (MM in a time) minutes              SS       seconds
//	CC           hundredths of a second    CCC      thousandths (milliseconds)
//	AP           AM or PM; the hours are then counted 1 to 12
//
// Letters of the date tokens may be written in either case (aaaa, jj, mm), except the
// one-letter J, D, M and L. For names, the case of the letters chooses the case of the
// result: Jjjj or Mmmm capitalised, JJJj or MMMm in capitals, otherwise the name as the
// runtime writes it (capitalised French names). In a date and time mask, MM is the month and
// mm the minutes; wl also reads MM as minutes right after an hour (HH:MM) or before seconds
// (MM:SS), as scripts written for the time masks do. Any other character is copied.

// maskMode says which values a mask formats: a date, a time of day, or both.
type maskMode uint8

const (
	maskDate maskMode = iota
	maskTime
	maskDateTime
)

// maskTokKind is the kind of one token of a compiled mask.
type maskTokKind uint8

const (
	tokLiteral maskTokKind = iota
	tokYear4
	tokYear2
	tokDayName
	tokDayAbbr
	tokDay2
	tokDay1
	tokDayLetter
	tokMonthName
	tokMonthAbbr
	tokMonth2
	tokMonth1
	tokHour2
	tokHour1
	tokMinute2
	tokMinute1
	tokSecond2
	tokHundredths
	tokMillis
	tokAMPM
)

// maskTok is one token; lit holds the text of a literal, upper asks for a name in capitals.
type maskTok struct {
	kind  maskTokKind
	upper bool
	lit   string
}

// dateMask is a compiled mask.
type dateMask struct {
	toks       []maskTok
	twelveHour bool // the mask has AP
}

// maskKey identifies a compiled mask in the per-thread cache.
type maskKey struct {
	mask string
	mode maskMode
}

// maskCache holds a thread's compiled masks. It is emptied when it holds maxCachedMasks,
// which only a script building masks on the fly reaches.
type maskCache struct {
	masks map[maskKey]*dateMask
	last  maskKey   // the mask of the previous call and its compiled form: a loop asks for
	lastM *dateMask // the same mask each time, compared without hashing it
}

const maxCachedMasks = 256

type maskCacheKey struct{}

// compiledMask returns the compiled form of mask for mode, from the thread's cache.
func compiledMask(th *interp.Thread, mask string, mode maskMode) *dateMask {
	c := th.State(maskCacheKey{}, func() any { return &maskCache{masks: map[maskKey]*dateMask{}} }).(*maskCache)
	k := maskKey{mask, mode}
	if c.lastM != nil && c.last.mode == mode && len(c.last.mask) == len(mask) && c.last.mask == mask {
		return c.lastM
	}
	if m, ok := c.masks[k]; ok {
		c.last, c.lastM = k, m
		return m
	}
	if len(c.masks) >= maxCachedMasks {
		clear(c.masks)
	}
	m := compileMask(mask, mode)
	k.mask = strings.Clone(mask)
	c.masks[k] = m
	c.last, c.lastM = k, m
	return m
}

// upperASCII is b in capitals when it is an ASCII letter.
func upperASCII(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

// runOf counts how many bytes from i (at most max) are the letter u in either case.
func runOf(mask string, i int, u byte, max int) int {
	n := 0
	for i+n < len(mask) && n < max && upperASCII(mask[i+n]) == u {
		n++
	}
	return n
}

// compileMask cuts mask into tokens for mode.
func compileMask(mask string, mode maskMode) *dateMask {
	m := &dateMask{}
	hasDate, hasTime := mode != maskTime, mode != maskDate
	if hasTime {
		m.twelveHour = strings.Contains(strings.ToUpper(mask), "AP")
	}
	var lit []byte
	add := func(t maskTok) {
		if len(lit) > 0 {
			m.toks = append(m.toks, maskTok{kind: tokLiteral, lit: string(lit)})
			lit = lit[:0]
		}
		m.toks = append(m.toks, t)
	}
	lastHour := false // the last token is an hour, with only separators since
	for i := 0; i < len(mask); {
		c := mask[i]
		u := upperASCII(c)
		n, tok := 0, maskTok{}
		switch {
		case hasDate && (u == 'A' || u == 'Y'):
			switch r := runOf(mask, i, u, 4); {
			case r == 4:
				n, tok.kind = 4, tokYear4
			case r >= 2:
				n, tok.kind = 2, tokYear2
			case hasTime && u == 'A' && i+1 < len(mask) && upperASCII(mask[i+1]) == 'P':
				n, tok.kind = 2, tokAMPM
			}
		case hasDate && (u == 'J' || u == 'D'):
			switch r := runOf(mask, i, u, 4); {
			case r == 4:
				w := mask[i : i+4]
				n, tok.kind, tok.upper = 4, tokDayName, w == "JJJj" || w == "DDDd"
			case r == 3:
				w := mask[i : i+3]
				n, tok.kind, tok.upper = 3, tokDayAbbr, w == "JJj" || w == "DDd"
			case r == 2:
				n, tok.kind = 2, tokDay2
			case c == 'J' || c == 'D':
				n, tok.kind = 1, tokDay1
			}
		case hasDate && c == 'L':
			n, tok.kind = 1, tokDayLetter
		case hasTime && c == 'm':
			if runOf(mask, i, 'M', 2) == 2 {
				n, tok.kind = 2, tokMinute2
			} else if !hasDate {
				n, tok.kind = 1, tokMinute1
			}
		case u == 'M':
			r := runOf(mask, i, 'M', 4)
			minutes := !hasDate || hasTime && (lastHour || secondsFollow(mask, i+min(r, 2)))
			switch {
			case minutes && r >= 2:
				n, tok.kind = 2, tokMinute2
			case minutes && c == 'M':
				n, tok.kind = 1, tokMinute1
			case minutes:
			case r == 4:
				w := mask[i : i+4]
				n, tok.kind, tok.upper = 4, tokMonthName, w == "MMMm"
			case r == 3:
				w := mask[i : i+3]
				n, tok.kind, tok.upper = 3, tokMonthAbbr, w == "MMm"
			case r == 2:
				n, tok.kind = 2, tokMonth2
			case c == 'M':
				n, tok.kind = 1, tokMonth1
			}
		case hasTime && u == 'H':
			// A lone h is a letter (HHhMM is 13h45); a lone H is the hour (H:MM).
			if runOf(mask, i, 'H', 2) == 2 {
				n, tok.kind = 2, tokHour2
			} else if c == 'H' {
				n, tok.kind = 1, tokHour1
			}
		case hasTime && u == 'S' && runOf(mask, i, 'S', 2) == 2:
			n, tok.kind = 2, tokSecond2
		case hasTime && u == 'C' && runOf(mask, i, 'C', 2) == 2:
			if runOf(mask, i, 'C', 3) == 3 {
				n, tok.kind = 3, tokMillis
			} else {
				n, tok.kind = 2, tokHundredths
			}
		case hasTime && u == 'A' && i+1 < len(mask) && upperASCII(mask[i+1]) == 'P':
			n, tok.kind = 2, tokAMPM
		}
		if n == 0 {
			// A character that starts no token: copied, whole if it is not ASCII.
			_, size := utf8.DecodeRuneInString(mask[i:])
			lit = append(lit, mask[i:i+size]...)
			if isLetterByte(c) || c >= utf8.RuneSelf {
				lastHour = false
			}
			i += size
			continue
		}
		add(tok)
		lastHour = tok.kind == tokHour2 || tok.kind == tokHour1
		i += n
	}
	if len(lit) > 0 {
		m.toks = append(m.toks, maskTok{kind: tokLiteral, lit: string(lit)})
	}
	return m
}

func isLetterByte(c byte) bool { return upperASCII(c) >= 'A' && upperASCII(c) <= 'Z' }

// secondsFollow reports whether the mask goes on with SS or :SS at i (MM:SS: minutes).
func secondsFollow(mask string, i int) bool {
	if i < len(mask) && mask[i] == ':' {
		i++
	}
	return runOf(mask, i, 'S', 2) == 2
}

// dateParts are the fields a mask reads.
type dateParts struct {
	year, month, day             int
	weekday                      time.Weekday
	hour, minute, second, millis int
}

func partsOf(t time.Time) dateParts {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return dateParts{year: y, month: int(mo), day: d, weekday: t.Weekday(),
		hour: h, minute: mi, second: s, millis: t.Nanosecond() / 1e6}
}

// appendPadded appends n in decimal on at least width digits.
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var d [20]byte
	i := len(d)
	for n > 0 || i == len(d) {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	for k := len(d) - i; k < width; k++ {
		b = append(b, '0')
	}
	return append(b, d[i:]...)
}

// appendName appends a day or month name, in capitals when asked.
func appendName(b []byte, name string, upper bool) []byte {
	if upper {
		return append(b, strings.ToUpper(name)...)
	}
	return append(b, name...)
}

// format appends p formatted with the mask to b.
func (m *dateMask) format(b []byte, p dateParts) []byte {
	hour := p.hour
	if m.twelveHour {
		hour = p.hour % 12
		if hour == 0 {
			hour = 12
		}
	}
	for _, t := range m.toks {
		switch t.kind {
		case tokLiteral:
			b = append(b, t.lit...)
		case tokYear4:
			b = appendPadded(b, p.year, 4)
		case tokYear2:
			b = appendPadded(b, (p.year%100+100)%100, 2)
		case tokDayName:
			b = appendName(b, dayName(p.weekday), t.upper)
		case tokDayAbbr:
			b = appendName(b, dayAbbr(p.weekday), t.upper)
		case tokDay2:
			b = appendPadded(b, p.day, 2)
		case tokDay1:
			b = appendPadded(b, p.day, 1)
		case tokDayLetter:
			r, _ := utf8.DecodeRuneInString(dayName(p.weekday))
			b = utf8.AppendRune(b, r)
		case tokMonthName:
			b = appendName(b, monthName(time.Month(p.month)), t.upper)
		case tokMonthAbbr:
			b = appendName(b, monthAbbr(time.Month(p.month)), t.upper)
		case tokMonth2:
			b = appendPadded(b, p.month, 2)
		case tokMonth1:
			b = appendPadded(b, p.month, 1)
		case tokHour2:
			b = appendPadded(b, hour, 2)
		case tokHour1:
			b = appendPadded(b, hour, 1)
		case tokMinute2:
			b = appendPadded(b, p.minute, 2)
		case tokMinute1:
			b = appendPadded(b, p.minute, 1)
		case tokSecond2:
			b = appendPadded(b, p.second, 2)
		case tokHundredths:
			b = appendPadded(b, p.millis/10, 2)
		case tokMillis:
			b = appendPadded(b, p.millis, 3)
		case tokAMPM:
			if p.hour < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		}
	}
	return b
}

// formatWithMask formats t with mask read as mode, the mask compiled once per thread.
func formatWithMask(th *interp.Thread, t time.Time, mask string, mode maskMode) string {
	m := compiledMask(th, mask, mode)
	var buf [64]byte
	return string(m.format(buf[:0], partsOf(t)))
}

// formatDateValue formats a date, time or datetime value with mask, the mode chosen by the
// value's kind (.VersChaîne on a date value).
func formatDateValue(th *interp.Thread, v interp.Value, mask string) string {
	mode := maskDate
	switch v.Kind() {
	case interp.KTime:
		mode = maskTime
	case interp.KDateTime:
		mode = maskDateTime
	}
	return formatWithMask(th, v.GoTime(), mask, mode)
}

// dayAbbr is the abbreviated day name of the masks: its first three letters and a period.
func dayAbbr(d time.Weekday) string {
	return [...]string{"Dim.", "Lun.", "Mar.", "Mer.", "Jeu.", "Ven.", "Sam."}[d]
}

// monthAbbr is the abbreviated month name of the masks, as PC SOFT's runtime cuts it: the
// first three letters and a period, four letters for juin and juillet (which three letters
// would not tell apart), the name itself when it is not longer.
func monthAbbr(m time.Month) string {
	return [...]string{"Jan.", "Fév.", "Mar.", "Avr.", "Mai", "Juin", "Juil.", "Aoû.",
		"Sep.", "Oct.", "Nov.", "Déc."}[m-1]
}
