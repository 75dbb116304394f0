package builtins

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/wl-lang/wl/interp"
	wlex "github.com/wl-lang/wl/lexer"
)

// Options of the string functions. DepuisDébut is 0 and rangPremier is the smallest 32-bit
// integer in code WINDEV compiles; the other values are wl's own (scripts use the names),
// chosen as distinct bits so that options combine with + (SansCasse + DepuisFin).
const (
	optFromStart  = 0 // DepuisDébut / FromBeginning: the default direction
	optIgnoreCase = 1 // SansCasse / IgnoreCase
	optWholeWord  = 2 // MotComplet / WholeWord
	optFromEnd    = 4 // DepuisFin / FromEnd

	rankFirst    = math.MinInt32     // rangPremier / firstRank
	rankNext     = math.MinInt32 + 1 // rangSuivant / nextRank
	rankLast     = math.MinInt32 + 2 // rangDernier / lastRank
	rankPrevious = math.MinInt32 + 3 // rangPrécédent / previousRank

	sscExterior = 1 // sscExtérieur / sscOuter: both ends (the default)
	sscStart    = 2 // sscDébut / sscStart
	sscEnd      = 4 // sscFin / sscEnd
	sscInterior = 8 // sscIntérieur / sscInner: runs of blanks inside become one
)

// eot is the EOT constant: what ExtraitChaîne returns past the last piece.
const eot = "\x1a"

// blanks are the characters SansEspace removes by default.
const blanks = " \t\r\n"

