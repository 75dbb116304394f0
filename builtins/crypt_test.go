package builtins

import (
	"encoding/hex"
	"testing"
)

// TestAESKnownAnswers checks the AES modes of CrypteStandard against NIST SP 800-38A
// (appendix F.1 ECB, F.2 CBC, first block): with zero padding, one whole block gains no
// padding, so the result is the published cipher text (after the vector in CBC mode).
func TestAESKnownAnswers(t *testing.T) {
	const plain = "6bc1bee22e409f96e93d7e117393172a"
	const iv = "000102030405060708090a0b0c0d0e0f"
	tests := []struct {
		name, key string
		cbc       bool
		want      string
	}{
		{"F.1.1 ECB-AES128", "2b7e151628aed2a6abf7158809cf4f3c", false, "3ad77bb40d7a3660a89ecaf32466ef97"},
		{"F.1.5 ECB-AES256", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", false, "f3eed1bdb5d2a03c064b5a7e3db181f8"},
		{"F.2.1 CBC-AES128", "2b7e151628aed2a6abf7158809cf4f3c", true, iv + "7649abac8119b246cee98e9b12e9197d"},
		{"F.2.5 CBC-AES256", "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4", true, iv + "f58c4c04d6e5f1ba779eabfb5f7bfbd6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, _ := hex.DecodeString(tt.key)
			p, _ := hex.DecodeString(plain)
			fixedIV := func(b []byte) (int, error) { v, _ := hex.DecodeString(iv); return copy(b, v), nil }
			got, err := aesEncrypt(key, p, tt.cbc, false, fixedIV)
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(got) != tt.want {
				t.Errorf("got %x, want %s", got, tt.want)
			}
			back, err := aesDecrypt(key, got, tt.cbc, false)
			if err != nil || hex.EncodeToString(back) != plain {
				t.Errorf("decrypted %x, %v", back, err)
			}
		})
	}
}

// TestAESPadding checks PKCS #7: a whole block of padding after aligned data, and the
// refusal of a buffer whose padding is wrong.
func TestAESPadding(t *testing.T) {
	key := make([]byte, 16)
	zeroIV := func(b []byte) (int, error) { clear(b); return len(b), nil }
	for _, n := range []int{0, 1, 15, 16, 17} {
		data := make([]byte, n)
		enc, err := aesEncrypt(key, data, true, true, zeroIV)
		if err != nil {
			t.Fatal(err)
		}
		if want := 16 + (n/16+1)*16; len(enc) != want {
			t.Errorf("%d bytes: %d encrypted bytes, want %d", n, len(enc), want)
		}
		back, err := aesDecrypt(key, enc, true, true)
		if err != nil || len(back) != n {
			t.Errorf("%d bytes: decrypted %d, %v", n, len(back), err)
		}
	}
	enc, _ := aesEncrypt(key, []byte("abc"), false, true, zeroIV)
	other := make([]byte, 16)
	other[0] = 1
	if _, err := aesDecrypt(other, enc, false, true); err == nil {
		t.Error("a wrong key decrypted without error")
	}
	if _, err := aesDecrypt(key, enc[:15], false, true); err == nil {
		t.Error("a truncated buffer decrypted without error")
	}
}
