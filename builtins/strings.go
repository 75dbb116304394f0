package builtins

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// Options of the string functions (values are wl's own; scripts use the names).
const (
	optIgnoreCase = 1 // SansCasse / IgnoreCase
	optWholeWord  = 2 // MotComplet / WholeWord
	optFromEnd    = 4 // DepuisFin / FromEnd

	rankFirst = -1 // rangPremier / firstRank
	rankNext  = -2 // rangSuivant / nextRank
	rankLast  = -3 // rangDernier / lastRank

	sscExterior = 1 // sscExtérieur / sscExterior: both ends (default)
	sscLeft     = 2 // sscDébut / sscStart
	sscRight    = 4 // sscFin / sscEnd
	sscInterior = 8 // sscIntérieur / sscInside: runs of blanks inside become one
)

func registerStrings(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(optIgnoreCase, "SansCasse", "IgnoreCase")
	c(optWholeWord, "MotComplet", "WholeWord")
	c(optFromEnd, "DepuisFin", "FromEnd")
	c(rankFirst, "rangPremier", "firstRank")
	c(rankNext, "rangSuivant", "nextRank")
	c(rankLast, "rangDernier", "lastRank")
	c(sscExterior, "sscExtérieur", "sscExterior", "sscOutside")
	c(sscLeft, "sscDébut", "sscStart", "sscBeginning")
	c(sscRight, "sscFin", "sscEnd")
	c(sscInterior, "sscIntérieur", "sscInterior", "sscInside")

	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	fn([]string{"Taille", "Length"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		switch a[0].Kind() {
		case interp.KBuffer:
			return interp.Int(int64(len(a[0].BufferBytes()))), nil
		case interp.KArray:
			return interp.Int(int64(a[0].Array().Len())), nil
		}
		return interp.Int(int64(utf8.RuneCountInString(a[0].String()))), nil
	})
	fn([]string{"Gauche", "Left"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, n := a[0].String(), 1
		if len(a) > 1 {
			n = int(a[1].AsInt())
		}
		return interp.Str(runesRange(s, 0, n)), nil
	})
	fn([]string{"Droite", "Right"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, n := a[0].String(), 1
		if len(a) > 1 {
			n = int(a[1].AsInt())
		}
		l := utf8.RuneCountInString(s)
		if n > l {
			n = l
		}
		return interp.Str(runesRange(s, l-n, n)), nil
	})
	fn([]string{"Milieu", "Middle"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, from := a[0].String(), int(a[1].AsInt())
		n := utf8.RuneCountInString(s)
		if len(a) > 2 {
			n = int(a[2].AsInt())
		}
		if from < 1 {
			from = 1
		}
		return interp.Str(runesRange(s, from-1, n)), nil
	})
	fn([]string{"Position"}, 2, 4, position)
	fn([]string{"PositionOccurrence", "PositionOccurrence"}, 3, 4, positionOccurrence)
	fn([]string{"Remplace", "Replace"}, 3, 4, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, old, nw := a[0].String(), a[1].String(), a[2].String()
		if old == "" {
			return interp.Str(s), nil
		}
		if len(a) > 3 && a[3].AsInt()&optIgnoreCase != 0 {
			return interp.Str(replaceFold(s, old, nw)), nil
		}
		return interp.Str(strings.ReplaceAll(s, old, nw)), nil
	})
	fn([]string{"SansEspace", "NoSpace"}, 1, 3, noSpace)
	fn([]string{"Majuscule", "Upper"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(strings.ToUpper(a[0].String())), nil
	})
	fn([]string{"Minuscule", "Lower"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(strings.ToLower(a[0].String())), nil
	})
	fn([]string{"ExtraitChaîne", "ExtractString"}, 2, 4, extractString)
	fn([]string{"ChaîneConstruit", "StringBuild"}, 1, -1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(stringBuild(a[0].String(), a[1:])), nil
	})
	fn([]string{"Complète", "Complete"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, n, pad := a[0].String(), int(a[1].AsInt()), " "
		if len(a) > 2 && a[2].String() != "" {
			pad = a[2].String()
		}
		rs := []rune(s)
		if len(rs) >= n {
			return interp.Str(string(rs[:max(n, 0)])), nil
		}
		p := []rune(pad)
		for i := 0; len(rs) < n; i++ {
			rs = append(rs, p[i%len(p)])
		}
		return interp.Str(string(rs)), nil
	})
	fn([]string{"Répète", "RepeatString"}, 2, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[1].AsInt()
		if n < 0 {
			n = 0
		}
		if n*int64(len(a[0].String())) > 1<<30 {
			return interp.Null, fmt.Errorf("Répète: the result would be larger than 1 GB")
		}
		return interp.Str(strings.Repeat(a[0].String(), int(n))), nil
	})
	fn([]string{"ChaîneOccurrence", "StringCount"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, sub := a[0].String(), a[1].String()
		if sub == "" {
			return interp.Int(0), nil
		}
		if len(a) > 2 && a[2].AsInt()&optIgnoreCase != 0 {
			s, sub = strings.ToLower(s), strings.ToLower(sub)
		}
		return interp.Int(int64(strings.Count(s, sub))), nil
	})
	fn([]string{"Contient", "Contains"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, sub := a[0].String(), a[1].String()
		if len(a) > 2 && a[2].AsInt()&optIgnoreCase != 0 {
			s, sub = strings.ToLower(s), strings.ToLower(sub)
		}
		return interp.Bool(strings.Contains(s, sub)), nil
	})
	fn([]string{"ChaîneCommencePar", "StringStartsWith"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, p := a[0].String(), a[1].String()
		if len(a) > 2 && a[2].AsInt()&optIgnoreCase != 0 {
			s, p = strings.ToLower(s), strings.ToLower(p)
		}
		return interp.Bool(strings.HasPrefix(s, p)), nil
	})
	fn([]string{"ChaîneFinitPar", "StringEndsWith"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, p := a[0].String(), a[1].String()
		if len(a) > 2 && a[2].AsInt()&optIgnoreCase != 0 {
			s, p = strings.ToLower(s), strings.ToLower(p)
		}
		return interp.Bool(strings.HasSuffix(s, p)), nil
	})
	fn([]string{"Val"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return a[0].ToNumber(), nil
	})
	fn([]string{"Caract", "Charact"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].AsInt()
		if n < 0 || n > utf8.MaxRune {
			return interp.Null, fmt.Errorf("Caract: %d is not a character code", n)
		}
		return interp.Str(string(rune(n))), nil
	})
	fn([]string{"Asc"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s := a[0].String()
		if s == "" {
			return interp.Int(0), nil
		}
		r, _ := utf8.DecodeRuneInString(s)
		return interp.Int(int64(r)), nil
	})
	fn([]string{"ChaîneVersUTF8", "StringToUTF8"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		// wl strings are Unicode already: the UTF-8 form is their bytes, as a buffer.
		b := interp.Buffer([]byte(a[0].String()))
		return b, nil
	})
	fn([]string{"UTF8VersChaîne", "UTF8ToString"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		b := a[0].BufferBytes()
		if utf8.Valid(b) {
			return interp.Str(string(b)), nil
		}
		out, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		return interp.Str(string(out)), nil
	})
	fn([]string{"NumériqueVersChaîne", "NumToString"}, 1, 2, numToString)
	fn([]string{"ChaîneVersTableau", "StringToArray"}, 2, 3, stringToArray)
	fn([]string{"Inverse", "Reverse"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		rs := []rune(a[0].String())
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return interp.Str(string(rs)), nil
	})
	fn([]string{"ChaîneCompare", "StringCompare"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		x, y := a[0].String(), a[1].String()
		if len(a) > 2 && a[2].AsInt()&optIgnoreCase != 0 {
			x, y = strings.ToLower(x), strings.ToLower(y)
		}
		return interp.Int(int64(strings.Compare(x, y))), nil
	})
	fn([]string{"SansAccent", "NoAccent"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(removeAccents(a[0].String())), nil
	})
}