func registerStrings(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(optFromStart, "DepuisDébut", "FromBeginning")
	c(optIgnoreCase, "SansCasse", "IgnoreCase")
	c(optWholeWord, "MotComplet", "WholeWord")
	c(optFromEnd, "DepuisFin", "FromEnd")
	c(rankFirst, "rangPremier", "firstRank")
	c(rankNext, "rangSuivant", "nextRank")
	c(rankLast, "rangDernier", "lastRank")
	c(rankPrevious, "rangPrécédent", "previousRank")
	c(sscExterior, "sscExtérieur", "sscExterior", "sscOuter")
	c(sscStart, "sscDébut", "sscStart", "sscBeginning")
	c(sscEnd, "sscFin", "sscEnd")
	c(sscInterior, "sscIntérieur", "sscInterior", "sscInner", "sscInside")

	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, Fn: f})
	}
	fn([]string{"Taille", "Length"}, 1, 1, length)
	fn([]string{"Gauche", "Left"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n, err := countArg("Gauche", a, 1)
		if err != nil {
			return interp.Null, err
		}
		return interp.Str(runesRange(a[0].String(), 0, n)), nil
	})
	fn([]string{"Droite", "Right"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n, err := countArg("Droite", a, 1)
		if err != nil {
			return interp.Null, err
		}
		s := a[0].String()
		l := utf8.RuneCountInString(s)
		n = min(n, l)
		return interp.Str(runesRange(s, l-n, n)), nil
	})
	fn([]string{"Milieu", "Middle"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, from := a[0].String(), a[1].AsInt()
		if from < 1 {
			return interp.Null, fmt.Errorf("Milieu: the start position must be at least 1, not %d", from)
		}
		n := utf8.RuneCountInString(s)
		if len(a) > 2 && !a[2].IsNull() {
			var err error
			if n, err = countArg("Milieu", a, 2); err != nil {
				return interp.Null, err
			}
		}
		return interp.Str(runesRange(s, int(min(from, math.MaxInt32))-1, n)), nil
	})
	fn([]string{"Position"}, 2, 4, position)
	fn([]string{"PositionOccurrence"}, 3, 4, positionOccurrence)
	fn([]string{"Remplace", "Replace"}, 3, 4, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, old, nw, opts := a[0].String(), a[1].String(), a[2].String(), optionArg(a, 3)
		size := int64(len(s))
		if len(nw) > len(old) && old != "" {
			size += int64(countMatches(s, old, opts)) * int64(len(nw)-len(old))
		}
		th.Alloc(size)
		return interp.Str(replace(s, old, nw, opts)), nil
	})
	fn([]string{"SansEspace", "NoSpace"}, 1, 3, noSpace)
	fn([]string{"Majuscule", "Upper"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(strings.ToUpper(a[0].String())), nil
	})
	fn([]string{"Minuscule", "Lower"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(strings.ToLower(a[0].String())), nil
	})
	fn([]string{"ExtraitChaîne", "ExtractString"}, 2, 4, extractString)
	fn([]string{"ChaîneConstruit", "StringBuild"}, 1, -1, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(stringBuild(th, a[0].String(), a[1:])), nil
	})
	fn([]string{"Complète", "Complete"}, 2, 3, complete)
	fn([]string{"Répète", "RepeatString"}, 2, 2, func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, n := a[0].String(), a[1].AsInt()
		if n < 0 {
			return interp.Null, fmt.Errorf("Répète: the number of repetitions must not be negative, not %d", n)
		}
		if len(s) > 0 && n > int64(maxStringBytes/len(s)) {
			return interp.Null, fmt.Errorf("Répète: the result would be larger than %d bytes", maxStringBytes)
		}
		th.Alloc(int64(len(s)) * n)
		return interp.Str(strings.Repeat(s, int(n))), nil
	})
	fn([]string{"ChaîneOccurrence", "StringCount"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Int(int64(countMatches(a[0].String(), a[1].String(), optionArg(a, 2)))), nil
	})
	fn([]string{"Contient", "Contains"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		sub := a[1].String()
		return interp.Bool(sub == "" || indexAt(a[0].String(), sub, 0, optionArg(a, 2)) >= 0), nil
	})
	fn([]string{"ChaîneCommencePar", "StringStartsWith"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, p := a[0].String(), a[1].String()
		if optionArg(a, 2)&optIgnoreCase != 0 {
			n := utf8.RuneCountInString(p)
			return interp.Bool(strings.EqualFold(runesRange(s, 0, n), p)), nil
		}
		return interp.Bool(strings.HasPrefix(s, p)), nil
	})
	fn([]string{"ChaîneFinitPar", "StringEndsWith"}, 2, 3, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		s, p := a[0].String(), a[1].String()
		if optionArg(a, 2)&optIgnoreCase != 0 {
			l, n := utf8.RuneCountInString(s), utf8.RuneCountInString(p)
			return interp.Bool(n <= l && strings.EqualFold(runesRange(s, l-n, n), p)), nil
		}
		return interp.Bool(strings.HasSuffix(s, p)), nil
	})
	fn([]string{"Val"}, 1, 2, val)
	fn([]string{"Caract", "Charact"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		n := a[0].AsInt()
		if n < 0 || n > unicode.MaxRune || n >= 0xD800 && n <= 0xDFFF {
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
		// wl strings are Unicode text already: their UTF-8 form is their bytes, as a buffer.
		return interp.Buffer([]byte(a[0].String())), nil
	})
	fn([]string{"UTF8VersChaîne", "UTF8ToString"}, 1, 2, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		b := a[0].BufferBytes()
		if utf8.Valid(b) {
			return interp.Str(string(b)), nil
		}
		// Not UTF-8 after all: read it as Windows-1252, which maps every byte.
		out, _ := charmap.Windows1252.NewDecoder().Bytes(b)
		return interp.Str(string(out)), nil
	})
	fn([]string{"NumériqueVersChaîne", "NumToString"}, 1, 2, numToString)
	fn([]string{"ChaîneVersTableau", "StringToArray"}, 2, 3, stringToArray)
	fn([]string{"ChaîneCompare", "StringCompare"}, 2, 3, stringCompare)
	fn([]string{"SansAccent", "NoAccent"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		return interp.Str(removeAccents(a[0].String())), nil
	})
	fn([]string{"Inverse", "Reverse"}, 1, 1, func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
		rs := []rune(a[0].String())
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return interp.Str(string(rs)), nil
	})
}

// maxStringBytes bounds the strings Répète and Complète build, so a wrong count is an
// error rather than an exhausted memory.
const maxStringBytes = 1 << 30

// pieceBytes is the memory a piece of a cut string takes beside its bytes: the header of
// its string value and its place in the list of pieces.
const pieceBytes = 64

// countMatches is the number of occurrences of sub in s, without overlaps, with the options
// of Position (SansCasse, MotComplet).
func countMatches(s, sub string, opts int64) int {
	n := 0
	for pos := 0; sub != ""; n++ {
		i := indexAt(s, sub, pos, opts)
		if i < 0 {
			break
		}
		pos = i + len(sub)
	}
	return n
}

