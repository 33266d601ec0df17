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
person-household = Ménage

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

report-title = Rapports
report-from = Du
report-to = Au
report-office = Bureau
report-show = Afficher
report-csv-summary = Télécharger le résumé (CSV)
report-csv-monthly = Télécharger la série mensuelle (CSV)
report-network = Tout le réseau
report-total = Total
report-protection = Les rapports portent sur des mois entiers et terminés, figés dès leur première publication. Chaque chiffre est décalé d'au plus 2, et un nombre inférieur à { $k } est publié comme 0 ou { $k } : aucun ensemble de rapports ne permet d'isoler une personne.
report-chart-desc = Nombre par catégorie, période { $period } ; une barre hachurée est une case protégée (moins que le seuil), jamais zéro.
report-monthly-desc = Services rendus par mois, période { $period }, dans l'ordre chronologique ; une barre hachurée est une case protégée.
report-monthly-services = Services rendus par mois
report-fewer-than = moins de { $k }
report-migrants-registered-by-sex = Personnes enregistrées, par sexe
report-migrants-registered-by-age-band = Personnes enregistrées, par âge
report-migrants-registered-by-nationality = Personnes enregistrées, par nationalité
report-migrants-registered-by-legal-status = Personnes enregistrées, par situation administrative
report-migrants-registered-by-vulnerability = Personnes enregistrées, par vulnérabilité
report-cases = Dossiers
report-services-delivered-by-type = Services rendus, par type
report-services-delivered-by-provider = Services rendus, par prestataire
report-referrals-by-status = Orientations, par statut
report-referrals-by-organization = Orientations, par organisation
report-referrals = Orientations

admin-title = Administration
admin-offices = Bureaux
admin-users = Comptes
admin-directory = Annuaire des partenaires
admin-audit = Journal d'audit
admin-new-user = Créer un compte
admin-email = Adresse e-mail
admin-full-name = Nom complet
admin-role = Rôle
admin-office = Bureau (rôles de bureau)
admin-organization = Organisation (partenaires)
admin-password = Mot de passe initial
admin-create = Créer
admin-deactivate = Désactiver
admin-inactive = désactivé
admin-none = —
audit-verify-ok = La chaîne d'audit est intacte : { $checked } entrées vérifiées.
audit-verify-broken = La chaîne d'audit est rompue à l'entrée { $seq }.
audit-at = Quand
audit-action = Action
audit-entity = Objet
audit-role = Rôle

person-merge = Fusionner dans ce dossier
person-merge-help = Ces personnes enregistrées ressemblent à celle-ci. Fusionner déplace leurs dossiers et consentements ici et retire l'autre fiche.
person-anonymise = Anonymiser (irréversible)
person-anonymise-help = Efface les informations qui identifient la personne ; les chiffres des rapports sont conservés.

case-assign = Confier à
case-assign-submit = Confier
case-transfer = Transférer vers le bureau
case-transfer-submit = Transférer

nav-organization = Mon organisation
org-description = Description
org-services = Services
org-keys = Clés d'API
org-key-name = À quoi sert la clé
org-new-key = Créer une clé
org-revoke = Révoquer
org-revoked = révoquée
org-key-once = Copiez cette clé maintenant : elle ne sera plus jamais affichée.
org-deliveries = Envois du webhook
org-name = Nom
org-acronym = Sigle
org-contact-email = Courriel de contact
org-contact-phone = Téléphone de contact
org-address = Adresse
org-website = Site web
org-languages = Langues parlées
org-webhook-url = URL du webhook (https)
org-kind = Type
org-offices-served = Bureaux desservis
org-has-capacity = Accepte de nouvelles orientations en ce moment
org-active = Active dans l'annuaire (reçoit des orientations)
org-save = Enregistrer
org-inactive = Cette organisation est désactivée : elle ne reçoit aucune orientation. Seul un administrateur peut la réactiver.
org-profile = Fiche dans l'annuaire
org-webhook = Webhook
org-webhook-help = Les événements sont signés en HMAC-SHA256 avec le secret de signature. Un nouveau secret remplace l'ancien immédiatement.
org-rotate-secret = Émettre un nouveau secret de signature
org-secret-once = Copiez ce secret de signature maintenant : il ne sera plus affiché.
admin-new-organization = Ajouter une organisation
admin-new-office = Ajouter un bureau
office-code = Code (3 lettres, p. ex. RBA)
office-name = Nom
office-city = Ville
office-country = Pays
admin-edit = Modifier
admin-active = Actif (peut se connecter)
admin-new-password = Nouveau mot de passe (vide pour le garder)
person-open-case = Ouvrir un dossier
attention-inactive_case = Dossier ouvert sans activité depuis le
attention-overdue_follow_up = Suivi en retard, prévu le
attention-overdue_referral = Orientation sans réponse dans le délai, attendue le
attention-vulnerable_without_service = Personne vulnérable sans service récent
attention-document_expiring = Document expirant le

