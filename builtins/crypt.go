package builtins

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"

	"github.com/wl-lang/wl/interp"
)

// Parameters of CrypteStandard / DécrypteStandard. crypteAES128, crypteECB, crypteCBC and the
// two paddings have the values of WINDEV Mobile's Java runtime (fr.pcsoft.wdjava.crypto.i:
// algorithm 1 is AES with a 16-byte key, mode 1 ECB and 2 CBC, padding 1 PKCS #5/#7 and 2
// zeros); that runtime has no AES-192 or AES-256, whose values are wl's own.
const (
	cryptAES128 = 1   // crypteAES128 / cryptAES128: AES with a 16-byte key, the default
	cryptAES192 = 192 // crypteAES192 / cryptAES192: AES with a 24-byte key
	cryptAES256 = 256 // crypteAES256 / cryptAES256: AES with a 32-byte key

	cryptECB = 1 // crypteECB / cryptECB: each block on its own, no initialization vector
	cryptCBC = 2 // crypteCBC / cryptCBC: cipher block chaining, the default

	cryptPaddingPKCS = 1 // cryptePaddingPKCS / cryptPaddingPKCS: PKCS #7, the default
	cryptPaddingZero = 2 // cryptePaddingZéro / cryptPaddingZero: zero bytes up to a whole block
)

func registerCrypt(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(cryptAES128, "crypteAES128", "cryptAES128")
	c(cryptAES192, "crypteAES192", "cryptAES192")
	c(cryptAES256, "crypteAES256", "cryptAES256")
	c(cryptCBC, "crypteCBC", "cryptCBC")
	c(cryptECB, "crypteECB", "cryptECB")
	c(cryptPaddingPKCS, "cryptePaddingPKCS", "cryptPaddingPKCS")
	c(cryptPaddingZero, "cryptePaddingZéro", "cryptPaddingZero")
	r.fn(&interp.Builtin{Names: []string{"CrypteStandard", "EncryptStandard"}, MinArgs: 2, MaxArgs: 5, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return cryptStandard(th, "CrypteStandard", a, true)
		}})
	r.fn(&interp.Builtin{Names: []string{"DécrypteStandard", "DecryptStandard"}, MinArgs: 2, MaxArgs: 5, CanFail: true,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			return cryptStandard(th, "DécrypteStandard", a, false)
		}})
	// Crypte / Décrypte write PC SOFT's own formats (crypteRapide, crypteSécurisé...),
	// which are not documented: wl refuses them rather than write bytes WINDEV would not
	// read.
	for _, names := range [][]string{{"Crypte", "Crypt"}, {"Décrypte", "Decrypt"}} {
		name := names[0]
		r.fn(&interp.Builtin{Names: names, MaxArgs: -1,
			Fn: func(*interp.Thread, []interp.Value) (interp.Value, error) {
				return interp.Null, fmt.Errorf("%s: PC SOFT's encryption format is not documented: not supported by wl (CrypteStandard / DécrypteStandard use AES)", name)
			}})
	}
}

