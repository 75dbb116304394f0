module github.com/wl-lang/wl/bench

go 1.26.8

replace github.com/wl-lang/wl => ../

require (
	github.com/d5/tengo/v2 v2.17.0
	github.com/wl-lang/wl v0.0.0-00010101000000-000000000000
	github.com/yuin/gopher-lua v1.1.2
)

require (
	github.com/alecthomas/participle/v2 v2.1.4 // indirect
	github.com/emersion/go-imap/v2 v2.0.0-beta.9 // indirect
	github.com/emersion/go-message v0.18.2 // indirect
	github.com/emersion/go-sasl v0.0.0-20241020182733-b788ff22d5a6 // indirect
	github.com/emersion/go-smtp v0.25.1 // indirect
	github.com/smallstep/pkcs7 v0.2.3 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/oauth2 v0.38.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.44.0 // indirect
	software.sslmate.com/src/go-pkcs12 v0.7.4 // indirect
)

replace github.com/alecthomas/participle/v2 => ../third_party/participle

replace github.com/emersion/go-imap/v2 => ../third_party/go-imap

replace github.com/emersion/go-smtp => ../third_party/go-smtp