account-password-title = Changer mon mot de passe
account-password-required = Votre mot de passe a été défini par un administrateur : choisissez le vôtre avant de continuer.
account-password-current = Mot de passe actuel
account-password-new = Nouveau mot de passe
account-password-help = Au moins 12 caractères ; quelques mots sans rapport entre eux conviennent bien. Les mots de passe courants ou faciles à deviner sont refusés.
account-password-submit = Changer le mot de passe et se reconnecter
nav-password = Mon mot de passe

login-mfa-title = Deuxième étape
login-mfa-code = Code
login-mfa-help = Les 6 chiffres qu'affiche maintenant votre application d'authentification, ou l'un de vos codes de secours.
login-mfa-invalid = Code erroné ou déjà utilisé.
account-mfa-title = Application d'authentification
account-mfa-required = Votre rôle doit se connecter avec une application d'authentification : configurez-en une avant de continuer.
account-mfa-enabled = La connexion demande un code de votre application d'authentification.
account-mfa-codes-left = { $count ->
    [one] Il reste un code de secours.
   *[other] Il reste { $count } codes de secours.
}
account-mfa-scan = Scannez ce code avec votre application d'authentification (ou saisissez la clé ci-dessous), puis entrez les 6 chiffres affichés.
account-mfa-qr-alt = Code QR de la clé pour l'application d'authentification
account-mfa-secret = Clé :
account-mfa-confirm = Activer
account-mfa-start = Configurer une application d'authentification
account-mfa-recovery = Codes de secours
account-mfa-recovery-help = Chacun permet une connexion sans l'application. Conservez-les en lieu sûr : ils ne sont affichés que maintenant.
account-mfa-done = Terminé
nav-mfa = Application d'authentification

attention-account_change = Compte modifié par un administrateur
attention-account_awaiting_confirmation = Compte en attente de votre confirmation
attention-confirm-account = Confirmer ce compte

logins-title = Connexions ouvertes
logins-browser = Navigateur
logins-api = Application (API)
logins-current = celle-ci
logins-end = Fermer
security-events-title = Événements de sécurité récents
security-sign_in = Connexion
security-sign_in_failed = Connexion échouée
security-sign_in_temporary_password = Connexion avec un mot de passe défini par un administrateur
security-sign_in_refused = Connexion refusée (trop de tentatives)
security-sign_out = Déconnexion
security-account_created = Compte créé
security-account_changed = Compte modifié
security-api_key_created = Clé d'API créée
security-by-other = pas par vous

fu-which = Quels suivis
fu-due = À faire
fu-overdue = En retard
fu-done = Faits
fu-mine = Les miens
fu-office = Tout le bureau
fu-mark-done = Marquer comme fait
fu-reschedule = Reporter
fu-new-date = Nouvelle date
fu-see-all = Voir tous les suivis

