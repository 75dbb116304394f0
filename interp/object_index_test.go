package interp

import (
	"sync"
	"testing"
)

// TestTypeIndexedOnFirstUse checks that registering a type does not index its members, and
// that the first lookups, from several goroutines at once (run with -race), do.
func TestTypeIndexedOnFirstUse(t *testing.T) {
	ty := &ObjectType{Name: "Boîte", Names: []string{"Boîte", "Box"},
		Props:   []*Property{{Names: []string{"Hauteur", "Height"}}},
		Methods: []*Method{{Names: []string{"Vide", "Empty"}}}}
	lib := NewLibrary()
	if err := lib.AddType(ty); err != nil {
		t.Fatal(err)
	}
	if ty.props != nil || ty.methods != nil {
		t.Fatal("AddType indexed the members")
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if lib.Type("box").Property("HEIGHT") == nil || ty.Method("vide") == nil || ty.Property("Largeur") != nil {
				t.Error("wrong member lookup")
			}
		}()
	}
	wg.Wait()
	if ty.props == nil {
		t.Error("lookups did not index the members")
	}
}