// length is Taille / Length: the number of characters of a string, bytes of a buffer,
// elements of an array.
func length(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	switch a[0].Kind() {
	case interp.KBuffer:
		return interp.Int(int64(len(a[0].BufferBytes()))), nil
	case interp.KArray:
		return interp.Int(int64(a[0].Array().Len())), nil
	case interp.KAssoc:
		return interp.Int(int64(a[0].Assoc().Len())), nil
	}
	return interp.Int(int64(utf8.RuneCountInString(a[0].String()))), nil
}

// countArg reads the character count a[i] (1 when absent): a negative count is a fatal
// error.
func countArg(fn string, a []interp.Value, i int) (int, error) {
	if i >= len(a) || a[i].IsNull() {
		return 1, nil
	}
	n := a[i].AsInt()
	if n < 0 {
		return 0, fmt.Errorf("%s: the number of characters must not be negative, not %d", fn, n)
	}
	return int(min(n, math.MaxInt32)), nil
}

// optionArg reads the options parameter a[i] (0 when absent).
func optionArg(a []interp.Value, i int) int64 {
	if i < len(a) {
		return a[i].AsInt()
	}
	return 0
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
		if r < utf8.RuneSelf {
			b.WriteRune(r)
			continue
		}
		f := wlex.Fold(string(r))
		if unicode.IsUpper(r) {
			f = strings.ToUpper(f)
		}
		b.WriteString(f)
	}
	return b.String()
}

// indexAt is the byte index of the first match of sub in s at or after byte offset from, -1
// when there is none. opts may hold SansCasse (letters compared without case) and
// MotComplet (the match must not touch a letter or digit on either side).
func indexAt(s, sub string, from int, opts int64) int {
	if sub == "" || from > len(s) {
		return -1
	}
	for i := from; i <= len(s); {
		var j int
		if opts&optIgnoreCase != 0 {
			j = indexFold(s[i:], sub)
		} else {
			j = strings.Index(s[i:], sub)
		}
		if j < 0 {
			return -1
		}
		j += i
		n := matchLen(s[j:], sub, opts)
		if opts&optWholeWord == 0 || wholeWord(s, j, n) {
			return j
		}
		_, size := utf8.DecodeRuneInString(s[j:])
		i = j + size
	}
	return -1
}

// lastIndexBefore is the byte index of the last match of sub in s that starts before byte
// offset end, -1 when there is none.
func lastIndexBefore(s, sub string, end int, opts int64) int {
	last := -1
	for i := 0; ; {
		j := indexAt(s, sub, i, opts)
		if j < 0 || j >= end {
			return last
		}
		last = j
		_, size := utf8.DecodeRuneInString(s[j:])
		i = j + size
	}
}

// indexFold is strings.Index ignoring case (Unicode simple folding, character by character).
func indexFold(s, sub string) int {
	for i := range s {
		if hasPrefixFold(s[i:], sub) {
			return i
		}
	}
	return -1
}

// hasPrefixFold reports whether s begins with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	for _, pr := range prefix {
		r, size := utf8.DecodeRuneInString(s)
		if size == 0 || !equalFoldRune(r, pr) {
			return false
		}
		s = s[size:]
	}
	return true
}

func equalFoldRune(a, b rune) bool {
	if a == b {
		return true
	}
	for f := unicode.SimpleFold(a); f != a; f = unicode.SimpleFold(f) {
		if f == b {
			return true
		}
	}
	return false
}

// matchLen is the length in bytes of the match of sub at the start of s.
func matchLen(s, sub string, opts int64) int {
	if opts&optIgnoreCase == 0 {
		return len(sub)
	}
	n := 0
	for range sub {
		_, size := utf8.DecodeRuneInString(s[n:])
		n += size
	}
	return n
}

func isWordRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// wholeWord reports whether the n bytes at i in s are not glued to a letter or digit.
func wholeWord(s string, i, n int) bool {
	if r, _ := utf8.DecodeLastRuneInString(s[:i]); i > 0 && isWordRune(r) {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s[i+n:]); i+n < len(s) && isWordRune(r) {
		return false
	}
	return true
}

// runeIndex converts a byte offset of s to a 1-based character position.
func runeIndex(s string, off int) int { return utf8.RuneCountInString(s[:off]) + 1 }

