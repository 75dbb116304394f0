package builtins

import (
	"github.com/wl-lang/wl/interp"
)

// unavailableFuncs lists, by reason, the user-interface, database and Windows functions that
// published WINDEV code calls, each with its French and English names. Outside a WINDEV
// application they have no window, control, data file or system service to act on: calling
// one is a fatal error that says so (never "unknown identifier"), and scripts naming them
// still compile. The functions with a console
// meaning are in registerUI.
//
// OuiNon / YesNo, Confirmer and Dialogue stay unavailable: answering in the user's place
// (Faux, or the first button) could take a branch the script's author never meant for an
// unattended run.
func unavailableFuncs() []struct {
	reason string
	funcs  [][]string
} {
	const (
		noWindow  = "there are no windows in a script"
		noControl = "there are no controls in a script"
	)
	return []struct {
		reason string
		funcs  [][]string
	}{
		{noWindow, [][]string{
			{"Ouvre", "Open"}, {"OuvreFille", "OpenChild"}, {"OuvreSoeur", "OpenSister"},
			{"OuvreFenêtreMobile", "OpenMobileWindow"},
		}},
		{noWindow, [][]string{{"Ferme", "Close"}}},
		{noWindow, [][]string{{"RepriseSaisie", "ReturnToCapture"}}},
		{noWindow, [][]string{
			{"EcranVersFichier", "ScreenToFile"}, {"FichierVersEcran", "FileToScreen"},
			{"EcranVersSource", "ScreenToSource"}, {"SourceVersEcran", "SourceToScreen"},
		}},
		{noWindow, [][]string{{"EnumèreChamp", "EnumControl"}, {"ExécuteTraitement", "ExecuteProcess"}}},
		{noControl, [][]string{
			{"LooperAjouteLigne", "LooperAddLine"}, {"LooperAjoute", "LooperAdd"},
			{"LooperSupprimeTout", "LooperDeleteAll"}, {"LooperAffiche", "LooperDisplay"},
		}},
		{noControl, [][]string{
			{"TableAjouteLigne", "TableAddLine"}, {"TableAjoute", "TableAdd"},
			{"TableSupprimeTout", "TableDeleteAll"}, {"TableAffiche", "TableDisplay"},
			{"TableSupprime", "TableDelete"}, {"TableOccurrence", "TableCount"},
		}},
		{noControl, [][]string{
			{"ListeAjoute", "ListAdd"}, {"ListeCherche", "ListSeek"},
			{"ListeSelectPlus", "ListSelectPlus"}, {"ListeSupprimeTout", "ListDeleteAll"},
			{"ListeOccurrence", "ListCount"},
		}},
		{noControl, [][]string{{"RTFInsère", "RTFInsert"}, {"RTFSélection", "RTFSelection"}}},
		{noControl, [][]string{
			{"RadioBoutonOccurrence", "RadioButtonCount"},
			{"RadioBoutonSupprime", "RadioButtonDelete"}, {"RadioBoutonAjoute", "RadioButtonAdd"},
		}},
		{noControl, [][]string{{"PoliceListe", "FontList"}, {"gPolice", "gFont"}, {"gLien", "gLink"}, {"gImage"}}},
		{"there is no file dialog in a script", [][]string{
			{"fSélecteur", "fSelect"}, {"fSélecteurRépertoire", "fDirSelect"},
			{"fSélecteurImage", "fImageSelect"},
		}},
		{"there is nobody to answer a dialog box in a script", [][]string{
			{"OuiNon", "YesNo"}, {"Confirmer", "Confirm"}, {"Dialogue", "Dialog"}, {"Saisie", "Input"},
		}},
		{"there is no clipboard in a script", [][]string{{"VersPressePapier", "ToClipboard"}, {"PressePapier", "Clipboard"}}},
		{"there is no mail application to open in a script", [][]string{{"EmailLanceAppli", "EmailRunApp"}, {"EmailOuvreMessagerie", "EmailOpenMail"}}},
		{"Lotus Notes is a Windows client library wl cannot load; use an IMAP or POP3 session", [][]string{
			{"EmailOuvreSessionNotes", "EmailStartNotesSession"}, {"EmailCherchePremierNotes", "EmailSeekFirstNotes"},
		}},
		{"Outlook and MS Exchange (MAPI) exist only on Windows with Outlook installed; use an SMTP, POP3 or IMAP session", [][]string{
			{"EmailOuvreSessionOutlook", "EmailStartOutlookSession"},
		}},
		{"there is no default mail application whose architecture to tell", [][]string{{"EmailAppGetArchitecture"}}},
		{"wl has no Windows certificate store: read the certificate from a file with CertificatCharge", [][]string{
			{"CertificatListe", "CertificateList"}, {"CertificatSélectionne", "CertificateSelect"},
		}},
		{"remote access (RAS dial-up) is not available on this platform", [][]string{{"NetOuvreAccèsDistant", "NetOpenRemoteAccess"}, {"NetFermeAccèsDistant", "NetCloseRemoteAccess"}}},
		{"HFSQL data files are not available in wl", [][]string{
			{"HAjoute", "HAdd"}, {"HModifie", "HModify"}, {"HLitPremier", "HReadFirst"},
			{"HLitSuivant", "HReadNext"}, {"HEnDehors", "HOut"}, {"HLitRecherche", "HReadSeek"},
			{"HLitRecherchePremier", "HReadSeekFirst"}, {"HSupprime", "HDelete"},
			{"HCréationSiInexistant", "HCreationIfNotFound"}, {"HMode"},
			{"HDécritTrigger", "HDescribeTrigger"}, {"HErreurInfo", "HErrorInfo"},
			{"HExécuteRequête", "HExecuteQuery"}, {"HExécuteRequêteSQL", "HExecuteSQLQuery"},
			{"HListeFichier", "HListFile"}, {"HOuvreConnexion", "HOpenConnection"},
			{"HDécritConnexion", "HDescribeConnection"}, {"HRAZ", "HReset"}, {"HTrouve", "HFound"},
			{"HNbEnr", "HNbRec"}, {"HFerme", "HClose"},
		}},
		{"the Windows registry is not available", [][]string{
			{"RegistreLit", "RegistryQueryValue"}, {"RegistreEcrit", "RegistrySetValue"},
			{"RegistreCréeClé", "RegistryCreateKey"}, {"RegistreSupprimeClé", "RegistryDeleteKey"},
		}},
		{"sockets are not available in wl", [][]string{
			{"SocketConnecte", "SocketConnect"}, {"SocketEcrit", "SocketWrite"},
			{"SocketLit", "SocketRead"}, {"SocketFerme", "SocketClose"},
			{"SocketExiste", "SocketExist"}, {"SocketCrée", "SocketCreate"},
			{"SocketAttendConnexion", "SocketWaitForConnection"}, {"SocketAccepte", "SocketAccept"},
		}},
		{"DLLs cannot be called", [][]string{{"AppelDLL32", "CallDLL32"}, {"API"}, {"ChargeDLL", "LoadDLL"}}},
		{"threads and timers are not available in wl", [][]string{
			{"ThreadExécute", "ThreadExecute"}, {"ThreadMode"}, {"ThreadAttend", "ThreadWait"},
			{"FinAutomatismeProcédure", "EndAutomatedProcedure"}, {"SignalModifie", "SignalModify"},
			{"SignalAttend", "SignalWait"}, {"SignalCrée", "SignalCreate"},
		}},
		{"Python is not available in wl", [][]string{{"PythonInitialise", "PythonInitialize"}, {"PythonExécute", "PythonExecute"}}},
		{"there is no WINDEV project or device directory", [][]string{
			{"ProjetInfo", "ProjectInfo"}, {"SysRep", "SysDir"},
			{"SysRepStockageExterne", "SysExternalStorageDir"},
		}},
		{"OpenID is not available in wl", [][]string{{"OpenIDLitIdentité", "OpenIDReadIdentity"}}},
		{"telephony (TAPI) is not available in wl", [][]string{
			{"tapiCompose", "tapiDial"}, {"tapiRaccroche", "tapiHangUp"}, {"tapiRépond", "tapiAnswer"},
		}},
		{"XML functions are not available in wl", [][]string{
			{"XMLExécuteXPath", "XMLExecuteXPath"}, {"XMLDocument"},
			{"XMLExtraitChaîne", "XMLExtractString"}, {"XMLTermine", "XMLClose"},
		}},
		{"printing is not available in wl", [][]string{{"Imprime", "Print"}, {"iImprimeEtat", "iPrintReport"}, {"iAperçu", "iPreview"}}},
	}
}