// runesRange returns n characters of s from character index from (0-based).
func runesRange(s string, from, n int) string {
	if n <= 0 || from < 0 {
		return ""
	}
	i, start := 0, -1
	for off := range s {
		if i == from {
			start = off
		}
		if start >= 0 && i == from+n {
			return s[start:off]
		}
		i++
	}
	if start < 0 {
		return ""
	}
	return s[start:]
}

// removeAccents drops the accents of s, keeping its case.
func removeAccents(s string) string {
	var b strings.Builder
	for _, r := range s {
		f := wlex.Fold(string(r))
		if strings.ToUpper(string(r)) == string(r) && strings.ToLower(string(r)) != string(r) {
			f = strings.ToUpper(f)
		}
		if f == "" {
			continue
		}
		b.WriteString(f)
	}
	return b.String()
}

// position is Position(source, searched [, start [, options]]): the 1-based character
// position of searched, 0 when absent.
func position(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, sub := a[0].String(), a[1].String()
	start, opts := 1, int64(0)
	if len(a) > 2 {
		start = int(a[2].AsInt())
	}
	if len(a) > 3 {
		opts = a[3].AsInt()
	}
	return interp.Int(int64(findPos(s, sub, start, opts))), nil
}

func findPos(s, sub string, start int, opts int64) int {
	if sub == "" {
		return 0
	}
	if opts&optIgnoreCase != 0 {
		s, sub = strings.ToLower(s), strings.ToLower(sub)
	}
	rs := []rune(s)
	if opts&optFromEnd != 0 {
		if start <= 1 || start > len(rs) {
			start = len(rs)
		}
		i := strings.LastIndex(string(rs[:start]), sub)
		if i < 0 {
			return 0
		}
		return utf8.RuneCountInString(string(rs[:start])[:i]) + 1
	}
	if start < 1 {
		start = 1
	}
	if start > len(rs) {
		return 0
	}
	rest := string(rs[start-1:])
	for off := 0; ; {
		i := strings.Index(rest[off:], sub)
		if i < 0 {
			return 0
		}
		i += off
		pos := start + utf8.RuneCountInString(rest[:i])
		if opts&optWholeWord == 0 || wholeWord(rest, i, len(sub)) {
			return pos
		}
		off = i + 1
	}
}

