package builtins

import "github.com/wl-lang/wl/interp"

// Values of the email constants. PC SOFT documents only some of them (emailOptionSecuredTLS
// is 2 in compiled WINDEV code); the others are wl's own, distinct so that they can be
// combined where WINDEV combines them (ert* read options).
const (
	// Session options (the Option property and parameter).
	emailOptionDefault   = 0 // plain connection
	emailOptionStartTLS  = 2 // emailProtocolSMTPS / emailOptionSecuredTLS: plain, then STARTTLS
	emailOptionImplicitT = 1 // optionSSL / optionTLS: TLS from the first byte

	// EmailRécupèreTout / EmailGetAll read options.
	ertHeader       = 0
	ertFull         = 1
	ertNotRead      = 2
	ertAsynchronous = 4

	// EmailLitPremier... option: read and unread messages (IMAP reads unread ones by default).
	emailAllMessages = 1

	// EmailEtat / EmailStatus states of a message sent: the three PC SOFT documents.
	emailStatusPending = 1
	emailStatusSent    = 3
	emailStatusError   = 4

	// EmailVérifieAdresse / EmailCheckAddress results.
	emailAddressValid           = 1
	emailAddressIncorrectSyntax = 2
	emailAddressRefused         = 3
	emailAddressError           = 4

	// Priorities (the Priorité / Priority property).
	emailPriorityNormal = 0
	emailPriorityHigh   = 1
	emailPriorityLow    = 2

	// EmailParamètre / EmailConfigure: the one documented parameter, emailParamètreMode, and
	// its values. PC SOFT's seeds document 1, the multi-platform implementation; 0 is the mode
	// WLanguage chooses by itself since version 23 Update 1 (no constant names either value).
	emailParameterMode     = 1
	emailModeAutomatic     = 0
	emailModeMultiPlatform = 1

	// OAuth2Paramètres.TypeRéponse.
	oauth2ResponseTypeCode  = 1
	oauth2ResponseTypeToken = 2
)

// registerEmailConstants adds every email constant under all its names, old ones included.
func registerEmailConstants(r *registrar) {
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	c(emailOptionDefault, "emailOptionDéfaut", "emailOptionDefault")
	c(emailOptionStartTLS, "emailOptionSécuriséTLS", "emailOptionSecuredTLS", "emailProtocolSMTPS", "emailProtocoleSMTPS")
	c(emailOptionImplicitT, "optionSSL", "optionTLS", "emailOptionSSL", "emailOptionTLS")
	r.constant(interp.Bool(true), "emailAsynchrone", "emailAsynchronous")
	r.constant(interp.Bool(false), "emailSynchrone", "emailSynchronous")

	c(ertHeader, "ertEntête", "ertHeader")
	c(ertFull, "ertComplet", "ertFull")
	c(ertNotRead, "ertNonLu", "ertNotRead", "ertNonLus")
	c(ertAsynchronous, "ertAsynchrone", "ertAsynchronous")
	c(emailAllMessages, "emailTout", "emailAll", "emailTous")

	c(emailStatusPending, "emailEnAttente", "emailPending")
	c(emailStatusSent, "emailEnvoyé", "emailSent")
	c(emailStatusError, "emailErreur", "emailError")

	c(emailAddressValid, "emailAdresseValide", "emailAddressValid")
	c(emailAddressIncorrectSyntax, "emailAdresseSyntaxeIncorrecte", "emailAddressIncorrectSyntax")
	c(emailAddressRefused, "emailAdresseRefusée", "emailAddressRefused")
	c(emailAddressError, "emailAdresseErreur", "emailAddressError")

	c(emailPriorityNormal, "emailPrioritéNormale", "emailNormalPriority")
	c(emailPriorityHigh, "emailPrioritéHaute", "emailHighPriority")
	c(emailPriorityLow, "emailPrioritéBasse", "emailLowPriority")

	c(emailParameterMode, "emailParamètreMode", "emailParameterMode")

	c(oauth2ResponseTypeCode, "oauth2TypeRéponseCode", "oauth2ResponseTypeCode")
	c(oauth2ResponseTypeToken, "oauth2TypeRéponseToken", "oauth2ResponseTypeToken")
}
