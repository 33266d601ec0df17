app-name = migrant-desk
app-tagline = Migrant desk
skip-to-content = Skip to content

nav-home = Home
nav-people = People
nav-referrals = Referrals
nav-follow-ups = Follow-ups
nav-attention = Attention
nav-reports = Reports
nav-admin = Administration
nav-sign-out = Sign out
nav-language = Language

language-fr = Français
language-ar = العربية
language-en = English

login-title = Sign in
login-email = Email address
login-password = Password
login-submit = Sign in
login-invalid = Wrong email address or password.
login-throttled = Too many attempts. Try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
login-expired = Your session has expired: sign in again.

home-title = Hello, { $name }
home-role = Role: { $role }
home-follow-ups-due = My follow-ups due
home-open-cases = My open cases
home-overdue-referrals = Overdue referrals
home-inbox = Referrals received
home-inbox-pending = New
home-inbox-accepted = Accepted
home-inbox-overdue = Overdue
home-reports = See the reports
home-admin = Offices, accounts, directory and audit trail
home-nothing = Nothing for now.
home-count = { $count ->
    [one] { $count } item
   *[other] { $count } items
}

role-admin = administrator
role-supervisor = supervisor
role-caseworker = caseworker
role-manager = manager
role-partner = partner

error-title = Error
error-forbidden = Your role does not allow this.
error-not-found = This page does not exist, or it is not yours to see.
error-invalid-form = The form has expired or does not come from this site: reload the page and try again.
error-unavailable = The service is briefly unavailable: try again in a moment.
error-internal = Something went wrong.
error-back-home = Back to the home page

people-title = People
people-search = Search a name (Latin or Arabic script)
people-search-submit = Search
people-new = Register a person
people-none = Nobody found.
people-more = Next
people-born = born in
register-title = Register a person
register-given-name = Given name(s)
register-family-name = Family name(s)
register-name-ar = Name in Arabic script
register-sex = Sex
register-birth-date = Date of birth
register-birth-year = Estimated year of birth
register-nationality = Nationality (ISO code, e.g. SN)
register-phone = Phone
register-district = District
register-legal-status = Legal status
register-arrival-date = Arrival date
register-vulnerabilities = Vulnerabilities
register-consents = Consents collected
register-submit = Register
register-duplicates = These people already registered look very much like this one. Open their file, or register anyway:
register-anyway = Register anyway
register-likeness = likeness
person-details = Details
person-consents = Consents
person-consent-given = given
person-consent-withdrawn = withdrawn or refused
person-history = Consent history
person-cases = Cases
person-no-cases = No case.
person-export = Export all data (subject-access request)
person-state = Record state

case-title = Case
case-status = Status
case-priority = Priority
case-summary = Summary
case-opened = Opened on
case-services = Services
case-notes = Notes
case-follow-ups = Follow-ups
case-referrals = Referrals
case-none = Nothing yet.
case-person = The person
case-add-note = Add a note
case-note-text = Note
case-add-follow-up = Plan a follow-up
case-due-on = Due on
case-description = What
case-add-service = Record a service
case-service-type = Service type
case-service-status = Service status
case-service-date = Date
case-service-notes = Remarks
case-close = Close the case
case-closure-reason = Reason for closing
case-reopen = Reopen the case
case-save = Save
case-done = done

ref-title = Referrals
ref-pending = New
ref-accepted = Accepted
ref-closed = Completed, declined or cancelled
ref-overdue = overdue
ref-respond-by = Answer expected by
ref-referral = Referral
ref-service = Service asked for
ref-reason = Reason
ref-urgency = Urgency
ref-status = Status
ref-history = History
ref-person = The person
ref-age = age
ref-no-person = No personal data is shown for this referral.
ref-consent-withdrawn = The person has withdrawn consent: nothing about them is shared any more.
ref-accept = Accept
ref-decline = Decline
ref-decline-reason = Why you decline
ref-complete = Complete
ref-outcome = Outcome
ref-cancel = Cancel the referral
ref-cancel-reason = Why it is cancelled
ref-record-service = Record the service delivered

case-refer = Refer to a partner
case-organization = Organisation (serving this office)
case-urgency = Urgency
case-share = Share with the partner (besides given name, sex, age and languages)
case-respond-by = Answer expected by (optional)
case-referral-reason = Why this referral
share-family-name = Family name
share-phone = Phone (needs the consent to share contact details)
share-birth-date = Date of birth
share-nationality = Nationality
share-vulnerabilities = Vulnerabilities
