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

people-title = Personnes
people-search = Rechercher un nom (latin ou arabe)
people-search-submit = Rechercher
people-new = Enregistrer une personne
people-none = Aucune personne trouvée.
people-more = Suivants
people-born = née/né en
register-title = Enregistrer une personne
register-given-name = Prénom(s)
register-family-name = Nom(s) de famille
register-name-ar = Nom en arabe
register-sex = Sexe
register-birth-date = Date de naissance
register-birth-year = Année de naissance estimée
register-nationality = Nationalité (code ISO, ex. SN)
register-phone = Téléphone
register-district = Quartier
register-legal-status = Situation administrative
register-arrival-date = Date d'arrivée
register-vulnerabilities = Vulnérabilités
register-consents = Consentements recueillis
register-submit = Enregistrer
register-duplicates = Ces personnes déjà enregistrées ressemblent beaucoup à celle-ci. Ouvrez leur dossier, ou enregistrez quand même :
register-anyway = Enregistrer quand même
register-likeness = ressemblance
person-details = Informations
person-consents = Consentements
person-consent-given = donné
person-consent-withdrawn = retiré ou refusé
person-history = Historique des consentements
person-cases = Dossiers
person-no-cases = Aucun dossier.
person-export = Exporter toutes les données (demande d'accès)
person-state = État du dossier

case-title = Dossier
case-status = Statut
case-priority = Priorité
case-summary = Résumé
case-opened = Ouvert le
case-services = Services
case-notes = Notes
case-follow-ups = Suivis
case-referrals = Orientations
case-none = Rien pour l'instant.
case-person = La personne
case-add-note = Ajouter une note
case-note-text = Note
case-add-follow-up = Prévoir un suivi
case-due-on = À faire pour le
case-description = Quoi
case-add-service = Enregistrer un service
case-service-type = Type de service
case-service-status = Statut du service
case-service-date = Date
case-service-notes = Remarques
case-close = Clore le dossier
case-closure-reason = Motif de clôture
case-reopen = Rouvrir le dossier
case-save = Enregistrer
case-done = fait

ref-title = Orientations
ref-pending = Nouvelles
ref-accepted = Acceptées
ref-closed = Terminées, refusées ou annulées
ref-overdue = en retard
ref-respond-by = Réponse attendue le
ref-referral = Orientation
ref-service = Service demandé
ref-reason = Motif
ref-urgency = Urgence
ref-status = Statut
ref-history = Historique
ref-person = La personne
ref-age = âge
ref-no-person = Aucune donnée personnelle n'est visible pour cette orientation.
ref-consent-withdrawn = La personne a retiré son consentement : plus aucune donnée ne lui est communiquée.
ref-accept = Accepter
ref-decline = Refuser
ref-decline-reason = Motif du refus
ref-complete = Terminer
ref-outcome = Résultat
ref-cancel = Annuler l'orientation
ref-cancel-reason = Motif d'annulation
ref-record-service = Enregistrer le service rendu

case-refer = Orienter vers un partenaire
case-organization = Organisation (qui sert ce bureau)
case-urgency = Urgence
case-share = Partager avec le partenaire (en plus du prénom, du sexe, de l'âge et des langues)
case-respond-by = Réponse attendue le (facultatif)
case-referral-reason = Pourquoi cette orientation
share-family-name = Nom de famille
share-phone = Téléphone (consentement au partage des coordonnées requis)
share-birth-date = Date de naissance
share-nationality = Nationalité
share-vulnerabilities = Vulnérabilités
