// newsletter.wl — a complete program: send this month's newsletter to the subscribers, then
// read the mailbox back over IMAP and report what arrived.
//
//   wl run --sandbox examples/newsletter.wl
//
// The structures (subscriber, address, preferences...) and the classes (Letter and its
// derived classes Newsletter and Welcome, Mailer holding an SMTP session, InboxReader holding
// an IMAP session) are in the included file newsletter_classes.wl.
//
// The settings come from an INI file. For the example the script first writes it to the
// temporary directory; a real application ships it beside the program.
// The sandbox starts with an empty mailbox, one for everybody: the reader finds there all
// that was just sent, whoever the recipient. Without --sandbox, put your servers and your
// account in the INI file; the mailbox read back is then the account's, which receives only
// what is addressed to it.

EXTERN "newsletter_classes.wl"

CONSTANT
	ISSUE_NUMBER = 12
END

// ---------------------------------------------------------------------------------------------
// 1. The settings
// ---------------------------------------------------------------------------------------------
sDir is string = fTempPath() + fSep() + "wl-example-newsletter"
IF NOT fDirectoryExist(sDir) THEN fMakeDir(sDir)
sINIFile is string = sDir + fSep() + "newsletter.ini"
INIWrite("SMTP", "Server", "smtp.example.com", sINIFile)
INIWrite("SMTP", "Port", "587", sINIFile)
INIWrite("IMAP", "Server", "imap.example.com", sINIFile)
INIWrite("IMAP", "Port", "993", sINIFile)
INIWrite("Account", "User", "news@example.com", sINIFile)
INIWrite("Account", "Password", "password", sINIFile)
INIWrite("Account", "Sender", "news@example.com", sINIFile)

stSettings is Settings
IF NOT ReadSettings(sINIFile, stSettings) THEN
	Error("Incomplete settings in " + sINIFile)
	RETURN
END
Trace("Settings: sending through " + stSettings.SMTPServer + ":" + stSettings.SMTPPort + ...
	", reading through " + stSettings.IMAPServer + ":" + stSettings.IMAPPort)

// ---------------------------------------------------------------------------------------------
// 2. The subscribers and the articles
// ---------------------------------------------------------------------------------------------
arrSubscribers is array of Subscribers
Add(arrSubscribers, NewSubscriber("Anna Smith", "anna.smith@example.com", "Leeds", "events,workshop"))
Add(arrSubscribers, NewSubscriber("Ben Jones", "ben.jones@example.com", "Bristol", "workshop"))
Add(arrSubscribers, NewSubscriber("Chloe Brown", "chloe.brown.example.com", "York", "events"))   // the address has no @
Add(arrSubscribers, NewSubscriber("David White", "david.white@example.com", "Dublin", "events"))   // joined this week
arrSubscribers[2].Prefs.WithAttachment = False
arrSubscribers[4].Addr.Country = "Ireland"

arrArticles is array of Articles
Add(arrArticles, NewArticle("events", "The Christmas market opens on the 12th"))
Add(arrArticles, NewArticle("workshop", "Fix your bike in an hour"))
Add(arrArticles, NewArticle("workshop", "Soldering for beginners"))
Add(arrArticles, NewArticle("events", "Choir concert on the 20th"))
Add(arrArticles, NewArticle("workshop", "Build a bird box"))
// The contents by topic, then by title.
ArraySort(arrArticles, asMember, "Topic;Title")

// How many articles and readers per topic.
arrTopics is array of strings = ["events", "workshop"]
arrStats is associative array of TopicStats
FOR EACH sTopic OF arrTopics
	stStats is TopicStats
	arrStats[sTopic] = stStats
END
FOR EACH stArticle OF arrArticles
	arrStats[stArticle.Topic].Articles++
END
FOR EACH stSubscriber OF arrSubscribers
	FOR EACH sTopic OF stSubscriber.Prefs.Topics
		arrStats[sTopic].Readers++
	END
END
Trace(arrSubscribers.Count + " subscribers, " + arrArticles.Count + " articles")
FOR EACH sTopic OF arrTopics
	Trace("  " + sTopic + ": " + arrStats[sTopic].Articles + " article(s), " + ...
		arrStats[sTopic].Readers + " reader(s)")
END

// This month's programme, attached to the newsletter of those who want it.
sProgramme is string = sDir + fSep() + "december-programme.txt"
fSaveText(sProgramme, "12/12 Christmas market" + CR + "14/12 Bike workshop" + CR + "20/12 Concert" + CR)

