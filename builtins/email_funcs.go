package builtins

import (
	"github.com/wl-lang/wl/interp"
	"github.com/wl-lang/wl/mailrt"
)

// emailBinding holds the types the email functions make values of; the state of a run
// (sessions, timeout, spool) lives in its thread.
type emailBinding struct {
	et *emailTypes
}

func (b *emailBinding) state(th *interp.Thread) *mailState { return mailOf(th, b.et) }

// registerEmail adds the email functions, types and the Email structure. English names are
// PC SOFT's where its help shows them; the others (noted "translation" below) are the
// obvious translation, accepted as well as the French name.
func registerEmail(r *registrar) {
	b := &emailBinding{et: newEmailTypes()}
	fn := func(names []string, min, max int, f interp.Func) {
		r.fn(&interp.Builtin{Names: names, MinArgs: min, MaxArgs: max, CanFail: true, Fn: f})
	}
	// Sessions.
	fn([]string{"EmailOuvreSession", "EmailStartSession", "EmailOpenSession"}, 1, 7, b.openSessionFunc)
	fn([]string{"EmailOuvreSessionSMTP", "EmailStartSMTPSession", "EmailOpenSMTPSession"}, 2, 6, b.openSMTPFunc)
	fn([]string{"EmailOuvreSessionPOP3", "EmailStartPOP3Session", "EmailOpenPOP3Session"}, 3, 5, b.openReaderFunc(mailrt.POP3))
	fn([]string{"EmailOuvreSessionIMAP", "EmailStartIMAPSession", "EmailOpenIMAPSession"}, 3, 5, b.openReaderFunc(mailrt.IMAP))
	fn([]string{"EmailFermeSession", "EmailCloseSession"}, 1, 1, b.closeSessionFunc)
	fn([]string{"EmailChangeTimeOut", "EmailSetTimeOut"}, 1, 1, b.setTimeoutFunc)
	fn([]string{"EmailLitTimeOut", "EmailGetTimeOut"}, 0, 0, b.getTimeoutFunc)
	fn([]string{"EmailParamètre", "EmailConfigure", "EmailParameter"}, 1, 2, b.configureFunc)
	fn([]string{"CertificatDeConfianceAjoute"}, 1, 1, b.trustedAddFunc)

	// Sending and building.
	fn([]string{"EmailEnvoieMessage", "EmailSendMessage"}, 1, 3, b.sendMessageFunc)
	fn([]string{"EmailEnvoie", "EmailSend"}, 2, 2, b.sendFileFunc)
	fn([]string{"EmailConstruitSource", "EmailBuildSource"}, 0, 2, b.buildSourceFunc)
	fn([]string{"EmailImporteSource", "EmailImportSource"}, 0, 2, b.importSourceFunc)
	fn([]string{"EmailImporteHTML", "EmailImportHTML"}, 1, 3, b.importHTMLFunc)
	fn([]string{"EmailChargeFichierAttaché", "EmailLoadAttachment", "EmailLoadAttachedFile"}, 1, 3, b.loadAttachmentFunc)
	fn([]string{"EmailSauveFichierAttaché", "EmailSaveAttachment", "EmailSaveAttachedFile"}, 2, 3, b.saveAttachmentFunc)
	fn([]string{"EmailRAZ", "EmailRéinitialise", "EmailReset"}, 0, 1, b.resetFunc)
	fn([]string{"EmailEtat", "EmailStatus"}, 1, 1, b.statusFunc)
	fn([]string{"EmailVérifieAdresse", "EmailCheckAddress"}, 1, 2, b.checkAddressFunc)

	// Reading.
	read := []struct {
		fr, en string
		op     readOp
	}{
		{"EmailLitPremier", "EmailReadFirst", readFirst},
		{"EmailLitSuivant", "EmailReadNext", readNext},
		{"EmailLitPrécédent", "EmailReadPrevious", readPrevious},
		{"EmailLitDernier", "EmailReadLast", readLast},
	}
	for _, rd := range read {
		fn([]string{rd.fr, rd.en}, 1, 3, b.readFunc(rd.fr, rd.op, true))
		fn([]string{rd.fr + "Entête", rd.en + "Header"}, 1, 3, b.readFunc(rd.fr+"Entête", rd.op, false))
	}
	fn([]string{"EmailLitMessage", "EmailReadMessage"}, 2, 3, b.readMessageFunc)
	fn([]string{"EmailRécupèreTout", "EmailGetAll"}, 1, 2, b.getAllFunc)
	fn([]string{"EmailNbMessage", "EmailNbMessages", "EmailMessageCount"}, 1, 2, b.countFunc)
	fn([]string{"EmailSupprimeMessage", "EmailDeleteMessage"}, 1, 2, b.deleteFunc)
	fn([]string{"EmailDétruit", "EmailDestroy", "EmailExpunge"}, 1, 1, b.destroyFunc)
	fn([]string{"EmailChangeEtat", "EmailChangeStatus", "EmailChangeState"}, 2, 3, b.changeStateFunc)
	fn([]string{"EmailListeDossier", "EmailListFolder", "EmailListFolders"}, 1, 1, b.listFoldersFunc)
	fn([]string{"EmailChangeDossier", "EmailChangeFolder"}, 2, 2, b.changeFolderFunc)
	fn([]string{"EmailDossierCourant", "EmailCurrentFolder"}, 1, 1, b.currentFolderFunc)
	fn([]string{"EmailCopie", "EmailCopy"}, 2, 3, b.copyFunc)
	fn([]string{"EmailCréeDossier", "EmailCreateFolder", "EmailAjouteDossier", "EmailAddFolder"}, 2, 2, b.folderFunc("EmailCréeDossier", true))
	fn([]string{"EmailCherchePremier", "EmailSeekFirst"}, 3, 5, b.seekFirstFunc)
	fn([]string{"EmailChercheSuivant", "EmailSeekNext"}, 1, 2, b.seekNextFunc)
	registerEmailInfo(r, b)
	fn([]string{"EmailJauge", "EmailProgressBar"}, 0, 1, progressFunc)
	registerEmailSearchConstants(r)
	registerEmailMemberConstants(r)
	fn([]string{"EmailSupprimeDossier", "EmailDeleteFolder"}, 2, 2, b.folderFunc("EmailSupprimeDossier", false))

	registerAddressLevels(r)
	registerSourceOptions(r)
	registerSMIME(r, b.et)
	r.constant(interp.Bool(true), "emailEtatLu", "emailStateRead")
	r.constant(interp.Bool(false), "emailEtatNonLu", "emailStateUnread")

	// Types: the session types' methods call the functions above with the session first.
	b.et.smtp, b.et.pop3, b.et.imap = newSessionTypes(map[string]interp.Func{
		"open": b.openSessionFunc, "close": b.closeSessionFunc,
		"send": b.sendMessageFunc, "sendFile": b.sendFileFunc,
		"readFirst": b.readFunc("LitPremier", readFirst, true), "readNext": b.readFunc("LitSuivant", readNext, true),
		"readPrevious": b.readFunc("LitPrécédent", readPrevious, true), "readLast": b.readFunc("LitDernier", readLast, true),
		"readFirstHeader": b.readFunc("LitPremierEntête", readFirst, false), "readNextHeader": b.readFunc("LitSuivantEntête", readNext, false),
		"readMessage": b.readMessageFunc, "getAll": b.getAllFunc, "count": b.countFunc, "delete": b.deleteFunc,
	})
	r.typ(b.et.smtp)
	r.typ(b.et.pop3)
	r.typ(b.et.imap)
	b.et.message.Methods = []*interp.Method{
		emailMethod(b.loadAttachmentFunc, "ChargeFichierAttaché", "LoadAttachment", "LoadAttachedFile", "AttachFile"),
		emailMethod(b.saveAttachmentFunc, "SauveFichierAttaché", "SaveAttachment", "SaveAttachedFile"),
		emailMethod(b.buildSourceFunc, "ConstruitSource", "BuildSource"),
		emailMethod(b.importSourceFunc, "ImporteSource", "ImportSource"),
		emailMethod(b.importHTMLFunc, "ImporteHTML", "ImportHTML"),
		emailMethod(b.resetFunc, "RAZ", "Réinitialise", "Reset"),
	}
	registerEmailTypes(r, b.et)
}

// emailMethod makes a method of the Email type from a function taking the Email first.
func emailMethod(f interp.Func, names ...string) *interp.Method {
	return &interp.Method{Names: names, Call: func(th *interp.Thread, o interp.Object, args []interp.Value) (interp.Value, error) {
		th.ClearError()
		return f(th, append([]interp.Value{interp.ObjectValue(o)}, args...))
	}}
}
