// send_html.wl — send an HTML message with an embedded image and an attachment.
//
//   wl run --sandbox examples/send_html.wl
//
// The script makes its own files (an SVG logo and a CSV table) in a temporary directory, so
// it runs from any working directory.

sDir is string = fTempPath() + fSep() + "wl-example-html"
IF NOT fDirectoryExist(sDir) THEN fMakeDir(sDir)

// The logo, named by a relative path in the HTML: EmailImportHTML embeds it in the message
// (its src becomes cid:...), so it shows without any network access.
fSaveText(sDir + fSep() + "logo.svg", ...
	"<svg xmlns=""http://www.w3.org/2000/svg"" width=""120"" height=""40"">" + ...
	"<rect width=""120"" height=""40"" fill=""#1f6feb""/>" + ...
	"<text x=""10"" y=""26"" fill=""white"" font-size=""18"">Example</text></svg>")

// The attachment: this month's sales as CSV.
sCSV is string = sDir + fSep() + "sales-november.csv"
fSaveText(sCSV, "Product,Quantity,Amount" + CR + "Pen,120,96.00" + CR + "Notebook,45,112.50" + CR)

sHTML is string = [
<html><body>
<p><img src="logo.svg" alt="Example"></p>
<h1>November sales</h1>
<p>Hello,</p>
<p>Please find this month's sales attached: <b>165 items</b>.</p>
</body></html>
]

MyMessage is Email
MyMessage.Sender = "sales@example.com"
Add(MyMessage.Recipient, "management@example.com")
MyMessage.Subject = "November sales"
MyMessage.Message = "November sales: 165 items, details in the attached file."  // for readers without HTML
EmailImportHTML(MyMessage, sHTML, sDir)
IF NOT MyMessage.LoadAttachment(sCSV) THEN
	Error("Cannot read the attachment", ErrorInfo(errMessage))
	RETURN
END

MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 587
MySession.Option = emailProtocolSMTPS
MySession.Name = "sales@example.com"
MySession.Password = "password"

IF NOT EmailStartSession(MySession) THEN
	Error(ErrorInfo(errMessage))
	RETURN
END
IF EmailSendMessage(MySession, MyMessage) THEN
	Trace("Sent: """ + MyMessage.Subject + """ with " + MyMessage.NbAttach + " files")
	FOR EACH att OF MyMessage.Attach
		Trace("  " + att.Name + " (" + att.Type + ", " + att.Size + " bytes)")
	END
ELSE
	Error("Sending failed", ErrorInfo(errMessage))
END
EmailCloseSession(MySession)

// Clean up: the files were read when the message was sent.
fDelete(sDir + fSep() + "logo.svg")
fDelete(sCSV)
fRemoveDir(sDir)
