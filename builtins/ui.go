package builtins

import (
	"github.com/wl-lang/wl/interp"
)

// User-interface and database functions that published WINDEV code calls. Outside a WINDEV
// application they have no window or data file to act on: calling one is a fatal error
// saying so (and never "unknown identifier"), unless a console meaning exists, written in
// the doc comment of consoleFallbacks.
var unavailable = []struct {
	names  []string
	reason string
}{
	{[]string{"Ouvre", "Open", "OuvreFille", "OpenChild", "OuvreSoeur", "OpenSister"}, "there are no windows in a script"},
	{[]string{"Ferme", "Close"}, "there are no windows in a script"},
	{[]string{"RepriseSaisie", "ReturnToCapture"}, "there are no windows in a script"},
	{[]string{"EcranVersFichier", "ScreenToFile", "FichierVersEcran", "FileToScreen", "EcranVersSource", "ScreenToSource"}, "there are no windows in a script"},
	{[]string{"LooperAjouteLigne", "LooperAddLine", "LooperAjoute", "LooperAdd", "LooperSupprimeTout", "LooperDeleteAll"}, "there are no controls in a script"},
	{[]string{"TableAjouteLigne", "TableAddLine", "TableAjoute", "TableAdd", "TableSupprimeTout", "TableDeleteAll", "TableAffiche", "TableDisplay"}, "there are no controls in a script"},
	{[]string{"ListeAjoute", "ListAdd", "ListeCherche", "ListSeek", "ListeSelectPlus", "ListSelectPlus", "ListeSupprimeTout", "ListDeleteAll"}, "there are no controls in a script"},
	{[]string{"RTFInsère", "RTFInsert", "RTFSélection", "RTFSelection"}, "there are no controls in a script"},
	{[]string{"RadioBoutonOccurrence", "RadioButtonCount", "RadioBoutonSupprime", "RadioButtonDelete", "RadioBoutonAjoute", "RadioButtonAdd"}, "there are no controls in a script"},
	{[]string{"fSélecteur", "fSelect", "fSélecteurRépertoire", "fDirSelect"}, "there is no file dialog in a script"},
	{[]string{"OuiNon", "YesNo", "Confirmer", "Confirm", "Dialogue", "Dialog"}, "there is nobody to answer a dialog box in a script"},
	{[]string{"VersPressePapier", "ToClipboard"}, "there is no clipboard in a script"},
	{[]string{"EmailLanceAppli", "EmailRunApp"}, "there is no mail application to open in a script"},
	{[]string{"HAjoute", "HAdd", "HModifie", "HModify", "HLitPremier", "HReadFirst", "HLitSuivant", "HReadNext", "HEnDehors", "HOut", "HLitRecherche", "HReadSeek", "HLitRecherchePremier", "HReadSeekFirst", "HSupprime", "HDelete", "HCréationSiInexistant", "HCreationIfNotFound", "HMode", "HDécritTrigger", "HDescribeTrigger", "HErreurInfo", "HErrorInfo", "HExécuteRequête", "HExecuteQuery"}, "HFSQL data files are not available in wl"},
	{[]string{"RegistreLit", "RegistryQueryValue", "RegistreEcrit", "RegistrySetValue", "RegistreCréeClé", "RegistryCreateKey"}, "the Windows registry is not available"},
	{[]string{"SocketConnecte", "SocketConnect", "SocketEcrit", "SocketWrite", "SocketLit", "SocketRead", "SocketFerme", "SocketClose", "SocketExiste", "SocketExist", "SocketCrée", "SocketCreate", "SocketAttendConnexion", "SocketWaitForConnection", "SocketAccepte", "SocketAccept"}, "sockets are not available in wl"},
	{[]string{"INILit", "INIRead", "INIEcrit", "INIWrite"}, "INI files are not available in wl"},
	{[]string{"AppelDLL32", "CallDLL32", "API"}, "DLLs cannot be called"},
	{[]string{"ThreadExécute", "ThreadExecute", "ThreadMode", "FinAutomatismeProcédure", "EndAutomatedProcedure", "SignalModifie", "SignalModify"}, "threads and timers are not available in wl"},
	{[]string{"PythonInitialise", "PythonInitialize"}, "Python is not available in wl"},
	{[]string{"RESTEnvoie", "RESTSend", "HTTPRequête", "HTTPRequest"}, "HTTP functions are not available in wl"},
	{[]string{"ProjetInfo", "ProjectInfo", "SysRep", "SysDir"}, "there is no WINDEV project"},
	{[]string{"OpenIDLitIdentité", "OpenIDReadIdentity"}, "OpenID is not available in wl"},
}

// consoleFallbacks are the interface functions that mean something in a script:
// ToastAffiche / ToastDisplay writes its message on standard output; Bip / Beep,
// SablierAffiche / HourGlass and Message do nothing visible (Message writes on standard
// output).
func registerUI(r *registrar) {
	for _, u := range unavailable {
		r.fn(&interp.Builtin{Names: u.names, MaxArgs: -1, Unavailable: u.reason})
	}
	r.fn(&interp.Builtin{Names: []string{"ToastAffiche", "ToastDisplay"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stdout(), a[0].String())
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"Message"}, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			if len(a) > 0 {
				writeLines(th.Stdout(), joinArgs(a, ""))
			}
			return interp.Null, nil
		}})
	nothing := func(*interp.Thread, []interp.Value) (interp.Value, error) { return interp.Null, nil }
	r.fn(&interp.Builtin{Names: []string{"Bip", "Beep"}, MaxArgs: -1, Fn: nothing})
	r.fn(&interp.Builtin{Names: []string{"SablierAffiche", "HourGlass", "Sablier"}, MaxArgs: -1, Fn: nothing})
	r.fn(&interp.Builtin{Names: []string{"InfoConstruit", "InfoBuild"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stdout(), stringBuild(a[0].String(), a[1:]))
			return interp.Null, nil
		}})
	r.fn(&interp.Builtin{Names: []string{"ErreurConstruit", "ErrorBuild"}, MinArgs: 1, MaxArgs: -1,
		Fn: func(th *interp.Thread, a []interp.Value) (interp.Value, error) {
			writeLines(th.Stderr(), stringBuild(a[0].String(), a[1:]))
			return interp.Null, nil
		}})
}
