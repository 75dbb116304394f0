// lecture_pop3.wl — lire la boîte de réception en POP3 avec EmailLitPremier / EmailLitSuivant
// et enregistrer les pièces jointes.
//
//   wl run --sandbox examples/lecture_pop3.wl
//
// Le bac à sable démarre avec une boîte vide : le script commence donc par s'envoyer deux
// messages, dont un avec une pièce jointe, puis il les relit en POP3 (TLS dès le premier
// octet, port 995). Sur un vrai serveur, la boîte contient aussi le courrier déjà reçu, et un
// message qu'on vient d'envoyer peut mettre quelques secondes à y arriver.

sUtilisateur est une chaîne = "jean.dupont@exemple.fr"
sMotDePasse est une chaîne = "mot-de-passe"
sRep est une chaîne = fRepTemp() + fSep() + "wl-exemple-pop3"
SI PAS fRepExiste(sRep) ALORS fRepCrée(sRep)

// 1. S'envoyer du courrier.
SI PAS EmailOuvreSessionSMTP(sUtilisateur, sMotDePasse, "smtp.exemple.fr", 587, Faux, emailProtocolSMTPS) ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN
fSauveTexte(sRep + fSep() + "planning.txt", "Lundi : inventaire" + RC + "Mardi : livraison" + RC)
m est un Email
m.Expéditeur = sUtilisateur
m.Destinataire = sUtilisateur
m.Sujet = "Planning de la semaine"
m.Message = "Le planning est joint."
m.ChargeFichierAttaché(sRep + fSep() + "planning.txt")
EmailEnvoieMessage(sUtilisateur, m)
fSupprime(sRep + fSep() + "planning.txt")
EmailRAZ(m)
m.Expéditeur = sUtilisateur
m.Destinataire = sUtilisateur
m.Sujet = "Rappel"
m.Message = "Pensez à valider vos congés."
EmailEnvoieMessage(sUtilisateur, m)
EmailFermeSession(sUtilisateur)

// 2. Lire la boîte de réception.
MaSession est une emailSessionPOP3
MaSession.AdresseServeur = "pop.exemple.fr"
MaSession.Port = 995
MaSession.Option = optionTLS                 // ancien nom : optionSSL
MaSession.Nom = sUtilisateur
MaSession.MotDePasse = sMotDePasse
SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN
Trace(EmailNbMessage(MaSession) + " message(s) dans la boîte")

MonMessage est un Email
nEnregistrés est un entier
EmailLitPremier(MaSession, MonMessage)
TANTQUE PAS MonMessage.EnDehors
	Trace("De " + MonMessage.Expéditeur + " : " + MonMessage.Sujet)
	POUR i = 1 _À_ MonMessage.NbAttache
		// Enregistrée dans le répertoire sous son propre nom.
		SI EmailSauveFichierAttaché(MonMessage, i, sRep) ALORS
			nEnregistrés++
			Trace("  pièce jointe enregistrée : " + MonMessage.Attache[i].Nom)
		SINON
			Erreur(ErreurInfo(errMessage))
		FIN
	FIN
	EmailLitSuivant(MaSession, MonMessage)
FIN
EmailFermeSession(MaSession)

// Ce qui a été enregistré.
SI fFichierExiste(sRep + fSep() + "planning.txt") ALORS
	Trace("première ligne de planning.txt : " + ExtraitChaîne(fChargeTexte(sRep + fSep() + "planning.txt"), 1, RC))
	fSupprime(sRep + fSep() + "planning.txt")
FIN
fRepSupprime(sRep)
Trace(nEnregistrés + " pièce(s) jointe(s) enregistrée(s)")
