// Sample 062 reads its session's settings from edit controls of a window.
EDT_SESSION est une chaîne = "utilisateur@gmail.com"
EDT_PWD est une chaîne = "mot-de-passe"
EDT_POP est une chaîne = "pop.gmail.com"
