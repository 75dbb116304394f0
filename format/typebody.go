package format

// statements calls f with the first index and the end index (its separator, or len(sp))
// of each statement of sp, in order.
func statements(sp []span, f func(first, end int)) {
	for first := 0; first < len(sp); {
		end := first
		for !endOfStatement(sp, end) {
			end++
		}
		f(first, end)
		first = end + 1
	}
}

// typeBody follows the structure and class declarations of a walk over the statements:
// whether a statement opens one, ends it, or stands in its body.
type typeBody struct {
	in     bool // between `X est une Structure/Classe` and its FIN
	nested int  // how many CONSTANTE blocks are open in that body
}

// bodyLine is where a statement stands against the declarations, as typeBody.next says.
type bodyLine int

const (
	outsideBody bodyLine = iota // not in a structure or class declaration
	opensBody                   // `X est une Structure` / `X is a Class`
	closesBlock                 // the FIN/END of the declaration or of a CONSTANTE block in it
	opensConsts                 // the start of a CONSTANTE block in the body
	inBody                      // any other statement of the body (in a CONSTANTE block when nested > 0)
)

// next reads the statement that starts at sp[first] and says where it stands.
func (b *typeBody) next(sp []span, first int) bodyLine {
	switch {
	case isTypeDecl(sp, first):
		b.in, b.nested = true, 0
		return opensBody
	case !b.in:
		return outsideBody
	case kw(sp, first, "FIN", "END"):
		if b.nested > 0 {
			b.nested--
		} else {
			b.in = false
		}
		return closesBlock
	case kw(sp, first, "CONSTANT", "CONSTANTE", "CONSTANTES", "CONSTANTS") && endOfStatement(sp, first+1):
		b.nested++
		return opensConsts
	}
	return inBody
}
