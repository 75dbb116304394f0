// envoi_ancien.wl — le style des anciens projets WINDEV, qui marche toujours tel quel :
// la structure Email globale, une session désignée par le nom d'utilisateur, et les anciens
// noms de constantes.
//
//   wl run --sandbox examples/envoi_ancien.wl

sUtilisateur est une chaîne = "compta@exemple.fr"

// EmailOuvreSessionSMTP(utilisateur, mot de passe, serveur, port, asynchrone, option) :
// emailOptionSécuriséTLS est l'ancien nom d'emailProtocolSMTPS (STARTTLS sur le port 587).
SI EmailOuvreSessionSMTP(sUtilisateur, "mot-de-passe", "smtp.exemple.fr", 587, Faux, emailOptionSécuriséTLS) = Faux ALORS
	Erreur("Ouverture de la session impossible", ErreurInfo(errMessage))
	RETOUR
FIN

tabClients est un tableau de chaînes = ["alice@exemple.org", "bruno@exemple.org"]

POUR i = 1 _À_ tabClients..Occurrence
	EmailRAZ()                         // vide la structure Email avant chaque message
	Email.Expediteur = sUtilisateur    // sans accent, comme dans bien des projets
	Email.Destinataire[1] = tabClients[i]
	Email.NbDestinataire = 1
	Email.Cc[1] = "archives@exemple.fr"
	Email.NbCc = 1
	Email.Sujet = "Facture n° " + (1000 + i)
	Email.Message = "Bonjour," + RC + "votre facture n° " + (1000 + i) + " est disponible." + RC

	EmailEnvoieMessage(sUtilisateur)   // sans second paramètre : la structure Email est envoyée
	SI ErreurDétectée ALORS
		Erreur("Facture non envoyée à " + tabClients[i], ErreurInfo(errMessage))
	SINON
		Trace("Facture " + (1000 + i) + " envoyée à " + Email.Destinataire[1])
	FIN
FIN

EmailFermeSession(sUtilisateur)
