// Supplies what sample 001 leaves undefined: the user, password and server (the sample
// declares sServeursSMTP but uses sServeurSMTP), and the procedure that fills the Email
// structure.
sNomUser est une chaîne = "utilisateur"
sMotDePasse est une chaîne = "motdepasse"
sServeurSMTP est une chaîne = "smtp.orange.fr"

PROCÉDURE Initialise_Email()
EmailRAZ()
Email.Expéditeur = "utilisateur@orange.fr"
Email.Destinataire[1] = "ami@exemple.fr"
Email.NbDestinataire = 1
Email.Sujet = "Essai 001"
Email.Message = "Envoyé par l'exemple de la documentation"
