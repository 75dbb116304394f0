package interp

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sync/atomic"

	"github.com/alecthomas/participle/v2/lexer"
)

// ErrMemoryLimit is the cause of the fatal error raised when a run would hold more memory
// than Options.MaxMemory. Like the step limit, a script cannot catch it.
var ErrMemoryLimit = errors.New("memory limit exceeded")

// How the memory limit works. A run cannot ask Go how much memory its values hold, so it
// counts: every operation that can make memory grow without bound (building a string,
// enlarging an array or an associative array, copying an array into a typed one, reading a
// file...) charges the bytes it is about to allocate with Thread.Alloc, before allocating
// them. Charges only add up: the memory a run frees is not known when it is freed. When
// the charges reach the limit, the run measures what it really holds (liveBytes:
// everything reachable from its globals and the variables of its active calls, each string
// buffer and array counted once) and starts counting again from there; only if that plus
// the allocation asked for is over the limit does the run stop. A loop building garbage
// thus measures once per MaxMemory bytes allocated, and a run near its limit more often.
type memBudget struct {
	limit int64 // 0: no limit
	used  int64 // measured at the last measure, plus what was charged since
	next  int64 // measure when used goes past it
	// pending is what the builtins being called charged: what they build is not reachable
	// from the run's variables yet, so a measure adds it.
	pending int64
}

// Estimated sizes, in bytes, of what holds values.
const (
	valueBytes   = 24 // a Value in a slot or an array
	stringHeader = 48 // a string buffer's header and allocation rounding
	arrayHeader  = 80
	assocEntry   = 96 // per key: the key's header, the map entry, the value
	objectBytes  = 256
)

func (m *memBudget) init(limit int64) {
	m.limit, m.used = limit, 0
	m.next = math.MaxInt64
	if limit > 0 {
		m.next = limit
	}
}

// Alloc charges n bytes a builtin is about to allocate: past the memory limit it raises the
// run's fatal error at the builtin's call.
func (th *Thread) Alloc(n int64) {
	th.mem.pending += n
	if n > th.mem.next-th.mem.used {
		th.allocSlow(th.callFr, th.callPos, 0)
		return
	}
	th.mem.used += n
}

// alloc is Alloc for the interpreter's own operations, at pos in fr.
func (th *Thread) alloc(fr *frame, pos lexer.Position, n int64) {
	if n > th.mem.next-th.mem.used {
		th.allocSlow(fr, pos, n)
		return
	}
	th.mem.used += n
}

// allocSlow measures what the run holds when the charges reached the threshold, and stops
// the run when that and the n bytes asked for are over the limit.
func (th *Thread) allocSlow(fr *frame, pos lexer.Position, n int64) {
	if th.mem.limit == 0 {
		// No limit: only keep the count from overflowing.
		th.mem.used = 0
		return
	}
	if n > th.mem.limit || th.mem.pending > th.mem.limit {
		th.memExceeded(fr, pos)
	}
	live := th.liveBytes(fr)
	th.mem.used = live + th.mem.pending + n
	if th.mem.used > th.mem.limit {
		th.memExceeded(fr, pos)
	}
	// Measure again after a sixteenth of the limit at least: near the limit, a run that
	// keeps allocating small values measures often but not at every allocation.
	th.mem.next = max(th.mem.limit, th.mem.used+th.mem.limit/16)
}

func (th *Thread) memExceeded(fr *frame, pos lexer.Position) {
	th.memOver = true
	th.budget = 0
	if fr == nil {
		fr = &frame{th: th, proc: th.prog.main}
	}
	panic(th.newError(fr, pos, fmt.Sprintf("memory limit of %s exceeded", FormatSize(th.mem.limit)), ErrMemoryLimit))
}

// memPanic is raised by value operations that have no thread at hand (Value.String of an
// array) when what they would build is larger than any run may hold: the run reports it as
// its memory limit.
type memPanic struct {
	limit int64
}

// callSite is where an error raised outside the interpreter's own code happened: at the
// builtin being called if there is one, else at pos in fr.
func (th *Thread) callSite(fr *frame, pos lexer.Position) (*frame, lexer.Position) {
	if th.callFr != nil {
		return th.callFr, th.callPos
	}
	return fr, pos
}

// zeroGlobals gives each global its type's zero value, charged to the memory limit. An
// array declared with dimensions too large for the limit starts empty: its declaration,
// when it runs, raises the error at its position.
func (th *Thread) zeroGlobals() {
	for i, t := range th.prog.globalTypes {
		if n := zeroSize(t); n > 0 {
			if th.mem.limit > 0 && n > th.mem.next-th.mem.used {
				th.globals[i] = ArrayValue(NewArray(t.Elem))
				continue
			}
			th.mem.used += n
		}
		th.globals[i] = t.Zero()
	}
}