// ---------------------------------------------------------------------------------------------
// 3. The letters: an array of dynamic objects of the ancestor class Letter, holding a
//    Newsletter per subscriber and a Welcome message for the new one.
// ---------------------------------------------------------------------------------------------
arrLetters is array of Letter dynamic
FOR EACH stSubscriber OF arrSubscribers
	pIssue is Newsletter dynamic = new Newsletter(stSubscriber, ISSUE_NUMBER, arrArticles)
	IF stSubscriber.Prefs.WithAttachment THEN pIssue.Attach(sProgramme)
	Add(arrLetters, pIssue)
END
Add(arrLetters, new Welcome(arrSubscribers[4]))
Trace(Letter::InMemory() + " letters ready")

// ---------------------------------------------------------------------------------------------
// 4. Sending
// ---------------------------------------------------------------------------------------------
MyMailer is Mailer(stSettings)
IF NOT MyMailer.Open() THEN
	Error("Cannot connect to the SMTP server", ErrorInfo(errMessage))
	RETURN
END
FOR EACH pLetter OF arrLetters
	IF MyMailer.Send(pLetter) THEN
		Trace("Sent " + pLetter.Reference() + " to " + pLetter.Recipient.Email + ": “" + pLetter.Subject() + "”")
	END
END
MyMailer.Close()
Trace(MyMailer.Sent + " sent, " + MyMailer.Failures.Count + " failed")
FOR EACH sFailure OF MyMailer.Failures
	Trace("  failed " + sFailure)
END

// The text of the first and of the last letter: Body is the same method, Content changes
// with the class of the object.
FOR i = 1 _TO_ arrLetters.Count STEP arrLetters.Count - 1
	Trace("--- " + arrLetters[i].Reference() + " for " + arrLetters[i].Recipient.Name)
	Trace(arrLetters[i].Body())
END
Trace("---")

// The letters are done with: delete them (the destructor counts them out).
FOR EACH pLetter OF arrLetters
	delete pLetter
END
Trace(Letter::InMemory() + " letter(s) still in memory")

// ---------------------------------------------------------------------------------------------
// 5. Reading the mailbox over IMAP, and the report
// ---------------------------------------------------------------------------------------------
MyReader is InboxReader(stSettings)
IF NOT MyReader.Read() THEN
	Error("Cannot read the mailbox", ErrorInfo(errMessage))
	RETURN
END
Trace("Inbox: " + MyReader.MessageCount + " message(s)")
FOR EACH stSubscriber OF arrSubscribers
	IF MyReader.ByRecipient[stSubscriber.Email]..Exist THEN
		stReceived is Receipt = MyReader.ByRecipient[stSubscriber.Email]
		Trace("  " + stSubscriber.Name + " (" + stSubscriber.Addr.City + ", " + stSubscriber.Addr.Country + "): " + ...
			stReceived.Subjects.Count + " message(s), " + stReceived.Attachments + " attachment(s)")
		FOR EACH sSubject OF stReceived.Subjects
			Trace("      “" + sSubject + "”")
		END
	ELSE
		Trace("  " + stSubscriber.Name + " (" + stSubscriber.Addr.City + ", " + stSubscriber.Addr.Country + "): nothing received")
	END
END

// Clean up.
fDelete(sProgramme)
fDelete(sINIFile)
fRemoveDir(sDir)

// ---------------------------------------------------------------------------------------------
// Procedures
// ---------------------------------------------------------------------------------------------

// Fills stSettings from the INI file; False when the server or the account is missing.
PROCEDURE ReadSettings(sFile is string, stSettings is Settings) : boolean
stSettings.SMTPServer = INIRead("SMTP", "Server", "", sFile)
stSettings.SMTPPort = Val(INIRead("SMTP", "Port", "587", sFile))
stSettings.IMAPServer = INIRead("IMAP", "Server", "", sFile)
stSettings.IMAPPort = Val(INIRead("IMAP", "Port", "993", sFile))
stSettings.User = INIRead("Account", "User", "", sFile)
stSettings.Password = INIRead("Account", "Password", "", sFile)
stSettings.Sender = INIRead("Account", "Sender", stSettings.User, sFile)
RESULT stSettings.SMTPServer <> "" AND stSettings.IMAPServer <> "" AND stSettings.User <> ""

// A subscriber; sTopics gives the topics, separated by commas.
PROCEDURE NewSubscriber(sName is string, sEmail is string, sCity is string, sTopics is string) : Subscriber
stSubscriber is Subscriber
stSubscriber.Name = sName
stSubscriber.Email = sEmail
stSubscriber.Addr.City = sCity
FOR EACH STRING sTopic OF sTopics SEPARATED BY ","
	Add(stSubscriber.Prefs.Topics, sTopic)
END
RESULT stSubscriber

PROCEDURE NewArticle(sTopic is string, sTitle is string) : Article
stArticle is Article
stArticle.Topic = sTopic
stArticle.Title = sTitle
RESULT stArticle
