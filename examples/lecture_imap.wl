// lecture_imap.wl — traiter le courrier non lu en IMAP avec EmailRécupèreTout, comme le ferait
// une tâche planifiée : chaque message n'est traité qu'une fois.
//
//   wl run --sandbox examples/lecture_imap.wl
//
// Le bac à sable démarre avec une boîte vide : le script s'envoie d'abord trois commandes.
// Sur un vrai serveur, la boîte contient aussi le courrier déjà reçu, et un message qu'on
// vient d'envoyer peut mettre quelques secondes à y arriver : il sera lu au passage suivant.

sUtilisateur est une chaîne = "commandes@exemple.fr"
sMotDePasse est une chaîne = "mot-de-passe"

// 1. S'envoyer trois commandes.
SI PAS EmailOuvreSessionSMTP(sUtilisateur, sMotDePasse, "smtp.exemple.fr", 587, Faux, emailProtocolSMTPS) ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN
POUR n = 1 À 3
	m est un Email
	m.Expéditeur = "client" + n + "@exemple.org"
	m.Destinataire = sUtilisateur
	m.Sujet = "Commande " + (500 + n)
	m.Message = "Quantité : " + (n * 10)
	EmailEnvoieMessage(sUtilisateur, m)
FIN
EmailFermeSession(sUtilisateur)

// 2. Lire en IMAP (TLS dès le premier octet, port 993) ce qui n'a pas encore été lu.
MaSession est une emailSessionIMAP
MaSession.AdresseServeur = "imap.exemple.fr"
MaSession.Port = 993
MaSession.Option = optionTLS
MaSession.Nom = sUtilisateur
MaSession.MotDePasse = sMotDePasse
SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN

tabNonLus est un tableau d'Emails = EmailRécupèreTout(MaSession, ertNonLu + ertComplet)
SI ErreurDétectée ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN
Trace(tabNonLus.Occurrence + " message(s) non lu(s)")
POUR TOUT UnMessage DE tabNonLus
	Trace(UnMessage.Sujet + " de " + UnMessage.Expéditeur + " — " + SansEspace(UnMessage.Message))
FIN

// Un message lu en entier est marqué comme lu : un second passage ne trouve plus rien.
tabNonLus = EmailRécupèreTout(MaSession, ertNonLu + ertComplet)
Trace("au passage suivant : " + tabNonLus.Occurrence + " message(s) non lu(s)")
EmailFermeSession(MaSession)
