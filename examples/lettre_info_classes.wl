// lettre_info_classes.wl — les structures et les classes de lettre_info.wl, rangées à part
// comme dans un projet WINDEV. Le script principal l'inclut avec EXTERN (chemin relatif au
// fichier qui inclut) ; on peut aussi le charger avec wl run -I lettre_info_classes.wl.
//
// Les classes sont écrites sous la forme de l'export texte de WINDEV : la déclaration
// (Classe ... FIN) puis les méthodes, chacune dans une PROCÉDURE Classe::Méthode.

// ---------------------------------------------------------------------------------------------
// Structures
// ---------------------------------------------------------------------------------------------

// Les réglages du compte de messagerie, lus dans le fichier INI.
Réglages est une Structure
	ServeurSMTP est une chaîne
	PortSMTP est un entier = 587
	ServeurIMAP est une chaîne
	PortIMAP est un entier = 993
	Utilisateur est une chaîne
	MotDePasse est une chaîne
	Expéditeur est une chaîne
FIN

// L'adresse postale d'un abonné.
Adresse est une Structure
	Rue est une chaîne
	CodePostal est une chaîne
	Ville est une chaîne
	Pays est une chaîne = "France"
FIN

// Ce qu'un abonné veut recevoir.
Préférences est une Structure
	Rubriques est un tableau de chaînes
	AvecPièceJointe est un booléen = Vrai
FIN

// Un abonné : deux structures imbriquées.
Abonné est une Structure
	Nom est une chaîne
	Email est une chaîne
	Adr est une Adresse
	Préf est une Préférences
FIN

// Un article de la lettre, classé dans une rubrique.
Article est une Structure
	Rubrique est une chaîne
	Titre est une chaîne
FIN

// Le décompte d'une rubrique (un tableau associatif par nom de rubrique).
StatRubrique est une Structure
	Articles est un entier
	Lecteurs est un entier
FIN

// Ce que la relève a trouvé pour un destinataire (un tableau associatif par adresse).
Réception est une Structure
	Sujets est un tableau de chaînes
	PiècesJointes est un entier
FIN

// ---------------------------------------------------------------------------------------------
// Courrier : un message pour un abonné. Il met la formule d'appel et la signature autour du
// contenu que chaque classe dérivée fournit (méthode Contenu, redéfinie).
// ---------------------------------------------------------------------------------------------
Courrier est une Classe
PUBLIC
	Destinataire est un Abonné
PROTÉGÉ
	m_sSujet est une chaîne
	m_tabFichiers est un tableau de chaînes
PRIVÉ
	m_nNuméro est un entier
PRIVÉ GLOBAL
	g_nCréés est un entier
	g_nEnMémoire est un entier
FIN

PROCÉDURE Courrier::Constructeur(stAbonné est un Abonné, sSujet est une chaîne)
Destinataire = stAbonné
m_sSujet = sSujet
g_nCréés++
g_nEnMémoire++
m_nNuméro = g_nCréés

PROCÉDURE Courrier::Destructeur()
g_nEnMémoire--

// Le nombre de courriers créés et pas encore libérés, pour tous les objets de la classe.
PROCÉDURE GLOBALE Courrier::EnMémoire() : entier
RENVOYER g_nEnMémoire

// La référence du courrier : C001, C002...
PROCÉDURE Courrier::Référence() : chaîne
RENVOYER "C" + NumériqueVersChaîne(m_nNuméro, "03d")

PROCÉDURE Courrier::Sujet() : chaîne
RENVOYER m_sSujet

// Ce que dit le courrier ; chaque classe dérivée le redéfinit.
PROCÉDURE Courrier::Contenu() : chaîne
RENVOYER ""

PROCÉDURE Courrier::Corps() : chaîne
sCorps est une chaîne = "Bonjour " + Destinataire.Nom + "," + RC + RC
sCorps += Contenu() + RC + RC      // appel virtuel : le Contenu de la classe de l'objet
sCorps += "-- " + RC + "L'équipe de la lettre d'information"
RENVOYER sCorps

PROCÉDURE Courrier::Joint(sFichier est une chaîne)
Ajoute(m_tabFichiers, sFichier)

// Le message prêt à partir.
PROCÉDURE Courrier::VersEmail(sExpéditeur est une chaîne) : Email
MonMessage est un Email
MonMessage.Expéditeur = sExpéditeur
Ajoute(MonMessage.Destinataire, Destinataire.Email)
MonMessage.Sujet = Sujet()
MonMessage.Message = Corps()
POUR TOUT sFichier DE m_tabFichiers
	MonMessage.ChargeFichierAttaché(sFichier)
FIN
RENVOYER MonMessage

// ---------------------------------------------------------------------------------------------
// LettreInfo : le numéro du mois, réduit aux rubriques que l'abonné a choisies.
// ---------------------------------------------------------------------------------------------
LettreInfo est une Classe
	hérite de Courrier
PRIVÉ
	m_tabArticles est un tableau d'Articles
FIN

