// Sample 003 assigns NomUser without declaring it.
NomUser est une chaîne
