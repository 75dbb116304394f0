// Sample 005 uses USER and PASSWORD (constants of the project) and assigns NomUser.
USER est une chaîne = "utilisateur@gmail.com"
PASSWORD est une chaîne = "mot-de-passe-application"
NomUser est une chaîne