confirm-cancel = Annuler
notice-transferred = Transfert fait : le dossier et la personne sont maintenant au bureau { $arg }.
notice-merged = Fiches fusionnées : la fiche retirée renvoie à celle-ci.
notice-anonymised = Fiche anonymisée : les données personnelles ont été effacées.
transfer-confirm-title = Confirmer le transfert
transfer-confirm-what = Le dossier { $case } de { $name } et tous les dossiers de cette personne, avec leurs services, notes, suivis et orientations, passent au bureau { $office }.
transfer-confirm-after = Votre bureau n'aura plus accès à cette personne ; seul le bureau qui la reçoit pourra la transférer de nouveau.
transfer-confirm-submit = Transférer au bureau { $office }
merge-confirm-title = Comparer avant de fusionner
merge-confirm-kept = Fiche gardée
merge-confirm-retired = Fiche retirée
merge-confirm-what = Les dossiers et les consentements de la fiche retirée passent à la fiche gardée ; la fiche retirée renvoie ensuite à celle-ci.
merge-confirm-fields = La fiche gardée garde ses valeurs ; un champ vide (ou une situation « inconnue ») prend la valeur de la fiche retirée.
anonymise-confirm-title = Confirmer l'anonymisation
anonymise-confirm-what = Le nom, les coordonnées, les documents et les textes libres de { $name } seront effacés définitivement. Rien ne permettra de les retrouver.
anonymise-confirm-kept = Les dossiers et services restent comptés, sans personne, dans les rapports.
anonymise-type = Pour confirmer, tapez { $what }
anonymise-type-case = le numéro de son dernier dossier
anonymise-type-name = son nom de famille
anonymise-type-mismatch = Ce n'est pas le texte attendu ; rien n'a été effacé.
person-state-active = active
person-state-merged = fusionnée dans une autre fiche
person-state-anonymised = anonymisée
person-merged-into = voir la fiche gardée
case-closed-on = Clos le
close-confirm-title = Clore un dossier qui a des orientations ouvertes
close-confirm-open = { $count ->
    [one] Une orientation de ce dossier est encore ouverte :
   *[other] { $count } orientations de ce dossier sont encore ouvertes :
}
close-confirm-after = Elles restent ouvertes : l'association peut continuer à aider la personne. Annulez-les depuis leur page si elles ne servent plus.
notice-consent-recorded = Consentement enregistré.
consent-state-given = donné
consent-state-withdrawn = retiré ou refusé
consent-state-none = pas encore demandé
consent-statement-registration = La personne accepte que le bureau enregistre ses données pour l'accompagner.
consent-statement-referral = La personne accepte d'être orientée vers une association partenaire, qui verra ce que l'orientation partage.
consent-statement-share_contact = La personne accepte que son téléphone soit communiqué à l'association qui la reçoit.
consent-note = Comment et par qui
consent-give = Enregistrer l'accord
consent-renew = Renouveler l'accord
consent-withdraw = Retirer le consentement
consent-refuse = Enregistrer le refus
consent-withdraw-title = Retirer le consentement à l'orientation
consent-withdraw-closes = { $count ->
    [one] Cette orientation se ferme pour l'association :
   *[other] Ces { $count } orientations se ferment pour les associations :
}
consent-withdraw-after = Elles ne verront plus la personne et ne pourront plus accepter, ni enregistrer de service ; elles en sont averties.
err-required = Ce champ est obligatoire.
err-date = Indiquez une date (AAAA-MM-JJ).
err-future = La date ne peut pas être dans le futur.
err-past = La date doit être dans le futur.
err-birth-year-mismatch = L'année ne correspond pas à la date de naissance.
err-not-offered = Cette association n'offre pas ce service.
err-no-organisation = Choisissez une association de l'annuaire.
err-organisation-inactive = Cette association n'est plus active.
err-not-served = Cette association ne travaille pas avec ce bureau.
err-no-referral-consent = La personne n'a pas donné (ou a retiré) son accord pour être orientée.
err-share-contact = Partager le téléphone demande l'accord de la personne pour communiquer son contact.
err-control-characters = Ce texte contient des caractères invisibles non permis.
err-year = Indiquez une année, par exemple 1990.
err-period-order = La fin de la période doit suivre son début.
err-period-length = La période peut couvrir dix ans au plus.
err-unknown-field = Ce champ n'appartient pas à ce formulaire.
err-length = Entre 1 et { $max } caractères.
err-max-length = { $max } caractères au plus.
err-not-in-list = Choisissez une valeur de la liste.
action-anonymise = anonymisation
action-create = création
action-denied = accès refusé
action-export = export
action-login = connexion
action-login_failed = connexion refusée
action-login_temporary_password = connexion avec un mot de passe provisoire
action-logout = déconnexion
action-merge = fusion
action-read = lecture
action-transfer = transfert
action-transition = changement d'état
action-update = modification
entity-audit = journal d'audit
entity-case = dossier
entity-consent = consentement
entity-follow_up = suivi
entity-migrant = personne
entity-note = note
entity-office = bureau
entity-organization = association
entity-referral = orientation
entity-report = rapport
entity-service = service
entity-user = compte
ref-all = Toutes
ref-which = Quelles orientations
choice-unknown = Inconnue
choice-pick = — Choisir —
choice-several = Plusieurs choix possibles (Ctrl ou ⌘ en cliquant).
register-languages = Langues parlées
ref-name = Nom
report-key-opened = Ouverts
report-key-closed = Clos
report-key-open-at-end = Ouverts en fin de période
report-key-overdue = En retard
report-key-partners-median-response-hours = Délai médian de réponse des partenaires (heures)
ref-slip = Imprimer la fiche d'orientation
ref-organization = Association
ref-office = Bureau qui oriente
ref-referred-by = par
ref-shared = Informations partagées
ref-created = Créée le
ref-zone = Heures au fuseau du bureau : { $zone }
ref-services-recorded = Services enregistrés par l'association
ref-no-services = Aucun service enregistré pour l'instant.
case-referral-offer = Association et service
case-referral-offer-help = Seuls les services que chaque association offre sont proposés.
slip-title = Fiche d'orientation
slip-back = Retour à l'orientation
slip-reference = Référence
slip-carry = Présentez cette fiche à l'association : la référence lui permet de retrouver l'orientation.
print-hint = Imprimez avec la commande d'impression du navigateur (Ctrl+P).
print-back = Retour au dossier
case-print = Imprimer le résumé du dossier
print-notes-left-out = { $n ->
    [0] Aucune note.
    [one] Une note n'est pas imprimée (voir le dossier).
   *[other] { $n } notes ne sont pas imprimées (voir le dossier).
}
audit-actor = Qui
audit-anyone = Tout le monde
audit-any = Toutes
audit-entity-id = Identifiant de l'objet
audit-filter = Filtrer
audit-nobody = Personne (système)
people-vulnerability = Vulnérabilité
people-open-case = Dossier ouvert
people-open-case-yes = Avec un dossier ouvert
people-open-case-no = Sans dossier ouvert
people-first = Première page
consent-recorded-by = enregistré par
office-time-zone = Fuseau horaire
office-time-zone-country = Celui du pays
office-time-zone-help = Les heures des pages du bureau et de ses orientations sont affichées dans ce fuseau.
notice-registered = Personne enregistrée.
notice-case-opened = Dossier ouvert.
notice-note-added = Note ajoutée.
notice-follow-up-added = Suivi planifié.
notice-service-added = Service enregistré.
notice-case-closed = Dossier clos.
notice-case-reopened = Dossier rouvert.
notice-case-assigned = Dossier attribué.
notice-referred = Orientation envoyée à l'association.
notice-follow-up-done = Suivi marqué comme fait.
notice-follow-up-moved = Suivi déplacé.
notice-account-created = Compte créé.
notice-account-deactivated = Compte désactivé : ses connexions sont fermées.
notice-account-saved = Compte enregistré.
notice-referral-saved = Orientation mise à jour.
notice-office-saved = Bureau enregistré.
notice-organization-saved = Fiche de l'association enregistrée.
entity-target_list = liste ciblée
nav-target-lists = Listes ciblées
target-title = Listes ciblées
target-intro = Qui une action doit atteindre : choisissez des critères, comptez, puis enregistrez la liste. Elle suit les fiches : à chaque ouverture, elle est recalculée. Les personnes qui ont retiré leur consentement à l'enregistrement n'y figurent jamais.
target-saved = Listes enregistrées
target-none = Aucune liste pour l'instant.
target-people = { $count ->
    [0] Personne
    [one] { $count } personne
   *[other] { $count } personnes
}
target-new = Nouvelle liste
target-combine = Les personnes qui remplissent
target-combine-all = tous les critères choisis
target-combine-any = au moins un des critères choisis
target-vulnerability = Vulnérabilité
target-age-band = Tranche d'âge
target-household = Ménage
target-household-head = Chef de ménage
target-household-with_children = Ménage avec enfants
target-service = Service reçu ou non
target-service-received-label = Condition
target-service-no = N'a pas reçu
target-service-yes = A reçu
target-since = Depuis le
target-referral = Orientation
target-referral-overdue = Orientation en retard
target-no-contact-label = Sans contact (service ou note) depuis (jours)
target-count = Compter
target-name = Nom de la liste
target-save = Enregistrer la liste
target-members = Personnes trouvées aujourd'hui
target-nobody = Personne ne remplit ces critères aujourd'hui.
target-reuse = Reprendre ces critères dans une nouvelle liste
target-delete = Supprimer cette liste
target-service-received = A reçu le service { $service } depuis le { $since }
target-service-not-received = N'a pas reçu le service { $service } depuis le { $since }
target-no-contact = { $days ->
    [one] Sans contact depuis { $days } jour
   *[other] Sans contact depuis { $days } jours
}
notice-target-list-saved = Liste enregistrée.
notice-target-list-deleted = Liste supprimée (les fiches ne changent pas).
entity-distribution = distribution
distribution-title = Enregistrer une distribution
distribution-intro = Un service remis à toutes les personnes de la liste aujourd'hui, sauf celles marquées ci-dessous. Chacune reçoit le service dans son dossier.
distribution-place = Lieu
distribution-quantity = Quantité par personne
distribution-exceptions = Personnes non servies
distribution-served = Servie
distribution-absent = Absente
distribution-refused = A refusé
distribution-served-elsewhere = Déjà servie ailleurs
distribution-record = Enregistrer la distribution
distribution-confirm-title = Distribution déjà reçue ce mois-ci
distribution-confirm-served = { $count ->
    [one] Une personne recevra le service.
   *[other] { $count } personnes recevront le service.
}
distribution-confirm-repeat = { $count ->
    [one] Une d'entre elles a déjà reçu ce type de service ce mois-ci.
   *[other] { $count } d'entre elles ont déjà reçu ce type de service ce mois-ci.
}
notice-distribution-recorded = Distribution enregistrée : { $arg } personnes servies.
sheet-print = Imprimer la feuille de distribution
sheet-title = Feuille de distribution
sheet-name = Nom
sheet-household = Personnes au ménage
sheet-reference = Référence
sheet-sign = Reçu (coche ou signature)
sheet-date = Date : { $date } · Lieu : ………………
sheet-back = Retour à la liste

