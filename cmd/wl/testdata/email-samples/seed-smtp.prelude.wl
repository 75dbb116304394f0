// The seeds' SMTP examples use a user, a password, a server and a procedure that fills the
// Email structure, which their pages leave to the reader.
sNomUser est une chaîne = "utilisateur"
sMotDePasse est une chaîne = "motdepasse"
sServeurSMTP est une chaîne = "smtp.orange.fr"

PROCÉDURE Initialise_Email()
EmailRAZ()
Email.Expéditeur = "utilisateur@exemple.fr"
Email.Destinataire[1] = "ami@exemple.fr"
Email.NbDestinataire = 1
Email.Sujet = "Exemple de la documentation"
Email.Message = "Bonjour"
