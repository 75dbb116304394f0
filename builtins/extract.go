package builtins

import (
	"fmt"
	"math"
	"strings"

	"github.com/wl-lang/wl/interp"
)

// ExtraitChaîne / ExtractString cuts a string at separators. Scripts walk a text with it
// line by line, by rank (ExtraitChaîne(t, n, RC) for n = 1, 2...) or with rangPremier and
// rangSuivant, so each call must not cut the whole text again: the pieces found are kept in
// a small per-thread cache keyed by the string and the separators, and the text is cut
// lazily, only as far as the rank asked for. A walk of N lines is then linear in the size
// of the text instead of quadratic.

// extractCacheSize is the number of (string, separators) pairs whose pieces are kept: a loop
// over the lines of a text that also cuts each line (ExtraitChaîne(ligne, 2, ":")) must not
// evict the text.
const extractCacheSize = 4

// extractSeps are the separators of one call: one string, or the elements of an array.
type extractSeps struct {
	one  string   // the separator when there is one
	many []string // the separators given in an array (nil otherwise)
	key  string   // one, or the separators joined by NUL: the cache key
}

// cutter holds the pieces of one string found so far. Piece i (0-based) is
// src[starts[i]:ends[i]]; pos is where the unfinished piece starts, done is set once the
// end of the string was reached.
type cutter struct {
	src    string
	key    string
	seps   extractSeps
	starts []int
	ends   []int
	pos    int
	done   bool
	used   uint64 // clock of the last use, for eviction
	// next[j] is the byte offset of the next occurrence of seps.many[j] at or after
	// nextFrom[j], -1 when there is none: each separator's text is searched once per
	// occurrence, not once per piece (a separator that never occurs is searched once).
	next, nextFrom []int
}

// reset makes c cut src at seps from the start, keeping its slices.
func (c *cutter) reset(src string, seps extractSeps) {
	c.src, c.key, c.seps = src, seps.key, seps
	c.starts, c.ends = c.starts[:0], c.ends[:0]
	c.pos, c.done = 0, false
	c.next, c.nextFrom = c.next[:0], c.nextFrom[:0]
	for range seps.many {
		c.next = append(c.next, 0)
		c.nextFrom = append(c.nextFrom, -1)
	}
}

// nextSep returns the byte offset and length of the first separator at or after c.pos
// (the longest one where several start there), or -1.
func (c *cutter) nextSep() (int, int) {
	if c.seps.many == nil {
		i := strings.Index(c.src[c.pos:], c.seps.one)
		if i < 0 {
			return -1, 0
		}
		return c.pos + i, len(c.seps.one)
	}
	best, n := -1, 0
	for j, sep := range c.seps.many {
		if c.nextFrom[j] < 0 || c.next[j] >= 0 && c.next[j] < c.pos {
			// Not searched yet, or the occurrence found is behind us.
			c.nextFrom[j] = c.pos
			c.next[j] = strings.Index(c.src[c.pos:], sep)
			if c.next[j] >= 0 {
				c.next[j] += c.pos
			}
		}
		at := c.next[j]
		if at >= 0 && (best < 0 || at < best || at == best && len(sep) > n) {
			best, n = at, len(sep)
		}
	}
	return best, n
}

// fill cuts pieces until there are at least n of them or the string is cut completely
// (n < 0: cut it all).
func (c *cutter) fill(n int) {
	for !c.done && (n < 0 || len(c.starts) < n) {
		i, l := c.nextSep()
		if i < 0 {
			c.starts = append(c.starts, c.pos)
			c.ends = append(c.ends, len(c.src))
			c.done = true
			return
		}
		c.starts = append(c.starts, c.pos)
		c.ends = append(c.ends, i)
		c.pos = i + l
	}
}

// piece returns piece i (1-based) counted from the start, or from the end when fromEnd is
// set; ok is false past the last piece.
func (c *cutter) piece(i int, fromEnd bool) (string, bool) {
	if i < 1 {
		return "", false
	}
	if fromEnd {
		n := c.count()
		if i > n {
			return "", false
		}
		i = n + 1 - i
	} else {
		c.fill(i)
		if i > len(c.starts) {
			return "", false
		}
	}
	return c.src[c.starts[i-1]:c.ends[i-1]], true
}