# Imports
nav-imports = Importer
entity-import = import
import-title = Importer un tableur
import-intro = Apportez les personnes déjà inscrites dans votre tableur (CSV ou Excel). Rien n'est créé avant que vous ayez vérifié chaque ligne et choisi d'importer.
import-upload = Envoyer un fichier
import-file = Fichier
import-file-help = CSV (UTF-8 ou Windows-1252, séparé par des virgules ou des points-virgules) ou Excel (.xlsx), 50 Mo et 100 000 lignes au plus. La première ligne nomme les colonnes.
import-send = Envoyer
import-demo-title = Essayer avec le tableur de démonstration
import-demo-intro = 300 personnes fictives, avec les erreurs qu'ont les vrais fichiers.
import-demo-download = Télécharger le tableur de démonstration
import-demo-use = Importer le tableur de démonstration
import-history = Imports du bureau
import-none = Aucun import pour l'instant.
import-uploaded-at = Envoyé le
import-rows = Lignes
import-state = État
import-state-uploaded = En attente
import-state-imported = Importé
import-state-discarded = Abandonné
import-created = { $count ->
    [0] Personne créée
    [one] { $count } personne créée
   *[other] { $count } personnes créées
}
import-rows-count = { $count ->
    [0] Aucune ligne
    [one] { $count } ligne
   *[other] { $count } lignes
}
import-mapping = Colonnes
import-mapping-intro = Pour chaque champ, choisissez la colonne du fichier qui le contient. Le bureau retiendra ce choix pour le prochain fichier.
import-no-column = — aucune colonne —
import-check = Enregistrer et vérifier chaque ligne
import-report-check = Vérification
import-report-done = Import fait
import-valid = { $count ->
    [0] Aucune ligne correcte
    [one] { $count } ligne correcte
   *[other] { $count } lignes correctes
}
import-problems = { $count ->
    [0] Aucun problème
    [one] { $count } problème
   *[other] { $count } problèmes
}
import-duplicates = { $count ->
    [0] Aucun doublon possible
    [one] { $count } doublon possible
   *[other] { $count } doublons possibles
}
import-already = { $count ->
    [0] Aucune ligne déjà importée
    [one] { $count } ligne déjà importée
   *[other] { $count } lignes déjà importées
}
import-problem-list = Lignes à corriger
import-row = Ligne
import-column = Colonne
import-message = Problème
import-duplicate-list = Doublons possibles (non importés sauf si vous le demandez)
import-see-person = voir la fiche
import-duplicate-row = ressemble à la ligne { $arg }
import-duplicate-person = ressemble à une personne déjà inscrite
import-report-download = Télécharger le rapport (CSV)
import-run = Importer
import-mode = Si des lignes ont un problème
import-mode-all = Tout ou rien : ne rien importer
import-mode-rows = Ligne par ligne : importer les lignes correctes
import-with-duplicates = Importer aussi les doublons possibles
import-go = Importer maintenant
import-discard-intro = Abandonner cet import supprime le fichier envoyé.
import-discard = Abandonner l'import
import-too-large = Le fichier dépasse 50 Mo.
import-refused-all-or-nothing = Rien n'a été importé : des lignes ont un problème. Corrigez-les, ou importez ligne par ligne.
import-field-family-name = Nom
import-field-given-name = Prénom(s)
import-field-name-ar = Nom en arabe
import-field-sex = Sexe
import-field-birth-date = Date de naissance
import-field-birth-year = Année de naissance
import-field-nationality = Nationalité
import-field-languages = Langues parlées
import-field-phone = Téléphone
import-field-district = Quartier
import-field-legal-status = Situation administrative
import-field-vulnerabilities = Vulnérabilités
import-field-arrival-date = Date d'arrivée
import-field-data-consent = Consentement à l'enregistrement (oui/non)
import-field-consent-date = Date du consentement sur papier
import-field-open-case = Dossier ouvert (oui/non)
import-field-service-type = Service reçu
import-field-service-date = Date du service
notice-import-uploaded = Fichier lu : { $arg } lignes. Vérifiez les colonnes.
notice-import-checked = Vérification faite : { $arg } problèmes.
notice-import-done = Import fait : { $arg } personnes créées.
notice-import-discarded = Import abandonné, fichier supprimé.
err-date-dmy = Indiquez une date (JJ/MM/AAAA).
err-formula = Une formule, pas une valeur.
err-no-country = Pays inconnu.
err-yes-no = Indiquez oui ou non.
err-sheet-error = Erreur dans le tableur.
err-no-column = Cette colonne n'est pas dans le fichier.
err-column-twice = Colonne déjà choisie pour un autre champ.
err-no-language = Langue inconnue : { $value }
err-file-empty = Le fichier est vide.
err-file-unreadable = Ce fichier n'est ni un CSV ni un classeur lisible.
err-file-too-many-rows = Le fichier a plus de 100 000 lignes.
report-xlsx-summary = Télécharger le résumé (Excel)
report-xlsx-monthly = Télécharger la série mensuelle (Excel)
target-xlsx = Télécharger la liste (Excel)
person-subject-access = Tout ce que nous détenons sur la personne (page à imprimer)
sar-title = Données détenues
sar-intro = Tout ce que le bureau détient sur cette personne, extrait le
sar-json = Télécharger en JSON
sar-record = Fiche
sar-consents = Consentements (historique)
sar-given = donné
sar-withdrawn = refusé ou retiré
sar-notes = Notes
sar-done = fait
sar-shared = partagé :
sar-audit = Qui a consulté ou modifié ces données
sar-audit-count = { $count ->
    [0] Aucune entrée
    [one] { $count } entrée du journal
   *[other] { $count } entrées du journal
}
sar-role = Rôle
report-services-distributed-by-type = Services donnés lors de distributions, par type
sheet-entry-title = Saisir la feuille cochée
sheet-entry-intro = Décochez les personnes qui n'ont rien reçu (elles sont notées absentes), puis enregistrez : chaque personne cochée reçoit le service sur son dossier.
sheet-entry-ticked = Reçu (comme sur la feuille)
partner-distribution-title = Enregistrer une distribution
partner-distribution-intro = Un même service donné en une fois aux personnes des orientations cochées : chacune le reçoit sur son dossier, avec votre association comme prestataire.
partner-distribution-who = Personnes servies
partner-distribution-repeat = Enregistrer même pour qui a déjà reçu ce service ce mois-ci
distribution-per-household = Un par foyer : seul le chef de foyer reçoit, pour tout le foyer
