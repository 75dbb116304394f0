// The legacy EmailOuvreSession example names USER and PASSWORD and assigns NomUser.
USER est une chaîne = "utilisateur@gmail.com"
PASSWORD est une chaîne = "mot-de-passe-application"
NomUser est une chaîne