// byteOffset converts a 1-based character position of s to a byte offset (len(s) past the
// end).
func byteOffset(s string, pos int) int {
	i := 1
	for off := range s {
		if i == pos {
			return off
		}
		i++
	}
	return len(s)
}

// position is Position(source, searched [, start [, options]]): the character position of
// the first occurrence of searched at or after start (1 by default), 0 when there is none.
// With DepuisFin the search goes backwards: the last occurrence that starts at or before
// start (the end of the string by default).
func position(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, sub, opts := a[0].String(), a[1].String(), optionArg(a, 3)
	start := 0
	if len(a) > 2 && !a[2].IsNull() {
		start = int(max(min(a[2].AsInt(), math.MaxInt32), math.MinInt32))
	}
	return interp.Int(int64(findPos(s, sub, start, opts))), nil
}

// findPos is the search of Position; start 0 means the default start.
func findPos(s, sub string, start int, opts int64) int {
	if sub == "" {
		return 0
	}
	if opts&optFromEnd != 0 {
		end := len(s)
		if start > 0 {
			end = byteOffset(s, start) + 1
		}
		i := lastIndexBefore(s, sub, end, opts)
		if i < 0 {
			return 0
		}
		return runeIndex(s, i)
	}
	start = max(start, 1)
	if start > utf8.RuneCountInString(s) {
		return 0
	}
	i := indexAt(s, sub, byteOffset(s, start), opts)
	if i < 0 {
		return 0
	}
	return runeIndex(s, i)
}

// positionOccurrence is PositionOccurrence(source, searched, n [, options]): the position
// of the n-th occurrence (occurrences do not overlap), counted from the end with DepuisFin;
// rangDernier gives the last one; 0 when there are fewer than n.
func positionOccurrence(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, sub, n, opts := a[0].String(), a[1].String(), a[2].AsInt(), optionArg(a, 3)
	if n < 1 && n != rankLast {
		return interp.Null, fmt.Errorf("PositionOccurrence: the occurrence number must be at least 1 (or rangDernier), not %d", n)
	}
	var hits []int
	for pos := 0; sub != ""; {
		i := indexAt(s, sub, pos, opts)
		if i < 0 {
			break
		}
		hits = append(hits, runeIndex(s, i))
		pos = i + matchLen(s[i:], sub, opts)
	}
	switch {
	case len(hits) == 0:
		return interp.Int(0), nil
	case n == rankLast:
		return interp.Int(int64(hits[len(hits)-1])), nil
	case n > int64(len(hits)):
		return interp.Int(0), nil
	case opts&optFromEnd != 0:
		return interp.Int(int64(hits[int64(len(hits))-n])), nil
	}
	return interp.Int(int64(hits[n-1])), nil
}

// replace is Remplace(s, searched, replacement [, options]): every occurrence replaced,
// left to right, without rescanning what was put in.
func replace(s, old, nw string, opts int64) string {
	if old == "" {
		return s
	}
	if opts&(optIgnoreCase|optWholeWord) == 0 {
		return strings.ReplaceAll(s, old, nw)
	}
	var b strings.Builder
	for pos := 0; ; {
		i := indexAt(s, old, pos, opts)
		if i < 0 {
			b.WriteString(s[pos:])
			return b.String()
		}
		b.WriteString(s[pos:i])
		b.WriteString(nw)
		pos = i + matchLen(s[i:], old, opts)
	}
}