func wholeWord(s string, i, n int) bool {
	isWord := func(r rune) bool {
		return r == '_' || r >= '0' && r <= '9' || strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", r) || r > 127
	}
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if isWord(r) {
			return false
		}
	}
	if i+n < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i+n:])
		if isWord(r) {
			return false
		}
	}
	return true
}

// positionOccurrence is PositionOccurrence(s, sub, n [, options]): position of the n-th
// occurrence (rangDernier: the last).
func positionOccurrence(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, sub, n := a[0].String(), a[1].String(), a[2].AsInt()
	opts := int64(0)
	if len(a) > 3 {
		opts = a[3].AsInt()
	}
	if n == rankLast {
		return interp.Int(int64(findPos(s, sub, 0, opts|optFromEnd))), nil
	}
	pos := 0
	for k := int64(0); k < n; k++ {
		pos = findPos(s, sub, pos+1, opts)
		if pos == 0 {
			return interp.Int(0), nil
		}
	}
	return interp.Int(int64(pos)), nil
}

func replaceFold(s, old, nw string) string {
	var b strings.Builder
	ls, lo := strings.ToLower(s), strings.ToLower(old)
	for {
		i := strings.Index(ls, lo)
		if i < 0 || len(ls) != len(s) {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(nw)
		s, ls = s[i+len(old):], ls[i+len(lo):]
	}
}

// noSpace is SansEspace(s [, options [, characters]]): blanks (spaces, tabs, line breaks)
// removed at both ends by default.
func noSpace(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, opts, cut := a[0].String(), int64(sscExterior), " \t\r\n"
	if len(a) > 1 {
		opts = a[1].AsInt()
	}
	if len(a) > 2 {
		cut = a[2].String()
	}
	if opts&(sscExterior|sscLeft) != 0 {
		s = strings.TrimLeft(s, cut)
	}
	if opts&(sscExterior|sscRight) != 0 {
		s = strings.TrimRight(s, cut)
	}
	if opts&sscInterior != 0 {
		var b strings.Builder
		prevBlank := false
		for _, r := range s {
			blank := strings.ContainsRune(cut, r)
			if blank && prevBlank {
				continue
			}
			prevBlank = blank
			b.WriteRune(r)
		}
		s = b.String()
	}
	return interp.Str(s), nil
}

// extractState remembers, per run, where ExtraitChaîne's rangSuivant continues.
type extractState struct {
	source, sep string
	next        int
}

type extractKey struct{}

// extractString is ExtraitChaîne(s, rank [, separator [, direction]]): the rank-th piece of s
// cut at separator (TAB by default); EOT past the last one. rangPremier / rangSuivant walk
// the pieces one by one.
func extractString(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, rank, sep := a[0].String(), a[1].AsInt(), "\t"
	if len(a) > 2 {
		sep = a[2].String()
	}
	if sep == "" {
		return interp.Null, fmt.Errorf("ExtraitChaîne: empty separator")
	}
	parts := strings.Split(s, sep)
	st := th.State(extractKey{}, func() any { return &extractState{} }).(*extractState)
	switch rank {
	case rankFirst:
		*st = extractState{source: s, sep: sep, next: 2}
		return interp.Str(parts[0]), nil
	case rankNext:
		if st.source != s || st.sep != sep {
			*st = extractState{source: s, sep: sep, next: 1}
		}
		i := st.next
		st.next++
		if i > len(parts) {
			return interp.Str("\x1a"), nil
		}
		return interp.Str(parts[i-1]), nil
	case rankLast:
		return interp.Str(parts[len(parts)-1]), nil
	}
	if rank < 1 || rank > int64(len(parts)) {
		return interp.Str("\x1a"), nil
	}
	return interp.Str(parts[rank-1]), nil
}

// stringBuild replaces %1..%n in format by the arguments (%% is a percent sign).
func stringBuild(format string, args []interp.Value) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		if format[i+1] == '%' {
			b.WriteByte('%')
			i++
			continue
		}
		j := i + 1
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			j++
		}
		if j == i+1 {
			b.WriteByte(c)
			continue
		}
		n := 0
		fmt.Sscanf(format[i+1:j], "%d", &n)
		if n >= 1 && n <= len(args) {
			b.WriteString(args[n-1].String())
		}
		i = j - 1
	}
	return b.String()
}

// stringToArray is ChaîneVersTableau(s, array [, separator]): s cut at separator (CR by
// default, any line break accepted) appended to the array after clearing it.
func stringToArray(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr := a[1].Array()
	if arr == nil {
		return interp.Null, fmt.Errorf("ChaîneVersTableau: the second parameter must be an array, not %s", a[1].Kind())
	}
	s := a[0].String()
	arr.Clear()
	var parts []string
	if len(a) > 2 && a[2].String() != "" {
		parts = strings.Split(s, a[2].String())
	} else {
		parts = strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	}
	for _, p := range parts {
		arr.Append(interp.Str(p))
	}
	return interp.Null, nil
}