// ReadAll reads r to its end like io.ReadAll, charging what it reads to the run's memory:
// a file larger than the memory left, or without end (/dev/zero), stops the run instead of
// exhausting the memory. It stops early, with the context's error, when the run is
// cancelled or out of time.
func (th *Thread) ReadAll(r io.Reader) ([]byte, error) {
	b := make([]byte, 0, 512)
	th.Alloc(int64(cap(b)))
	for {
		if err := th.ctx.Err(); err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			grow := min(max(cap(b), 512), 64<<20)
			th.Alloc(int64(len(b) + grow))
			b = append(b, make([]byte, grow)...)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}

// FormatSize writes a byte count the way --max-memory reads it: "64 MiB", "2 GiB",
// "1536 KiB", "100 bytes".
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Sizer is implemented by library objects (KObject values) that hold much memory, such as
// a message with its attachments: MemSize estimates it in bytes for the memory limit.
// Other objects count as a few hundred bytes.
type Sizer interface {
	MemSize() int64
}

// memWalker adds up the memory of values, each buffer, array, associative array and call
// frame once. It keeps its own stack instead of recursing: a script can nest arrays (or put
// an array inside itself) without bound.
//
// What it met already is marked in the things themselves with the walk's stamp, rather
// than kept in a map as large as what it counts. Two runs may share a value (a constant of
// the program, a value a host gave both): each run's walk then counts it, with its own
// stamp; the marks are atomic so that they may.
type memWalker struct {
	stamp uint32
	seen  map[any]struct{} // objects, which have no mark
	todo  []Value
	total int64
}

// walkMark is the stamp of the last walk that met a string buffer, an array or a frame.
type walkMark struct{ v atomic.Uint32 }

func (th *Thread) newMemWalker() *memWalker {
	// Stamps start at a random value in each run, so that two runs (which may meet the same
	// shared value) do not use the same stamps.
	if th.walkStamp == 0 {
		th.walkStamp = th.rng.Uint32()
	}
	th.walkStamp++
	if th.walkStamp == 0 {
		th.walkStamp++
	}
	return &memWalker{stamp: th.walkStamp}
}

// first marks m and reports whether this walk had not met it yet.
func (w *memWalker) first(m *walkMark) bool {
	if m.v.Load() == w.stamp {
		return false
	}
	m.v.Store(w.stamp)
	return true
}

func (w *memWalker) firstObject(o any) bool {
	if _, ok := w.seen[o]; ok {
		return false
	}
	if w.seen == nil {
		w.seen = map[any]struct{}{}
	}
	w.seen[o] = struct{}{}
	return true
}

// add counts v and what it holds.
func (w *memWalker) add(v Value) {
	w.todo = append(w.todo, v)
	for len(w.todo) > 0 {
		v := w.todo[len(w.todo)-1]
		w.todo = w.todo[:len(w.todo)-1]
		w.one(v)
	}
}

func (w *memWalker) one(v Value) {
	switch v.k {
	case KString, KBuffer:
		if b, ok := v.r.(*strBuf); ok && w.first(&b.mark) {
			w.total += stringHeader + int64(cap(b.b))
		}
	case KArray:
		if a := v.Array(); w.first(&a.mark) {
			w.total += arrayHeader + int64(cap(a.items))*valueBytes
			w.todo = append(w.todo, a.items...)
		}
	case KAssoc:
		if a := v.Assoc(); w.first(&a.mark) {
			w.total += arrayHeader
			for _, k := range a.keys {
				w.total += assocEntry + int64(len(k))
			}
			w.todo = append(w.todo, a.vals...)
		}
	case KTuple:
		w.todo = append(w.todo, v.Tuple()...)
	case KObject:
		if w.firstObject(v.r) {
			if s, ok := v.r.(Sizer); ok {
				w.total += s.MemSize()
			} else {
				w.total += objectBytes
			}
		}
	case KProc:
		if c, ok := v.r.(*closure); ok {
			w.frames(c.up)
		}
	}
}

// frames counts the variables of fr and of the activations it lexically sits in.
func (w *memWalker) frames(fr *frame) {
	for f := fr; f != nil; f = f.up {
		if !w.first(&f.mark) {
			return
		}
		w.total += int64(len(f.slots)) * valueBytes
		for _, v := range f.slots {
			w.add(v)
		}
	}
}

// liveBytes measures what the run holds: its globals, the variables of the active calls
// (fr, the innermost, and its callers), the procedures' slots. Slots past the active
// ones, which keep values of calls that returned alive, are cleared on the way.
func (th *Thread) liveBytes(fr *frame) int64 {
	w := th.newMemWalker()
	w.total += int64(len(th.globals)) * valueBytes
	for _, v := range th.globals {
		w.add(v)
	}
	for i, c := range th.chunks {
		used := len(c)
		switch {
		case i < th.ci:
			used = th.prevSP[i]
		case i == th.ci:
			used = th.sp
		default:
			used = 0
		}
		clear(c[used:])
		w.total += int64(len(c)) * valueBytes
		for _, v := range c[:used] {
			w.add(v)
		}
	}
	for f := fr; f != nil; f = f.caller {
		w.frames(f)
	}
	return w.total
}

// sizeOf is the memory v holds (for an array, with everything in it), as liveBytes counts
// it: what copying it into a typed array allocates at most.
func (th *Thread) sizeOf(v Value) int64 {
	switch v.k {
	case KArray, KAssoc, KObject:
		w := th.newMemWalker()
		w.add(v)
		return w.total
	}
	return 0
}

// ZeroSize is the memory t.Zero() allocates: for an array type with dimensions, its
// elements (Ajoute with no value adds such an element).
func ZeroSize(t *Type) int64 { return zeroSize(t) }

// zeroSize is the memory a new variable of type t takes: for an array declared with its
// dimensions, its elements. The product saturates instead of overflowing.
func zeroSize(t *Type) int64 {
	if t == nil || t.Kind != KArray || len(t.Dims) == 0 {
		return 0
	}
	per := valueBytes + zeroSize(t.Elem)
	n := int64(1)
	for _, d := range t.Dims {
		n = satMul(n, int64(max(d, 0)))
	}
	return satAdd(arrayHeader, satMul(n, per))
}

func satMul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

func satAdd(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// add is a + b (opAdd) with the string it builds, if any, charged to the memory limit.
func (th *Thread) add(fr *frame, pos lexer.Position, a, b Value) (Value, bool) {
	if a.isTextual() || b.isTextual() {
		return th.appendString(fr, pos, a, th.str(fr, pos, b)), true
	}
	return opAdd(a, b)
}

// str is v.String() with the string an array converts to charged first.
func (th *Thread) str(fr *frame, pos lexer.Position, v Value) string {
	if v.k == KArray {
		th.chargeJoin(fr, pos, v.Array())
	}
	return v.String()
}

func (th *Thread) chargeJoin(fr *frame, pos lexer.Position, a *Array) {
	th.alloc(fr, pos, a.JoinSize("\t"))
}

// ToString is v.String() with the string an array converts to charged to the memory limit
// first: for builtins whose parameter may be an array.
func (th *Thread) ToString(v Value) string {
	if v.k == KArray {
		th.Alloc(v.Array().JoinSize("\t"))
	}
	return v.String()
}

// stringSize bounds the length of v.String().
func stringSize(v Value) int64 {
	switch v.k {
	case KString, KBuffer:
		return v.n
	case KArray:
		return v.Array().JoinSize("\t")
	case KNull, KAssoc:
		return 0
	case KObject, KTuple, KProc:
		return int64(len(v.String()))
	}
	return maxScalarString
}

// copyCost is what storing v in an array or a variable of type t copies: an array or an
// associative array stored in a typed one is copied with its content; a variant keeps a
// reference.
func (th *Thread) copyCost(t *Type, v Value) int64 {
	if t == nil {
		return 0
	}
	switch v.k {
	case KArray, KAssoc:
		if t.Kind == KArray || t.Kind == KAssoc {
			return th.sizeOf(v)
		}
	case KObject:
		if t.Kind == KObject {
			return th.sizeOf(v)
		}
	}
	return 0
}

// AllocAppend charges what adding v to a takes (Append, Insert): the element, the larger
// list of elements when a is full, and the copy of v when a makes one (an array added to an
// array of arrays).
func (th *Thread) AllocAppend(a *Array, v Value) {
	th.Alloc(a.growCost(1) + th.copyCost(a.elem, v))
}

// AllocAppends charges what adding n elements of the zero value to a takes.
func (th *Thread) AllocAppends(a *Array, n int64) {
	th.Alloc(satAdd(a.growCost(n), satMul(n, zeroSize(a.elem))))
}

// growCost bounds what adding n elements to a allocates: nothing while they fit, else a
// new list of elements, twice as large (Go grows large lists by less).
func (a *Array) growCost(n int64) int64 {
	need := int64(len(a.items)) + n
	if need <= int64(cap(a.items)) {
		return 0
	}
	return satMul(max(need, 2*int64(cap(a.items))), valueBytes)
}
