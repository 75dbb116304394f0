// envoi_lot.wl — envoyer une lettre d'information à une liste en mode asynchrone, puis suivre
// chaque message avec EmailEtat.
//
//   wl run --sandbox examples/envoi_lot.wl
//
// En mode asynchrone, EmailEnvoieMessage met le message en file d'attente et rend la main
// tout de suite ; l'envoi se fait en arrière-plan. La fin du script attend que la file soit vide.
//
// Serveur en panne : EmailEnvoieMessage ne rend Vrai qu'une fois le message écrit sur disque,
// dans le spool (wl/spool du dossier cache de l'utilisateur, ou --spool DOSSIER). Si le serveur
// est injoignable ou tombe en cours d'envoi, wl réessaie jusqu'à la fin du script (au plus le
// délai de la session, EmailChangeTimeOut), puis écrit une ligne par message non envoyé sur la
// sortie d'erreur et se termine avec le code 3 : les messages restent dans le spool.
// « wl spool list » les montre, « wl spool flush --password-env MOT_DE_PASSE » les envoie, et
// le prochain lancement de ce script, qui ouvre la même session, aussi. Un message que le
// serveur refuse (5xx) est en emailErreur et va dans le dossier failed du spool.

tabAbonnés est un tableau de chaînes = ["ada@exemple.org", "grace@exemple.org", ...
	"linus@exemple.org", "margaret@exemple.org", "ken@exemple.org"]

MaSession est une emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Port = 587
MaSession.Option = emailProtocolSMTPS
MaSession.Nom = "lettre@exemple.fr"
MaSession.MotDePasse = "mot-de-passe"
MaSession.Asynchrone = Vrai                  // ou emailAsynchrone
SI PAS MaSession.OuvreSession() ALORS
	Erreur(ErreurInfo(errMessage)) ; RETOUR
FIN

// Chaque message envoyé reçoit un identifiant (membre ID) qui permet de le suivre.
tabID est un tableau de chaînes
POUR TOUT sAdresse DE tabAbonnés
	m est un Email
	m.Expéditeur = "lettre@exemple.fr"
	m.Destinataire = sAdresse
	m.Sujet = "La lettre de novembre"
	m.Message = "Bonjour " + ExtraitChaîne(sAdresse, 1, "@") + "," + RC + "voici les nouvelles du mois."
	SI MaSession.EnvoieMessage(m) ALORS
		Ajoute(tabID, m.ID)
	SINON
		Erreur("Non mis en file : " + sAdresse, ErreurInfo(errMessage))
	FIN
FIN
Trace(tabID.Occurrence + " messages en file d'attente")

// Suivre les envois, une minute au plus (600 fois un dixième de seconde).
nEnvoyés, nErreurs sont des entiers
BOUCLE(600)
	nEnvoyés = 0 ; nErreurs = 0
	POUR TOUT sID DE tabID
		SELON EmailEtat(sID)
			CAS emailEnvoyé : nEnvoyés++
			CAS emailErreur : nErreurs++
		FIN
	FIN
	SI nEnvoyés + nErreurs = tabID.Occurrence ALORS SORTIR
	Multitâche(10)                           // 10 centièmes de seconde
FIN
Trace(nEnvoyés + " envoyé(s), " + nErreurs + " en erreur")
MaSession.FermeSession()