// registerUI registers the unavailable functions and the interface functions that mean
// something in a script: ToastAffiche / ToastDisplay and Message write their message on
// standard output; ErreurAsynchrone writes on standard error like Erreur; Bip / Beep and
// SablierAffiche / HourGlass do nothing; InfoConstruit and ErreurConstruit are Info and
// Erreur of ChaîneConstruit.
func registerUI(r *registrar) {
	for _, u := range unavailableFuncs() {
		for _, names := range u.funcs {
			r.fn(&interp.Builtin{Names: names, MaxArgs: -1, Unavailable: u.reason})
		}
	}
	c := func(v int64, names ...string) { r.constant(interp.Int(v), names...) }
	// Parameters of ToastAffiche (duration, vertical and horizontal position): accepted and
	// ignored.
	c(0, "toastCourt", "toastShort")
	c(1, "toastLong")
	c(0, "cvHaut", "cvTop")
	c(1, "cvMilieu", "cvCenter")
	c(2, "cvBas", "cvBottom")
	c(0, "chGauche", "chLeft")
	c(1, "chCentre", "chCenter")
	c(2, "chDroite", "chRight")
	r.fn(&interp.Builtin{Names: []string{"ToastAffiche", "ToastDisplay"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stdout(), th.ToString(a[0]))
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"Message"}, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			if len(a) > 0 {
				writeLines(th.Stdout(), joinArgs(th, a, ""))
			}
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurAsynchrone", "AsynchronousError"}, MaxArgs: -1, Fn: errorBox})
	nothing := func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Null, nil }
	r.fn(&interp.Builtin{Names: []string{"Bip", "Beep"}, MaxArgs: -1, Fn: nothing})
	r.fn(&interp.Builtin{Names: []string{"SablierAffiche", "HourGlass", "Sablier"}, MaxArgs: -1, Fn: nothing})
	r.fn(&interp.Builtin{Names: []string{"InfoConstruit", "InfoBuild"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stdout(), stringBuild(th, a[0].String(), a[1:]))
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurConstruit", "ErrorBuild"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stderr(), stringBuild(th, a[0].String(), a[1:]))
			return interp.Null, nil
		}})
}
