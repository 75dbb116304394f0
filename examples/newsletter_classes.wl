// newsletter_classes.wl — the structures and classes of newsletter.wl, kept in a file of
// their own as in a WINDEV project. The main script includes it with EXTERN (a path relative
// to the including file); it can also be loaded with wl run -I newsletter_classes.wl.
//
// The classes are written the way WINDEV's text export writes them: the declaration
// (Class ... END), then the methods, each in a PROCEDURE Class::Method.

// ---------------------------------------------------------------------------------------------
// Structures
// ---------------------------------------------------------------------------------------------

// The mail account's settings, read from the INI file.
Settings is Structure
	SMTPServer is string
	SMTPPort is int = 587
	IMAPServer is string
	IMAPPort is int = 993
	User is string
	Password is string
	Sender is string
END

// A subscriber's postal address.
Address is Structure
	Street is string
	PostCode is string
	City is string
	Country is string = "United Kingdom"
END

// What a subscriber wants to receive.
Preferences is Structure
	Topics is array of strings
	WithAttachment is boolean = True
END

// A subscriber: two nested structures.
Subscriber is Structure
	Name is string
	Email is string
	Addr is Address
	Prefs is Preferences
END

// An article of the newsletter, filed under a topic.
Article is Structure
	Topic is string
	Title is string
END

// The figures of a topic (an associative array by topic name).
TopicStats is Structure
	Articles is int
	Readers is int
END

// What the inbox holds for a recipient (an associative array by address).
Receipt is Structure
	Subjects is array of strings
	Attachments is int
END

// ---------------------------------------------------------------------------------------------
// Letter: a message for a subscriber. It puts the greeting and the signature around the
// content each derived class gives (the Content method, overridden).
// ---------------------------------------------------------------------------------------------
Letter is Class
PUBLIC
	Recipient is Subscriber
PROTECTED
	m_sSubject is string
	m_arrFiles is array of strings
PRIVATE
	m_nNumber is int
PRIVATE GLOBAL
	g_nCreated is int
	g_nInMemory is int
END

PROCEDURE Letter::Constructor(stSubscriber is Subscriber, sSubject is string)
Recipient = stSubscriber
m_sSubject = sSubject
g_nCreated++
g_nInMemory++
m_nNumber = g_nCreated

PROCEDURE Letter::Destructor()
g_nInMemory--

// How many letters were created and not deleted yet, over every object of the class.
PROCEDURE GLOBAL Letter::InMemory() : int
RESULT g_nInMemory

// The letter's reference: L001, L002...
PROCEDURE Letter::Reference() : string
RESULT "L" + NumToString(m_nNumber, "03d")

PROCEDURE Letter::Subject() : string
RESULT m_sSubject

// What the letter says; each derived class overrides it.
PROCEDURE Letter::Content() : string
RESULT ""

PROCEDURE Letter::Body() : string
sBody is string = "Hello " + Recipient.Name + "," + CR + CR
sBody += Content() + CR + CR      // a virtual call: the Content of the object's class
sBody += "-- " + CR + "The newsletter team"
RESULT sBody

PROCEDURE Letter::Attach(sFile is string)
Add(m_arrFiles, sFile)

// The message, ready to go.
PROCEDURE Letter::ToEmail(sSender is string) : Email
MyMessage is Email
MyMessage.Sender = sSender
Add(MyMessage.Recipient, Recipient.Email)
MyMessage.Subject = Subject()
MyMessage.Message = Body()
FOR EACH sFile OF m_arrFiles
	MyMessage.LoadAttachment(sFile)
END
RESULT MyMessage

// ---------------------------------------------------------------------------------------------
// Newsletter: this month's issue, cut down to the topics the subscriber chose.
// ---------------------------------------------------------------------------------------------
Newsletter is Class
	inherits from Letter
PRIVATE
	m_arrArticles is array of Articles
END

PROCEDURE Newsletter::Constructor(stSubscriber is Subscriber, nIssue is int, arrArticles is array of Articles)
Constructor Letter(stSubscriber, "Newsletter #" + nIssue)
FOR EACH stArticle OF arrArticles
	IF ArraySeek(stSubscriber.Prefs.Topics, asLinear, stArticle.Topic) > 0 THEN
		Add(m_arrArticles, stArticle)
	END
