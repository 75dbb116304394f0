// lettre_info.wl — un programme complet : envoyer la lettre d'information du mois à des
// abonnés, puis relire la boîte en IMAP et faire le bilan.
//
//   wl run --sandbox examples/lettre_info.wl
//
// Les structures (abonné, adresse, préférences...) et les classes (Courrier et ses classes
// dérivées LettreInfo et Bienvenue, Postier qui garde une session SMTP, Relève qui garde une
// session IMAP) sont dans le fichier inclus lettre_info_classes.wl.
//
// Les réglages viennent d'un fichier INI. Pour l'exemple, le script l'écrit d'abord dans le
// répertoire temporaire ; dans une vraie application, il est livré à côté du programme.
// Le bac à sable démarre avec une boîte vide et n'a qu'une boîte pour tous : la relève y
// retrouve tout ce qui vient d'être envoyé, quel que soit le destinataire. Sans --sandbox,
// mettez vos serveurs et votre compte dans le fichier INI ; la boîte relue est alors celle
// du compte, qui ne reçoit que ce qui lui est adressé.

EXTERN "lettre_info_classes.wl"

CONSTANTE
	NUMÉRO_LETTRE = 12
FIN

// ---------------------------------------------------------------------------------------------
// 1. Les réglages
// ---------------------------------------------------------------------------------------------
sRep est une chaîne = fRepTemp() + fSep() + "wl-exemple-lettre"
SI PAS fRepExiste(sRep) ALORS fRepCrée(sRep)
sFichierINI est une chaîne = sRep + fSep() + "lettre_info.ini"
INIEcrit("SMTP", "Serveur", "smtp.exemple.fr", sFichierINI)
INIEcrit("SMTP", "Port", "587", sFichierINI)
INIEcrit("IMAP", "Serveur", "imap.exemple.fr", sFichierINI)
INIEcrit("IMAP", "Port", "993", sFichierINI)
INIEcrit("Compte", "Utilisateur", "lettre@exemple.fr", sFichierINI)
INIEcrit("Compte", "MotDePasse", "mot-de-passe", sFichierINI)
INIEcrit("Compte", "Expéditeur", "lettre@exemple.fr", sFichierINI)

stRéglages est un Réglages
SI PAS LitRéglages(sFichierINI, stRéglages) ALORS
	Erreur("Réglages incomplets dans " + sFichierINI)
	RETOUR
FIN
Trace("Réglages : envoi par " + stRéglages.ServeurSMTP + ":" + stRéglages.PortSMTP + ...
	", relève par " + stRéglages.ServeurIMAP + ":" + stRéglages.PortIMAP)

// ---------------------------------------------------------------------------------------------
// 2. Les abonnés et les articles
// ---------------------------------------------------------------------------------------------
tabAbonnés est un tableau d'Abonnés
Ajoute(tabAbonnés, NouvelAbonné("Anne Martin", "anne.martin@exemple.fr", "Lyon", "agenda,atelier"))
Ajoute(tabAbonnés, NouvelAbonné("Bruno Petit", "bruno.petit@exemple.fr", "Nantes", "atelier"))
Ajoute(tabAbonnés, NouvelAbonné("Chloé Roux", "chloe.roux.exemple.fr", "Lille", "agenda"))   // l'adresse n'a pas de @
Ajoute(tabAbonnés, NouvelAbonné("Denis Blanc", "denis.blanc@exemple.fr", "Namur", "agenda"))   // inscrit cette semaine
tabAbonnés[2].Préf.AvecPièceJointe = Faux
tabAbonnés[4].Adr.Pays = "Belgique"

tabArticles est un tableau d'Articles
Ajoute(tabArticles, NouvelArticle("agenda", "Le marché de Noël ouvre le 12"))
Ajoute(tabArticles, NouvelArticle("atelier", "Réparer son vélo en une heure"))
Ajoute(tabArticles, NouvelArticle("atelier", "Initiation à la soudure"))
Ajoute(tabArticles, NouvelArticle("agenda", "Concert de la chorale le 20"))
Ajoute(tabArticles, NouvelArticle("atelier", "Fabriquer un nichoir"))
// Le sommaire par rubrique, puis par titre.
TableauTrie(tabArticles, ttMembre, "Rubrique;Titre")

// Combien d'articles et de lecteurs par rubrique.
tabRubriques est un tableau de chaînes = ["agenda", "atelier"]
tabStats est un tableau associatif de StatRubrique
POUR TOUT sRubrique DE tabRubriques
	stStat est une StatRubrique
	tabStats[sRubrique] = stStat
FIN
POUR TOUT stArticle DE tabArticles
	tabStats[stArticle.Rubrique].Articles++
FIN
POUR TOUT stAbonné DE tabAbonnés
	POUR TOUT sRubrique DE stAbonné.Préf.Rubriques
		tabStats[sRubrique].Lecteurs++
	FIN
FIN
Trace(tabAbonnés.Occurrence + " abonnés, " + tabArticles.Occurrence + " articles")
POUR TOUT sRubrique DE tabRubriques
	Trace("  " + sRubrique + " : " + tabStats[sRubrique].Articles + " article(s), " + ...
		tabStats[sRubrique].Lecteurs + " lecteur(s)")
FIN

// Le programme du mois, joint à la lettre de ceux qui le veulent.
sProgramme est une chaîne = sRep + fSep() + "programme-decembre.txt"
fSauveTexte(sProgramme, "12/12 Marché de Noël" + RC + "14/12 Atelier vélo" + RC + "20/12 Concert" + RC)