// noSpace is SansEspace(s [, options [, characters]]): blanks (space, tab, CR, LF, or the
// characters given) removed at both ends by default (sscExtérieur), at the start only
// (sscDébut) or the end only (sscFin); with sscIntérieur each run of them inside the
// string is also reduced to its first character.
func noSpace(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, opts, cut := a[0].String(), int64(sscExterior), blanks
	if len(a) > 1 && !a[1].IsNull() {
		opts = a[1].AsInt()
	}
	if len(a) > 2 {
		cut = a[2].String()
	}
	if opts&(sscExterior|sscStart) != 0 {
		s = strings.TrimLeft(s, cut)
	}
	if opts&(sscExterior|sscEnd) != 0 {
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

// complete is Complète(s, length [, filler]): s padded on the right with the filler (a
// space by default; a filler of several characters is repeated) up to length characters,
// or cut to length characters when it is longer.
func complete(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, n, pad := a[0].String(), a[1].AsInt(), " "
	if n < 0 {
		return interp.Null, fmt.Errorf("Complète: the length must not be negative, not %d", n)
	}
	if n > maxStringBytes/4 {
		return interp.Null, fmt.Errorf("Complète: the length %d is too large", n)
	}
	if len(a) > 2 && a[2].String() != "" {
		pad = a[2].String()
	}
	// The runes, then the string: at most 4 + 4 bytes a character.
	th.Alloc(8 * max(n, int64(len(s))))
	rs := []rune(s)
	if int64(len(rs)) >= n {
		return interp.Str(string(rs[:n])), nil
	}
	p := []rune(pad)
	for i := 0; int64(len(rs)) < n; i++ {
		rs = append(rs, p[i%len(p)])
	}
	return interp.Str(string(rs)), nil
}

// val is Val(s [, base]): the number at the start of s (0 when there is none), read in
// decimal, or with "x" in hexadecimal, "o" in octal, "b" in binary.
func val(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
	if len(a) < 2 || a[1].String() == "" || strings.EqualFold(a[1].String(), "d") {
		return a[0].ToNumber(), nil
	}
	base := 0
	switch strings.ToLower(a[1].String()) {
	case "x":
		base = 16
	case "o":
		base = 8
	case "b":
		base = 2
	default:
		return interp.Null, fmt.Errorf("Val: unknown format %q (d, x, o or b)", a[1].String())
	}
	s := strings.TrimSpace(a[0].String())
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimLeft(s, "+-")
	if base == 16 {
		s = strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X")
	}
	var n uint64
	for _, r := range s {
		d := digitValue(r)
		if d < 0 || d >= base {
			break
		}
		n = n*uint64(base) + uint64(d)
	}
	if neg {
		return interp.Int(-int64(n)), nil
	}
	return interp.Int(int64(n)), nil
}

func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10
	}
	return -1
}

// stringBuild replaces %1..%n in format by the arguments; a number with no argument gives
// nothing, %% gives a percent sign and any other % is kept. What it builds is charged to the
// run's memory first (a format can name a long argument many times).
func stringBuild(th *interp.Thread, format string, args []interp.Value) string {
	strs := make([]string, len(args))
	for i, a := range args {
		strs[i] = th.ToString(a)
	}
	var size int64
	buildString(format, strs, func(s string) { size += int64(len(s)) })
	th.Alloc(size)
	var b strings.Builder
	b.Grow(int(size))
	buildString(format, strs, func(s string) { b.WriteString(s) })
	return b.String()
}

// buildString hands the pieces of stringBuild's result to emit.
func buildString(format string, args []string, emit func(string)) {
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			emit(format[i : i+1])
			continue
		}
		if format[i+1] == '%' {
			emit("%")
			i++
			continue
		}
		j, n := i+1, 0
		for j < len(format) && format[j] >= '0' && format[j] <= '9' {
			if n < 1e6 {
				n = n*10 + int(format[j]-'0')
			}
			j++
		}
		if j == i+1 {
			emit(format[i : i+1])
			continue
		}
		if n >= 1 && n <= len(args) {
			emit(args[n-1])
		}
		i = j - 1
	}
}

// stringToArray is ChaîneVersTableau(s, array [, separator]): the array is emptied, then
// receives the pieces of s cut at the separator (by default at each line break: CR+LF, or
// LF alone), converted to its element type. An empty s gives an empty array.
func stringToArray(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	arr := a[1].Array()
	if arr == nil {
		return interp.Null, fmt.Errorf("ChaîneVersTableau: the second parameter must be an array, not %s", a[1].Kind())
	}
	s := a[0].String()
	arr.Clear()
	if s == "" {
		return interp.Null, nil
	}
	sep := "\n"
	if len(a) > 2 && !a[2].IsNull() {
		if sep = a[2].String(); sep == "" {
			return interp.Null, fmt.Errorf("ChaîneVersTableau: the separator is empty")
		}
	} else {
		th.Alloc(int64(len(s)))
		s = strings.ReplaceAll(s, "\r\n", "\n")
	}
	// Each piece shares s's bytes, but takes a string header and its place in the list of
	// pieces, then an element of the array.
	count := int64(strings.Count(s, sep)) + 1
	th.Alloc(count * pieceBytes)
	th.AllocAppends(arr, count)
	for _, p := range strings.Split(s, sep) {
		arr.Append(interp.Str(p))
	}
	return interp.Null, nil
}
