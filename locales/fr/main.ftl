app-name = migrant-desk
app-tagline = Bureau des migrants
skip-to-content = Aller au contenu

nav-home = Accueil
nav-people = Personnes
nav-referrals = Orientations
nav-follow-ups = Suivis
nav-attention = À surveiller
nav-reports = Rapports
nav-admin = Administration
nav-sign-out = Se déconnecter
nav-language = Langue

language-fr = Français
language-ar = العربية
language-en = English

login-title = Connexion
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-invalid = Adresse e-mail ou mot de passe incorrect.
login-throttled = Trop de tentatives. Réessayez dans { $minutes ->
    [one] une minute
   *[other] { $minutes } minutes
}.
login-expired = Votre session a expiré : reconnectez-vous.

home-title = Bonjour, { $name }
home-role = Rôle : { $role }
home-follow-ups-due = Mes suivis à faire
home-open-cases = Mes dossiers ouverts
home-overdue-referrals = Orientations en retard
home-inbox = Orientations reçues
home-inbox-pending = Nouvelles
home-inbox-accepted = Acceptées
home-inbox-overdue = En retard
home-reports = Consulter les rapports
home-admin = Bureaux, comptes, annuaire et journal d'audit
home-nothing = Rien pour l'instant.
home-count = { $count ->
    [one] { $count } élément
   *[other] { $count } éléments
}

role-admin = administrateur
role-supervisor = superviseur
role-caseworker = travailleur social
role-manager = responsable
role-partner = partenaire

error-title = Erreur
error-forbidden = Votre rôle ne permet pas cette action.
error-not-found = Cette page n'existe pas, ou elle ne vous est pas accessible.
error-invalid-form = Le formulaire a expiré ou ne vient pas de ce site : rechargez la page et réessayez.
error-unavailable = Le service est momentanément indisponible : réessayez dans un instant.
error-internal = Une erreur est survenue.
error-back-home = Retour à l'accueil
