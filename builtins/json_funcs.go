package builtins

import (
	"errors"
	"fmt"

	"github.com/wl-lang/wl/interp"
)

// newJSONObject is an empty JSON object of type t: what a Null variant becomes when a member
// is assigned to it.
func newJSONObject(t *interp.ObjectType) interp.DynamicMembers {
	return &jsonValue{typ: t, node: &jsonNode{kind: jObject}}
}

// registerJSON adds the JSON type, JSONVersVariant and VariantVersJSON, and makes a Null
// variant that receives a member (`v.nom = "x"`) a JSON object.
func registerJSON(r *registrar) {
	t := newJSONType()
	r.typ(t)
	registerSerialize(r, t)
	r.lib.SetDynamicObject(func() interp.DynamicMembers { return newJSONObject(t) })
	// JSONVersVariant(<texte>) reads a JSON document: null, a boolean, a number or a string
	// give the plain value, an object or an array a value whose members (v.nom, v["nom"]),
	// elements (v.tab[1]) and ..Existe / ..Occurrence are read as those of a JSON variable.
	// Text that is not JSON stops the script with an error the script can catch with QUAND
	// EXCEPTION, as the WINDEV runtime raises one.
	r.fn(&interp.Builtin{Names: []string{"JSONVersVariant", "JSONToVariant"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			n, err := parseJSON(a[0].BufferBytes())
			if err != nil {
				return interp.Null, fmt.Errorf("%w: %v", errNotJSON, err)
			}
			return (&jsonValue{typ: t}).wrap(n), nil
		}})
	// VariantVersJSON(<valeur>) writes a value as compact JSON (members in their order,
	// UTF-8): a JSON value, a variant built member by member, an array, an associative
	// array, or a plain value.
	r.fn(&interp.Builtin{Names: []string{"VariantVersJSON", "VariantToJSON"}, MinArgs: 1, MaxArgs: 1,
		Fn: func(_ *interp.Thread, a []interp.Value) (interp.Value, error) {
			s, err := jsonText(a[0])
			if err != nil {
				return interp.Null, fmt.Errorf("VariantVersJSON: %v", err)
			}
			return interp.Str(s), nil
		}})
	// ChaîneVersJSON appears in published scripts, but the PC SOFT help wl follows does not
	// document what it returns (nor its English name): it stops the script rather than guess.
	r.fn(&interp.Builtin{Names: []string{"ChaîneVersJSON"}, MinArgs: 0, MaxArgs: -1,
		Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) {
			return interp.Null, errors.New("ChaîneVersJSON is not supported: its behaviour is not documented; " +
				"assign the string to a JSON variable (j est un JSON = s) or use JSONVersVariant")
		}})
}
