package interp

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/wl-lang/wl/parser"
)

func (c *compiler) compileWhile(s *parser.WhileStmt) execFn {
	cond := c.compileCond(s.Cond)
	c.enterLoop()
	body := c.compileBlock(s.Body)
	c.leaveLoop()
	pos := s.Pos
	return func(fr *frame) ctl {
		for cond(fr) {
			switch body(fr) {
			case ctlBreak:
				return ctlNext
			case ctlReturn:
				return ctlReturn
			}
			fr.tick(pos)
		}
		return ctlNext
	}
}

func (c *compiler) compileLoop(s *parser.LoopStmt) execFn {
	var count evalFn
	if s.Count != nil {
		count = c.compileExpr(s.Count)
	}
	c.enterLoop()
	body := c.compileBlock(s.Body)
	c.leaveLoop()
	var until func(*frame) bool
	if s.While != nil {
		until = c.compileCond(s.While)
	}
	pos := s.Pos
	return func(fr *frame) ctl {
		n := int64(-1)
		if count != nil {
			n = count(fr).AsInt()
		}
		for i := int64(0); n < 0 || i < n; i++ {
			switch body(fr) {
			case ctlBreak:
				return ctlNext
			case ctlReturn:
				return ctlReturn
			}
			if until != nil && !until(fr) {
				return ctlNext
			}
			fr.tick(pos)
		}
		return ctlNext
	}
}

// loopVar finds or implicitly declares the variable of a POUR/FOR loop.
func (c *compiler) loopVar(name string, t *Type, pos lexer.Position) (*varInfo, int) {
	if t != nil {
		return c.declareLocal(name, t, pos), 0
	}
	if v, depth := c.lookupVar(name); v != nil && !v.isConst {
		return v, depth
	}
	v := c.declareLocal(name, Variant, pos)
	v.implicit = true
	return v, 0
}

func (c *compiler) compileFor(s *parser.ForStmt) execFn {
	var vt *Type
	if s.VarType != nil {
		vt = c.resolveType(s.VarType)
	}
	v, depth := c.loopVar(s.Var, vt, s.Pos)
	from, to := c.compileExpr(s.From), c.compileExpr(s.To)
	var step evalFn
	if s.Step != nil {
		step = c.compileExpr(s.Step)
	}
	// "_À_" evaluates the bound once; "À" evaluates it at every turn.
	once := strings.HasPrefix(s.Eval, "_")
	load := loadVar(v, depth)
	store := c.storeVar(v, depth, s.Pos)
	c.enterLoop()
	body := c.compileBlock(s.Body)
	c.leaveLoop()
	pos := s.Pos
	if depth == 0 && (v.typ == nil || (v.typ.Kind == KInt && v.typ.Bits >= 32 && !v.typ.Unsig)) {
		return c.fastFor(v, from, to, step, once, body, pos)
	}
	return func(fr *frame) ctl {
		st := Int(1)
		if step != nil {
			st = step(fr).ToNumber()
		}
		end := to(fr).ToNumber()
		store(fr, from(fr).ToNumber())
		down := st.AsFloat() < 0
		for {
			if !once {
				end = to(fr).ToNumber()
			}
			cur := load(fr).ToNumber()
			cmp, _ := compare(cur, end)
			if (!down && cmp > 0) || (down && cmp < 0) {
				return ctlNext
			}
			switch body(fr) {
			case ctlBreak:
				return ctlNext
			case ctlReturn:
				return ctlReturn
			}
			fr.tick(pos)
			next, _ := opAdd(load(fr).ToNumber(), st)
			store(fr, next)
		}
	}
}

// fastFor runs a loop whose variable is an integer (or implicit) variable of the current
// procedure or a global, with integer bounds.
func (c *compiler) fastFor(v *varInfo, from, to, step evalFn, once bool, body execFn, pos lexer.Position) execFn {
	slot := v.slot
	global := v.global
	bits := 64
	if v.typ != nil {
		bits = v.typ.Bits
	}
	return func(fr *frame) ctl {
		// The slots of the frame or the globals: neither moves while the loop runs.
		vars := fr.slots
		if global {
			vars = fr.th.globals
		}
		st := int64(1)
		if step != nil {
			sv := step(fr)
			if sv.k != KInt {
				sv = sv.ToNumber()
				if sv.k != KInt {
					sv = Int(sv.AsInt())
				}
			}
			st = sv.n
		}
		ev := to(fr)
		fv := from(fr)
		if ev.k != KInt || fv.k != KInt {
			ev, fv = Int(ev.AsInt()), Int(fv.AsInt())
		}
		end := ev.n
		vars[slot] = Int(fv.n)
		th := fr.th
		for {
			if !once {
				e := to(fr)
				if e.k != KInt {
					e = Int(e.AsInt())
				}
				end = e.n
			}
			cur := vars[slot]
			if cur.k != KInt {
				cur = Int(cur.AsInt())
			}
			if (st >= 0 && cur.n > end) || (st < 0 && cur.n < end) {
				return ctlNext
			}
			switch body(fr) {
			case ctlBreak:
				return ctlNext
			case ctlReturn:
				return ctlReturn
			}
			th.budget--
			if th.budget <= 0 {
				th.slowTick(fr, pos)
			}
			cur = vars[slot]
			if cur.k != KInt {
				cur = Int(cur.AsInt())
			}
			vars[slot] = Int(wrapInt(cur.n+st, bits, false))
		}
	}
}