// cryptStandard is CrypteStandard(data, key [, algorithm [, mode [, padding]]]) and
// DécrypteStandard(encrypted, key [, algorithm [, mode [, padding]]]), with the defaults of
// WINDEV Mobile's runtime: crypteAES128, crypteCBC, PKCS padding.
//
// The layout is the one PC SOFT documents for DécrypteStandard: in CBC mode the buffer is
// the 16-byte initialization vector (drawn at random for each call) followed by the
// encrypted blocks; in ECB mode there is no vector. The key is a buffer (or a string, as its
// bytes): as the Java runtime does, a key of another size than the algorithm's is cut or
// completed with zero bytes (HashChaîne(HA_MD5_128, ...) makes a 16-byte key, HA_SHA_256 a
// 32-byte one). Zero padding is not removed by DécrypteStandard (the runtime decrypts it
// with "NoPadding"): the data comes back with its zero bytes. A corrupt buffer or a wrong
// key give an empty buffer and set ErreurDétectée.
func cryptStandard(th *interp.Thread, fn string, a []interp.Value, encrypt bool) (interp.Value, error) {
	alg := int64(cryptAES128)
	if len(a) > 2 && !a[2].IsNull() {
		alg = a[2].AsInt()
	}
	size := 0
	switch alg {
	case cryptAES128:
		size = 16
	case cryptAES192, cryptAES256:
		size = int(alg / 8)
	default:
		return interp.Null, fmt.Errorf("%s: %d is not an algorithm wl supports (crypteAES128, crypteAES192, crypteAES256)", fn, alg)
	}
	mode, padding := int64(cryptCBC), int64(cryptPaddingPKCS)
	if len(a) > 3 && !a[3].IsNull() {
		mode = a[3].AsInt()
	}
	if len(a) > 4 && !a[4].IsNull() {
		padding = a[4].AsInt()
	}
	if mode != cryptCBC && mode != cryptECB {
		return interp.Null, fmt.Errorf("%s: %d is not a mode wl supports (crypteCBC, crypteECB)", fn, mode)
	}
	if padding != cryptPaddingPKCS && padding != cryptPaddingZero {
		return interp.Null, fmt.Errorf("%s: %d is not a padding wl supports (cryptePaddingPKCS, cryptePaddingZéro)", fn, padding)
	}
	key := make([]byte, size)
	copy(key, a[1].BufferBytes())
	var out []byte
	var err error
	if encrypt {
		out, err = aesEncrypt(key, a[0].BufferBytes(), mode == cryptCBC, padding == cryptPaddingPKCS, rand.Reader.Read)
	} else {
		out, err = aesDecrypt(key, a[0].BufferBytes(), mode == cryptCBC, padding == cryptPaddingPKCS)
	}
	if err != nil {
		th.SetError(interp.ErrorInfo{Message: fn + ": " + err.Error()})
		return interp.Buffer(nil), nil
	}
	return interp.Buffer(out), nil
}

// aesEncrypt pads data and encrypts it; in CBC mode the result starts with the vector that
// readIV fills.
func aesEncrypt(key, data []byte, cbc, pkcs bool, readIV func([]byte) (int, error)) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	n := bs - len(data)%bs
	if !pkcs && n == bs {
		n = 0
	}
	pad := byte(n)
	if !pkcs {
		pad = 0
	}
	plain := append(append([]byte(nil), data...), bytes.Repeat([]byte{pad}, n)...)
	if !cbc {
		out := make([]byte, len(plain))
		for i := 0; i < len(plain); i += bs {
			block.Encrypt(out[i:i+bs], plain[i:i+bs])
		}
		return out, nil
	}
	out := make([]byte, bs+len(plain))
	if _, err := readIV(out[:bs]); err != nil {
		return nil, err
	}
	cipher.NewCBCEncrypter(block, out[:bs]).CryptBlocks(out[bs:], plain)
	return out, nil
}

var errCorrupt = errors.New("the encrypted buffer is corrupt, or the key or the parameters are not those it was encrypted with")

// aesDecrypt reverses aesEncrypt.
func aesDecrypt(key, data []byte, cbc, pkcs bool) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	bs := block.BlockSize()
	if cbc {
		if len(data) <= bs {
			return nil, errCorrupt
		}
		iv := data[:bs]
		data = data[bs:]
		if len(data)%bs != 0 {
			return nil, errCorrupt
		}
		out := make([]byte, len(data))
		cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
		return unpad(out, bs, pkcs)
	}
	if len(data)%bs != 0 {
		return nil, errCorrupt
	}
	out := make([]byte, len(data))
	for i := 0; i < len(data); i += bs {
		block.Decrypt(out[i:i+bs], data[i:i+bs])
	}
	return unpad(out, bs, pkcs)
}

func unpad(b []byte, bs int, pkcs bool) ([]byte, error) {
	if !pkcs {
		return b, nil
	}
	if len(b) == 0 {
		return nil, errCorrupt
	}
	n := int(b[len(b)-1])
	if n == 0 || n > bs || n > len(b) {
		return nil, errCorrupt
	}
	for _, c := range b[len(b)-n:] {
		if int(c) != n {
			return nil, errCorrupt
		}
	}
	return b[:len(b)-n], nil
}