// count cuts the whole string and returns its number of pieces.
func (c *cutter) count() int {
	c.fill(-1)
	return len(c.starts)
}

// extractState is what ExtraitChaîne keeps for a thread: the cutters of the last strings
// cut, and the walk of rangPremier / rangSuivant / rangDernier / rangPrécédent, which
// belongs to the string and separators of the last call.
type extractState struct {
	cutters [extractCacheSize]cutter
	clock   uint64
	walk    struct {
		src, key string
		rank     int
	}
}

type extractKey struct{}

// cutterFor returns the cutter of src and seps, reusing the least recently used one when
// none holds them.
func (st *extractState) cutterFor(src string, seps extractSeps) *cutter {
	st.clock++
	lru := &st.cutters[0]
	for i := range st.cutters {
		c := &st.cutters[i]
		if c.used != 0 && len(c.src) == len(src) && c.key == seps.key && c.src == src {
			c.used = st.clock
			return c
		}
		if c.used < lru.used {
			lru = c
		}
	}
	lru.reset(src, seps)
	lru.used = st.clock
	return lru
}

// extractSepsArg reads the separator parameter a[2]: TAB by default, a string, or an array
// of strings. An empty separator is a fatal error.
func extractSepsArg(a []interp.Value) (extractSeps, error) {
	if len(a) <= 2 || a[2].IsNull() {
		return extractSeps{one: "\t", key: "\t"}, nil
	}
	arr := a[2].Array()
	if arr == nil {
		sep := a[2].String()
		if sep == "" {
			return extractSeps{}, fmt.Errorf("ExtraitChaîne: the separator is empty")
		}
		return extractSeps{one: sep, key: sep}, nil
	}
	if arr.Len() == 0 {
		return extractSeps{}, fmt.Errorf("ExtraitChaîne: the array of separators is empty")
	}
	many := make([]string, 0, arr.Len())
	for _, v := range arr.Items() {
		sep := v.String()
		if sep == "" {
			return extractSeps{}, fmt.Errorf("ExtraitChaîne: the separator is empty")
		}
		many = append(many, sep)
	}
	if len(many) == 1 {
		return extractSeps{one: many[0], key: many[0]}, nil
	}
	return extractSeps{many: many, key: strings.Join(many, "\x00")}, nil
}

// extractString is ExtraitChaîne(s, rank [, separator [, direction]]): the rank-th piece
// of s cut at the separator (TAB by default; an array gives several separators, the
// longest one winning where several match), counted from the end with DepuisFin; EOT past
// the last piece. rangPremier, rangSuivant, rangPrécédent and rangDernier walk the pieces of
// one string in turn; the walk starts again when another string or separator is used. A
// rank below 1 that is none of these constants is a fatal error.
func extractString(th *interp.Thread, a []interp.Value) (interp.Value, error) {
	s, rank := a[0].String(), a[1].AsInt()
	seps, err := extractSepsArg(a)
	if err != nil {
		return interp.Null, err
	}
	fromEnd := optionArg(a, 3)&optFromEnd != 0
	st := th.State(extractKey{}, func() any { return &extractState{} }).(*extractState)
	c := st.cutterFor(s, seps)
	w := &st.walk
	if len(w.src) != len(s) || w.key != seps.key || w.src != s {
		w.src, w.key, w.rank = s, seps.key, 0
	}
	switch rank {
	case rankFirst:
		w.rank = 1
	case rankLast:
		w.rank = c.count()
	case rankNext:
		w.rank++
		if _, ok := c.piece(w.rank, fromEnd); !ok {
			// Past the end it stays past the end.
			w.rank = c.count() + 1
		}
	case rankPrevious:
		w.rank = max(w.rank-1, 0)
	default:
		if rank < 1 {
			return interp.Null, fmt.Errorf("ExtraitChaîne: the rank must be at least 1 (or rangPremier, rangSuivant...), not %d", rank)
		}
		return pieceValue(c.piece(int(min(rank, math.MaxInt32)), fromEnd)), nil
	}
	return pieceValue(c.piece(w.rank, fromEnd)), nil
}

// pieceValue is the result of ExtraitChaîne: the piece, or EOT when there is none.
func pieceValue(p string, ok bool) interp.Value {
	if !ok {
		return interp.Str(eot)
	}
	return interp.Str(p)
}