END

// Overridden without calling the ancestor; m_sSubject is PROTECTED: derived classes use it.
PROCEDURE Newsletter::Subject() : string
RESULT m_sSubject + " — " + m_arrArticles.Count + " article(s)"

PROCEDURE Newsletter::Content() : string
sText is string = "In this issue:"
FOR EACH stArticle OF m_arrArticles
	sText += CR + "  - [" + stArticle.Topic + "] " + stArticle.Title
END
RESULT sText

// The ancestor's body, followed by the unsubscribe line.
PROCEDURE Newsletter::Body() : string
RESULT Ancestor:Body() + CR + "To stop receiving this newsletter, reply STOP."

// ---------------------------------------------------------------------------------------------
// Welcome: a new subscriber's first message.
// ---------------------------------------------------------------------------------------------
Welcome is Class
	inherits from Letter
END

PROCEDURE Welcome::Constructor(stSubscriber is Subscriber)
Constructor Letter(stSubscriber, "Welcome, " + stSubscriber.Name)

PROCEDURE Welcome::Content() : string
RESULT "Thank you for subscribing. The newsletter will reach you in " + ...
	Place() + ", topics: " + ArrayToString(Recipient.Prefs.Topics, ", ") + "."

PROCEDURE PRIVATE Welcome::Place() : string
RESULT Recipient.Addr.City + " (" + Recipient.Addr.Country + ")"

// ---------------------------------------------------------------------------------------------
// Mailer: sends the letters through an SMTP session it keeps as a member.
// ---------------------------------------------------------------------------------------------
Mailer is Class
PRIVATE
	m_Session is emailSMTPSession
	m_sSender is string
PUBLIC
	Sent is int
	Failures is array of strings
END

PROCEDURE Mailer::Constructor(stSettings is Settings)
m_Session.ServerAddress = stSettings.SMTPServer
m_Session.Port = stSettings.SMTPPort
m_Session.Option = emailProtocolSMTPS      // STARTTLS on port 587
m_Session.Name = stSettings.User
m_Session.Password = stSettings.Password
m_sSender = stSettings.Sender

PROCEDURE Mailer::Open() : boolean
RESULT EmailStartSession(m_Session)

// Sends a letter, whatever its class; a failure is recorded with its message.
PROCEDURE Mailer::Send(pLetter is Letter dynamic) : boolean
MyMessage is Email = pLetter.ToEmail(m_sSender)
EmailSendMessage(m_Session, MyMessage)
IF ErrorOccurred THEN
	Add(Failures, pLetter.Reference() + " " + pLetter.Recipient.Email + ": " + ErrorInfo(errMessage))
	RESULT False
END
Sent++
RESULT True

PROCEDURE Mailer::Close()
EmailCloseSession(m_Session)

// ---------------------------------------------------------------------------------------------
// InboxReader: reads the mailbox over IMAP and files what it finds by recipient.
// ---------------------------------------------------------------------------------------------
InboxReader is Class
PRIVATE
	m_Session is emailIMAPSession
PUBLIC
	ByRecipient is associative array of Receipt
	MessageCount is int
END

PROCEDURE InboxReader::Constructor(stSettings is Settings)
m_Session.ServerAddress = stSettings.IMAPServer
m_Session.Port = stSettings.IMAPPort
m_Session.Option = optionTLS                // TLS from the first byte, port 993
m_Session.Name = stSettings.User
m_Session.Password = stSettings.Password

// Reads every message of the mailbox; False when the session or the reading fails.
PROCEDURE InboxReader::Read() : boolean
IF NOT EmailStartSession(m_Session) THEN RESULT False
arrMessages is array of Emails = EmailGetAll(m_Session, ertFull)
IF ErrorOccurred THEN
	EmailCloseSession(m_Session)
	RESULT False
END
FOR EACH MyMessage OF arrMessages
	sKey is string = MyMessage.Recipient[1]
	IF NOT ByRecipient[sKey]..Exist THEN
		stEmpty is Receipt
		ByRecipient[sKey] = stEmpty
	END
	Add(ByRecipient[sKey].Subjects, MyMessage.Subject)
	ByRecipient[sKey].Attachments += MyMessage.NbAttach
	MessageCount++
END
EmailCloseSession(m_Session)
RESULT True
