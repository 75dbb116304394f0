// Sample 078 takes the application name from the rest of its project.
ggsAplicacion est une chaîne = "wDA"