func (c *compiler) compileForEach(s *parser.ForEachStmt) execFn {
	src := c.compileExpr(s.Source)
	var sets []setFn
	for _, n := range s.Vars {
		v, depth := c.loopVar(n, nil, s.Pos)
		sets = append(sets, c.storeVar(v, depth, s.Pos))
	}
	c.enterLoop()
	body := c.compileBlock(s.Body)
	c.leaveLoop()
	pos := s.Pos
	run := func(fr *frame, vals ...Value) (stop bool, r ctl) {
		for i, set := range sets {
			if i < len(vals) {
				set(fr, vals[i])
			}
		}
		switch body(fr) {
		case ctlBreak:
			return true, ctlNext
		case ctlReturn:
			return true, ctlReturn
		}
		fr.tick(pos)
		return false, ctlNext
	}
	return func(fr *frame) ctl {
		v := src(fr)
		switch v.k {
		case KArray:
			a := v.Array()
			for i := 0; i < len(a.items); i++ {
				if stop, r := run(fr, a.items[i], Int(int64(i+1))); stop {
					return r
				}
			}
			return ctlNext
		case KAssoc:
			a := v.Assoc()
			for i := 0; i < len(a.keys); i++ {
				var vals []Value
				if len(sets) >= 3 {
					vals = []Value{a.vals[i], a.KeyValue(i), Int(int64(i + 1))}
				} else {
					vals = []Value{a.vals[i], a.KeyValue(i)}
				}
				if stop, r := run(fr, vals...); stop {
					return r
				}
			}
			return ctlNext
		case KObject:
			if it, ok := v.r.(KeyedIterable); ok {
				next, err := it.IterateKeyed(fr.th)
				if err != nil {
					fr.th.raise(fr, pos, err)
				}
				for i := 1; ; i++ {
					item, key, ok := next()
					if !ok {
						return ctlNext
					}
					second := Int(int64(i))
					if !key.IsNull() {
						second = key
					}
					if stop, r := run(fr, item, second, Int(int64(i))); stop {
						return r
					}
				}
			}
			if it, ok := v.r.(Iterable); ok {
				next, err := it.Iterate(fr.th)
				if err != nil {
					fr.th.raise(fr, pos, err)
				}
				for i := 1; ; i++ {
					item, ok := next()
					if !ok {
						return ctlNext
					}
					if stop, r := run(fr, item, Int(int64(i))); stop {
						return r
					}
				}
			}
		case KString:
			// POUR TOUT on a string walks its characters.
			i := 0
			for _, r := range v.String() {
				i++
				if stop, res := run(fr, Str(string(r)), Int(int64(i))); stop {
					return res
				}
			}
			return ctlNext
		case KNull:
			return ctlNext
		}
		fr.th.fatalf(fr, pos, "POUR TOUT cannot walk %s", describeKind(v))
		return ctlNext
	}
}

func (c *compiler) compileForEachString(s *parser.ForEachStringStmt) execFn {
	src, sep := c.compileExpr(s.Source), c.compileExpr(s.Separator)
	v, depth := c.loopVar(s.Var, nil, s.Pos)
	set := c.storeVar(v, depth, s.Pos)
	c.enterLoop()
	body := c.compileBlock(s.Body)
	c.leaveLoop()
	pos := s.Pos
	return func(fr *frame) ctl {
		text, sp := src(fr).String(), sep(fr).String()
		var parts []string
		if sp == "" {
			parts = []string{text}
		} else {
			parts = strings.Split(text, sp)
		}
		for _, p := range parts {
			set(fr, Str(p))
			switch body(fr) {
			case ctlBreak:
				return ctlNext
			case ctlReturn:
				return ctlReturn
			}
			fr.tick(pos)
		}
		return ctlNext
	}
}