PROCÉDURE LettreInfo::Constructeur(stAbonné est un Abonné, nNuméro est un entier, tabArticles est un tableau d'Articles)
Constructeur Courrier(stAbonné, "Lettre d'information n°" + nNuméro)
POUR TOUT stArticle DE tabArticles
	SI TableauCherche(stAbonné.Préf.Rubriques, tcLinéaire, stArticle.Rubrique) > 0 ALORS
		Ajoute(m_tabArticles, stArticle)
	FIN
FIN

// Redéfinie sans appeler l'ancêtre ; m_sSujet est PROTÉGÉ : les classes dérivées y accèdent.
PROCÉDURE LettreInfo::Sujet() : chaîne
RENVOYER m_sSujet + " — " + m_tabArticles.Occurrence + " article(s)"

PROCÉDURE LettreInfo::Contenu() : chaîne
sTexte est une chaîne = "Au sommaire ce mois-ci :"
POUR TOUT stArticle DE m_tabArticles
	sTexte += RC + "  - [" + stArticle.Rubrique + "] " + stArticle.Titre
FIN
RENVOYER sTexte

// Le corps de l'ancêtre, suivi de la mention de désabonnement.
PROCÉDURE LettreInfo::Corps() : chaîne
RENVOYER Ancêtre:Corps() + RC + "Pour ne plus recevoir cette lettre, répondez STOP."

// ---------------------------------------------------------------------------------------------
// Bienvenue : le premier message d'un nouvel abonné.
// ---------------------------------------------------------------------------------------------
Bienvenue est une Classe
	hérite de Courrier
FIN

PROCÉDURE Bienvenue::Constructeur(stAbonné est un Abonné)
Constructeur Courrier(stAbonné, "Bienvenue, " + stAbonné.Nom)

PROCÉDURE Bienvenue::Contenu() : chaîne
RENVOYER "Merci de votre inscription. Vous recevrez la lettre à " + ...
	Lieu() + ", rubriques : " + TableauVersChaîne(Destinataire.Préf.Rubriques, ", ") + "."

PROCÉDURE PRIVÉE Bienvenue::Lieu() : chaîne
RENVOYER Destinataire.Adr.Ville + " (" + Destinataire.Adr.Pays + ")"

// ---------------------------------------------------------------------------------------------
// Postier : envoie les courriers par une session SMTP qu'il garde en membre.
// ---------------------------------------------------------------------------------------------
Postier est une Classe
PRIVÉ
	m_Session est une emailSessionSMTP
	m_sExpéditeur est une chaîne
PUBLIC
	NbEnvoyés est un entier
	Échecs est un tableau de chaînes
FIN

PROCÉDURE Postier::Constructeur(stRéglages est un Réglages)
m_Session.AdresseServeur = stRéglages.ServeurSMTP
m_Session.Port = stRéglages.PortSMTP
m_Session.Option = emailProtocolSMTPS      // STARTTLS sur le port 587
m_Session.Nom = stRéglages.Utilisateur
m_Session.MotDePasse = stRéglages.MotDePasse
m_sExpéditeur = stRéglages.Expéditeur

PROCÉDURE Postier::Ouvre() : booléen
RENVOYER EmailOuvreSession(m_Session)

// Envoie un courrier, quelle que soit sa classe ; un échec est noté avec son message.
PROCÉDURE Postier::Envoie(pCourrier est un Courrier dynamique) : booléen
MonMessage est un Email = pCourrier.VersEmail(m_sExpéditeur)
EmailEnvoieMessage(m_Session, MonMessage)
SI ErreurDétectée ALORS
	Ajoute(Échecs, pCourrier.Référence() + " " + pCourrier.Destinataire.Email + " : " + ErreurInfo(errMessage))
	RENVOYER Faux
FIN
NbEnvoyés++
RENVOYER Vrai

PROCÉDURE Postier::Ferme()
EmailFermeSession(m_Session)

// ---------------------------------------------------------------------------------------------
// Relève : lit la boîte en IMAP et range ce qu'elle trouve par destinataire.
// ---------------------------------------------------------------------------------------------
Relève est une Classe
PRIVÉ
	m_Session est une emailSessionIMAP
PUBLIC
	ParDestinataire est un tableau associatif de Réception
	NbMessages est un entier
FIN

PROCÉDURE Relève::Constructeur(stRéglages est un Réglages)
m_Session.AdresseServeur = stRéglages.ServeurIMAP
m_Session.Port = stRéglages.PortIMAP
m_Session.Option = optionTLS                // TLS dès le premier octet, port 993
m_Session.Nom = stRéglages.Utilisateur
m_Session.MotDePasse = stRéglages.MotDePasse

// Lit tous les messages de la boîte ; Faux si la session ou la lecture échoue.
PROCÉDURE Relève::Lit() : booléen
SI PAS EmailOuvreSession(m_Session) ALORS RENVOYER Faux
tabMessages est un tableau d'Emails = EmailRécupèreTout(m_Session, ertComplet)
SI ErreurDétectée ALORS
	EmailFermeSession(m_Session)
	RENVOYER Faux
FIN
POUR TOUT MonMessage DE tabMessages
	sClé est une chaîne = MonMessage.Destinataire[1]
	SI PAS ParDestinataire[sClé]..Existe ALORS
		stVide est une Réception
		ParDestinataire[sClé] = stVide
	FIN
	Ajoute(ParDestinataire[sClé].Sujets, MonMessage.Sujet)
	ParDestinataire[sClé].PiècesJointes += MonMessage.NbAttache
	NbMessages++
FIN
EmailFermeSession(m_Session)
RENVOYER Vrai