// ---------------------------------------------------------------------------------------------
// 3. Les courriers : un tableau d'objets dynamiques de la classe ancêtre Courrier, qui
//    contient une LettreInfo par abonné et un message de Bienvenue pour le nouvel inscrit.
// ---------------------------------------------------------------------------------------------
tabCourriers est un tableau de Courrier dynamique
POUR TOUT stAbonné DE tabAbonnés
	pLettre est un LettreInfo dynamique = allouer un LettreInfo(stAbonné, NUMÉRO_LETTRE, tabArticles)
	SI stAbonné.Préf.AvecPièceJointe ALORS pLettre.Joint(sProgramme)
	Ajoute(tabCourriers, pLettre)
FIN
Ajoute(tabCourriers, allouer un Bienvenue(tabAbonnés[4]))
Trace(Courrier::EnMémoire() + " courriers préparés")

// ---------------------------------------------------------------------------------------------
// 4. L'envoi
// ---------------------------------------------------------------------------------------------
MonPostier est un Postier(stRéglages)
SI PAS MonPostier.Ouvre() ALORS
	Erreur("Connexion SMTP impossible", ErreurInfo(errMessage))
	RETOUR
FIN
POUR TOUT pCourrier DE tabCourriers
	SI MonPostier.Envoie(pCourrier) ALORS
		Trace("Envoyé " + pCourrier.Référence() + " à " + pCourrier.Destinataire.Email + " : « " + pCourrier.Sujet() + " »")
	FIN
FIN
MonPostier.Ferme()
Trace(MonPostier.NbEnvoyés + " envoyé(s), " + MonPostier.Échecs.Occurrence + " échec(s)")
POUR TOUT sÉchec DE MonPostier.Échecs
	Trace("  échec " + sÉchec)
FIN

// Le texte du premier et du dernier courrier : Corps est la même méthode, Contenu change
// avec la classe de l'objet.
POUR i = 1 _À_ tabCourriers.Occurrence PAS tabCourriers.Occurrence - 1
	Trace("--- " + tabCourriers[i].Référence() + " pour " + tabCourriers[i].Destinataire.Nom)
	Trace(tabCourriers[i].Corps())
FIN
Trace("---")

// Les courriers ont servi : on les libère (le destructeur les décompte).
POUR TOUT pCourrier DE tabCourriers
	libérer pCourrier
FIN
Trace(Courrier::EnMémoire() + " courrier(s) encore en mémoire")

// ---------------------------------------------------------------------------------------------
// 5. La relève en IMAP et le bilan
// ---------------------------------------------------------------------------------------------
MaRelève est une Relève(stRéglages)
SI PAS MaRelève.Lit() ALORS
	Erreur("Relève impossible", ErreurInfo(errMessage))
	RETOUR
FIN
Trace("Relève : " + MaRelève.NbMessages + " message(s) dans la boîte")
POUR TOUT stAbonné DE tabAbonnés
	SI MaRelève.ParDestinataire[stAbonné.Email]..Existe ALORS
		stReçu est une Réception = MaRelève.ParDestinataire[stAbonné.Email]
		Trace("  " + stAbonné.Nom + " (" + stAbonné.Adr.Ville + ", " + stAbonné.Adr.Pays + ") : " + stReçu.Sujets.Occurrence + ...
			" message(s), " + stReçu.PiècesJointes + " pièce(s) jointe(s)")
		POUR TOUT sSujet DE stReçu.Sujets
			Trace("      « " + sSujet + " »")
		FIN
	SINON
		Trace("  " + stAbonné.Nom + " (" + stAbonné.Adr.Ville + ", " + stAbonné.Adr.Pays + ") : rien reçu")
	FIN
FIN

// Ménage.
fSupprime(sProgramme)
fSupprime(sFichierINI)
fRepSupprime(sRep)

// ---------------------------------------------------------------------------------------------
// Procédures
// ---------------------------------------------------------------------------------------------

// Remplit stRéglages depuis le fichier INI ; Faux s'il manque le serveur ou le compte.
PROCÉDURE LitRéglages(sFichier est une chaîne, stRéglages est un Réglages) : booléen
stRéglages.ServeurSMTP = INILit("SMTP", "Serveur", "", sFichier)
stRéglages.PortSMTP = Val(INILit("SMTP", "Port", "587", sFichier))
stRéglages.ServeurIMAP = INILit("IMAP", "Serveur", "", sFichier)
stRéglages.PortIMAP = Val(INILit("IMAP", "Port", "993", sFichier))
stRéglages.Utilisateur = INILit("Compte", "Utilisateur", "", sFichier)
stRéglages.MotDePasse = INILit("Compte", "MotDePasse", "", sFichier)
stRéglages.Expéditeur = INILit("Compte", "Expéditeur", stRéglages.Utilisateur, sFichier)
RENVOYER stRéglages.ServeurSMTP <> "" ET stRéglages.ServeurIMAP <> "" ET stRéglages.Utilisateur <> ""

// Un abonné ; sRubriques donne ses rubriques séparées par des virgules.
PROCÉDURE NouvelAbonné(sNom est une chaîne, sEmail est une chaîne, sVille est une chaîne, sRubriques est une chaîne) : Abonné
stAbonné est un Abonné
stAbonné.Nom = sNom
stAbonné.Email = sEmail
stAbonné.Adr.Ville = sVille
POUR TOUTE CHAÎNE sRubrique DE sRubriques SÉPARÉE PAR ","
	Ajoute(stAbonné.Préf.Rubriques, sRubrique)
FIN
RENVOYER stAbonné

PROCÉDURE NouvelArticle(sRubrique est une chaîne, sTitre est une chaîne) : Article
stArticle est un Article
stArticle.Rubrique = sRubrique
stArticle.Titre = sTitre
RENVOYER stArticle
