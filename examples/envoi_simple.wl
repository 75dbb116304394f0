// envoi_simple.wl — envoyer un message texte par une session SMTP sécurisée par STARTTLS.
//
//   wl run --sandbox examples/envoi_simple.wl     (aucun courrier ne part : le bac à sable le garde)
//
// Sans --sandbox, le script parle vraiment au serveur nommé ci-dessous : remplacez l'adresse,
// le nom et le mot de passe par ceux de votre compte.

MaSession est une emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Port = 587                          // soumission : connexion en clair, puis STARTTLS
MaSession.Option = emailProtocolSMTPS         // ancien nom : emailOptionSécuriséTLS
MaSession.Nom = "jean.dupont@exemple.fr"
MaSession.MotDePasse = "mot-de-passe"

SI PAS MaSession.OuvreSession() ALORS
	Erreur("Connexion impossible au serveur SMTP", ErreurInfo(errMessage))
	RETOUR
FIN

MonMessage est un Email
MonMessage.Expéditeur = "jean.dupont@exemple.fr"
Ajoute(MonMessage.Destinataire, "marie.martin@exemple.org")
MonMessage.Sujet = "Compte rendu de la réunion"
MonMessage.Message = "Bonjour Marie," + RC + RC + ...
	"la réunion de lundi est déplacée à 14 h, salle B." + RC + RC + ...
	"Jean"

SI MaSession.EnvoieMessage(MonMessage) ALORS
	Trace("Message envoyé à " + MonMessage.Destinataire[1] + ", identifiant " + MonMessage.ID)
SINON
	Erreur("Échec de l'envoi", ErreurInfo(errMessage))
FIN

MaSession.FermeSession()
