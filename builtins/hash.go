package builtins

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"fmt"
	"hash"
	"io"
	"os"

	"github.com/wl-lang/wl/interp"
)

// hashAlgo is an HA_* constant of HashChaîne / HashFichier: the Go hash behind it, whether
// it is the HMAC form (which takes a key), or, for the algorithms wl does not have, nil.
type hashAlgo struct {
	names []string
	newFn func() hash.Hash
	hmac  bool
}

// hashAlgoTable lists the HA_* constants; the value of each is its index plus one (wl's own
// numbering: scripts use the names). HA_DJB2_*, HA_MD4 and HA_MURMUR_* are documented by
// PC SOFT but not implemented: their result's byte layout (DJB2, MurmurHash) is not
// documented, and MD4 is obsolete and absent from Go's standard library.
func hashAlgoTable() []hashAlgo {
	return []hashAlgo{
		{names: []string{"HA_MD5_128"}, newFn: md5.New},
		{names: []string{"HA_SHA_160"}, newFn: sha1.New},
		{names: []string{"HA_SHA_256"}, newFn: sha256.New},
		{names: []string{"HA_SHA_384"}, newFn: sha512.New384},
		{names: []string{"HA_SHA_512"}, newFn: sha512.New},
		{names: []string{"HA_SHA3_224"}, newFn: func() hash.Hash { return sha3.New224() }},
		{names: []string{"HA_SHA3_256"}, newFn: func() hash.Hash { return sha3.New256() }},
		{names: []string{"HA_SHA3_384"}, newFn: func() hash.Hash { return sha3.New384() }},
		{names: []string{"HA_SHA3_512"}, newFn: func() hash.Hash { return sha3.New512() }},
		{names: []string{"HA_HMAC_MD5_128"}, newFn: md5.New, hmac: true},
		{names: []string{"HA_HMAC_SHA_160"}, newFn: sha1.New, hmac: true},
		{names: []string{"HA_HMAC_SHA_256"}, newFn: sha256.New, hmac: true},
		{names: []string{"HA_HMAC_SHA_384"}, newFn: sha512.New384, hmac: true},
		{names: []string{"HA_HMAC_SHA_512"}, newFn: sha512.New, hmac: true},
		{names: []string{"HA_HMAC_SHA3_224"}, newFn: func() hash.Hash { return sha3.New224() }, hmac: true},
		{names: []string{"HA_HMAC_SHA3_256"}, newFn: func() hash.Hash { return sha3.New256() }, hmac: true},
		{names: []string{"HA_HMAC_SHA3_384"}, newFn: func() hash.Hash { return sha3.New384() }, hmac: true},
		{names: []string{"HA_HMAC_SHA3_512"}, newFn: func() hash.Hash { return sha3.New512() }, hmac: true},
		{names: []string{"HA_DJB2_32"}},
		{names: []string{"HA_DJB2_64"}},
		{names: []string{"HA_MD4"}},
		{names: []string{"HA_MURMUR_1"}},
		{names: []string{"HA_MURMUR_2"}},
	}
}

func registerHash(r *registrar) {
	algos := hashAlgoTable()
	for i, h := range algos {
		r.constant(interp.Int(int64(i+1)), h.names...)
	}
	r.fn(&interp.Builtin{Names: []string{"HashChaîne", "HashString"}, MinArgs: 2, MaxArgs: 3,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			h, err := newHash(algos, "HashChaîne", a)
			if err != nil {
				return interp.Null, err
			}
			h.Write(a[1].BufferBytes())
			return interp.Buffer(h.Sum(nil)), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"HashVérifieChaîne", "HashCheckString"}, MinArgs: 3, MaxArgs: 4,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			args := []interp.Value{a[0], a[1]}
			if len(a) > 3 {
				args = append(args, a[3])
			}
			h, err := newHash(algos, "HashVérifieChaîne", args)
			if err != nil {
				return interp.Null, err
			}
			h.Write(a[1].BufferBytes())
			return interp.Bool(hmac.Equal(h.Sum(nil), a[2].BufferBytes())), nil
		}})
	r.fn(&interp.Builtin{Names: []string{"HashFichier", "HashFile"}, MinArgs: 2, MaxArgs: 3, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			h, err := newHash(algos, "HashFichier", a)
			if err != nil {
				return interp.Null, err
			}
			f, err := os.Open(osPath(th, a[1].String()))
			if err == nil {
				_, err = io.Copy(h, f)
				f.Close()
			}
			if err != nil {
				fileError(th, "cannot read the file "+a[1].String(), err)
				return interp.Buffer(nil), nil
			}
			return interp.Buffer(h.Sum(nil)), nil
		}})
}

// newHash returns the hash that HashChaîne(algorithm, data [, key]) asks for. A string is
// hashed as its UTF-8 bytes (wl's strings are Unicode; ChaîneVersUTF8 gives the same
// bytes), a buffer as it is. The HA_HMAC_* algorithms need the key (RFC 2104), the others
// take none. An unknown or unsupported algorithm is a fatal error.
func newHash(algos []hashAlgo, fn string, a []interp.Value) (hash.Hash, error) {
	n := a[0].AsInt()
	if n < 1 || n > int64(len(algos)) {
		return nil, fmt.Errorf("%s: %d is not a hash algorithm (HA_MD5_128, HA_SHA_256, HA_HMAC_SHA_256...)", fn, n)
	}
	algo := algos[n-1]
	switch {
	case algo.newFn == nil:
		return nil, fmt.Errorf("%s: %s is not supported by wl (HA_MD5_128, HA_SHA_160, HA_SHA_256, HA_SHA_384, HA_SHA_512, HA_SHA3_* and their HA_HMAC_* forms are)", fn, algo.names[0])
	case algo.hmac && len(a) < 3:
		return nil, fmt.Errorf("%s: %s needs the key as 3rd parameter", fn, algo.names[0])
	case !algo.hmac && len(a) > 2:
		return nil, fmt.Errorf("%s: %s takes no key (the HA_HMAC_* algorithms do)", fn, algo.names[0])
	case algo.hmac:
		return hmac.New(algo.newFn, a[2].BufferBytes()), nil
	}
	return algo.newFn(), nil
}
