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
person-household = Household

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

report-title = Reports
report-from = From
report-to = To
report-office = Office
report-show = Show
report-csv-summary = Download the summary (CSV)
report-csv-monthly = Download the monthly series (CSV)
report-network = The whole network
report-total = Total
report-protection = Reports cover whole months that have ended, frozen when first reported. Each figure is moved by at most 2, and a count below { $k } reads 0 or { $k }, so that no set of reports can single out a person.
report-chart-desc = Count per category, period { $period }; a hatched bar is a protected cell (below the threshold), never zero.
report-monthly-desc = Services delivered per month, period { $period }, in time order; a hatched bar is a protected cell.
report-monthly-services = Services delivered per month
report-fewer-than = fewer than { $k }
report-migrants-registered-by-sex = People registered, by sex
report-migrants-registered-by-age-band = People registered, by age
report-migrants-registered-by-nationality = People registered, by nationality
report-migrants-registered-by-legal-status = People registered, by legal status
report-migrants-registered-by-vulnerability = People registered, by vulnerability
report-cases = Cases
report-services-delivered-by-type = Services delivered, by type
report-services-delivered-by-provider = Services delivered, by provider
report-referrals-by-status = Referrals, by status
report-referrals-by-organization = Referrals, by organisation
report-referrals = Referrals

admin-title = Administration
admin-offices = Offices
admin-users = Accounts
admin-directory = Partner directory
admin-audit = Audit trail
admin-new-user = Create an account
admin-email = Email address
admin-full-name = Full name
admin-role = Role
admin-office = Office (office roles)
admin-organization = Organisation (partners)
admin-password = Initial password
admin-create = Create
admin-deactivate = Deactivate
admin-inactive = deactivated
admin-none = —
audit-verify-ok = The audit chain is intact: { $checked } entries checked.
audit-verify-broken = The audit chain is broken at entry { $seq }.
audit-at = When
audit-action = Action
audit-entity = Record
audit-role = Role

person-merge = Merge into this record
person-merge-help = These registered people look like this one. Merging moves their cases and consents here and retires the other record.
person-anonymise = Anonymise (irreversible)
person-anonymise-help = Erases what identifies the person; the report counts are kept.

case-assign = Assign to
case-assign-submit = Assign
case-transfer = Transfer to the office
case-transfer-submit = Transfer

nav-organization = My organisation
org-description = Description
org-services = Services
org-keys = API keys
org-key-name = What the key is for
org-new-key = Create a key
org-revoke = Revoke
org-revoked = revoked
org-key-once = Copy this key now: it will never be shown again.
org-deliveries = Webhook deliveries
org-name = Name
org-acronym = Acronym
org-contact-email = Contact email
org-contact-phone = Contact phone
org-address = Address
org-website = Website
org-languages = Languages spoken
org-webhook-url = Webhook URL (https)
org-kind = Kind
org-offices-served = Offices served
org-has-capacity = Takes new referrals now
org-active = Active in the directory (takes referrals)
org-save = Save
org-inactive = This organisation is deactivated: it receives no referrals. Only an administrator can reactivate it.
org-profile = Profile in the directory
org-webhook = Webhook
org-webhook-help = Events are signed with HMAC-SHA256 under the signing secret. A new secret replaces the old one at once.
org-rotate-secret = Issue a new signing secret
org-secret-once = Copy this signing secret now: it will not be shown again.
admin-new-organization = Add an organisation
admin-new-office = Add an office
office-code = Code (3 letters, e.g. RBA)
office-name = Name
office-city = City
office-country = Country
admin-edit = Edit
admin-active = Active (can sign in)
admin-new-password = New password (leave empty to keep)
person-open-case = Open a case
attention-inactive_case = Open case without activity since
attention-overdue_follow_up = Follow-up overdue, due on
attention-overdue_referral = Referral not answered in time, due on
attention-vulnerable_without_service = Vulnerable person without a recent service
attention-document_expiring = Document expiring on

account-password-title = Change my password
account-password-required = An administrator set your password: choose your own before going on.
account-password-current = Current password
account-password-new = New password
account-password-help = At least 12 characters; a few unrelated words work well. Common or guessable passwords are refused.
account-password-submit = Change the password and sign in again
nav-password = My password

login-mfa-title = Second step
login-mfa-code = Code
login-mfa-help = The 6 digits your authenticator app shows now, or one of your recovery codes.
login-mfa-invalid = Wrong or already used code.
account-mfa-title = Authenticator app
account-mfa-required = Your role must sign in with an authenticator app: set one up before going on.
account-mfa-enabled = Sign-in asks for a code from your authenticator app.
account-mfa-codes-left = { $count ->
    [one] One recovery code left.
   *[other] { $count } recovery codes left.
}
account-mfa-scan = Scan this code with your authenticator app (or type the key below), then enter the 6 digits it shows.
account-mfa-qr-alt = QR code of the key for the authenticator app
account-mfa-secret = Key:
account-mfa-confirm = Turn it on
account-mfa-start = Set up an authenticator app
account-mfa-recovery = Recovery codes
account-mfa-recovery-help = Each one signs you in once without the app. Keep them somewhere safe: they are shown only now.
account-mfa-done = Done
nav-mfa = Authenticator app

attention-account_change = Account changed by an administrator
attention-account_awaiting_confirmation = Account waiting for your confirmation
attention-confirm-account = Confirm this account

logins-title = Open logins
logins-browser = Browser
logins-api = Application (API)
logins-current = this one
logins-end = End
security-events-title = Recent security events
security-sign_in = Signed in
security-sign_in_failed = Failed sign-in
security-sign_in_temporary_password = Sign-in with a password set by an administrator
security-sign_in_refused = Sign-in refused (too many attempts)
security-sign_out = Signed out
security-account_created = Account created
security-account_changed = Account changed
security-api_key_created = API key created
security-by-other = not by you

fu-which = Which follow-ups
fu-due = To do
fu-overdue = Overdue
fu-done = Done
fu-mine = Mine
fu-office = Whole office
fu-mark-done = Mark as done
fu-reschedule = Reschedule
fu-new-date = New date
fu-see-all = See all follow-ups

confirm-cancel = Cancel
notice-transferred = Transferred: the case and the person are now with office { $arg }.
notice-merged = Records merged: the retired record now points to this one.
notice-anonymised = Record anonymised: the personal data were erased.
transfer-confirm-title = Confirm the transfer
transfer-confirm-what = Case { $case } of { $name } and every case of this person, with their services, notes, follow-ups and referrals, move to office { $office }.
transfer-confirm-after = Your office will no longer see this person; only the receiving office can transfer them again.
transfer-confirm-submit = Transfer to office { $office }
merge-confirm-title = Compare before merging
merge-confirm-kept = Record kept
merge-confirm-retired = Record retired
merge-confirm-what = The retired record's cases and consents move to the kept record; the retired record then points to it.
merge-confirm-fields = The kept record keeps its values; an empty field (or an "unknown" status) takes the retired record's value.
anonymise-confirm-title = Confirm the anonymisation
anonymise-confirm-what = The name, contact details, documents and free texts of { $name } will be erased for good. Nothing can bring them back.
anonymise-confirm-kept = The cases and services stay counted, without a person, in the reports.
anonymise-type = To confirm, type { $what }
anonymise-type-case = the number of their latest case
anonymise-type-name = their family name
anonymise-type-mismatch = That is not the expected text; nothing was erased.
person-state-active = active
person-state-merged = merged into another record
person-state-anonymised = anonymised
person-merged-into = see the record kept
case-closed-on = Closed on
close-confirm-title = Close a case with open referrals
close-confirm-open = { $count ->
    [one] One referral of this case is still open:
   *[other] { $count } referrals of this case are still open:
}
close-confirm-after = They stay open: the association may go on helping the person. Cancel them from their page if they are no longer needed.
notice-consent-recorded = Consent recorded.
consent-state-given = given
consent-state-withdrawn = withdrawn or refused
consent-state-none = not asked yet
consent-statement-registration = The person agrees that the office records their data to support them.
consent-statement-referral = The person agrees to be referred to a partner association, which will see what the referral shares.
consent-statement-share_contact = The person agrees that their phone number is given to the association that receives them.
consent-note = How and by whom
consent-give = Record the agreement
consent-renew = Renew the agreement
consent-withdraw = Withdraw consent
consent-refuse = Record the refusal
consent-withdraw-title = Withdraw the consent to referral
consent-withdraw-closes = { $count ->
    [one] This referral closes to its association:
   *[other] These { $count } referrals close to their associations:
}
consent-withdraw-after = They will no longer see the person, nor accept or record a service; they are told.
err-required = This field is required.
err-date = Give a date (YYYY-MM-DD).
err-future = The date cannot be in the future.
err-past = The date must be in the future.
err-birth-year-mismatch = The year does not match the birth date.
err-not-offered = This association does not offer this service.
err-no-organisation = Choose an association of the directory.
err-organisation-inactive = This association is no longer active.
err-not-served = This association does not work with this office.
err-no-referral-consent = The person has not given (or has withdrawn) their consent to be referred.
err-share-contact = Sharing the phone needs the person's consent to share their contact.
err-control-characters = This text holds invisible characters that are not allowed.
err-year = Give a year, e.g. 1990.
err-period-order = The period must end after it starts.
err-period-length = The period may span ten years at most.
err-unknown-field = This field is not part of this form.
err-length = Between 1 and { $max } characters.
err-max-length = At most { $max } characters.
err-not-in-list = Choose a value from the list.
action-anonymise = anonymisation
action-create = creation
action-denied = access denied
action-export = export
action-login = sign-in
action-login_failed = failed sign-in
action-login_temporary_password = sign-in with a temporary password
action-logout = sign-out
action-merge = merge
action-read = read
action-transfer = transfer
action-transition = status change
action-update = change
entity-audit = audit trail
entity-case = case
entity-consent = consent
entity-follow_up = follow-up
entity-migrant = person
entity-note = note
entity-office = office
entity-organization = organisation
entity-referral = referral
entity-report = report
entity-service = service
entity-user = account
ref-all = All
ref-which = Which referrals
choice-unknown = Unknown
choice-pick = — Choose —
choice-several = Several may be chosen (Ctrl or ⌘ while clicking).
register-languages = Languages spoken
ref-name = Name
report-key-opened = Opened
report-key-closed = Closed
report-key-open-at-end = Open at the end of the period
report-key-overdue = Overdue
report-key-partners-median-response-hours = Partners' median response time (hours)
ref-slip = Print the referral slip
ref-organization = Association
ref-office = Referring office
ref-referred-by = by
ref-shared = Information shared
ref-created = Created
ref-zone = Times in the office's time zone: { $zone }
ref-services-recorded = Services the association recorded
ref-no-services = No service recorded yet.
case-referral-offer = Association and service
case-referral-offer-help = Only the services each association offers are listed.
slip-title = Referral slip
slip-back = Back to the referral
slip-reference = Reference
slip-carry = Show this slip to the association: the reference lets it find the referral.
print-hint = Print with the browser's print command (Ctrl+P).
print-back = Back to the case
case-print = Print the case summary
print-notes-left-out = { $n ->
    [0] No notes.
    [one] One note is not printed (see the case).
   *[other] { $n } notes are not printed (see the case).
}
audit-actor = Who
audit-anyone = Anyone
audit-any = Any
audit-entity-id = Object id
audit-filter = Filter
audit-nobody = Nobody (system)
people-vulnerability = Vulnerability
people-open-case = Open case
people-open-case-yes = With an open case
people-open-case-no = Without an open case
people-first = First page
consent-recorded-by = recorded by
office-time-zone = Time zone
office-time-zone-country = The country's
office-time-zone-help = Times on the office's pages and its referrals are shown in this zone.
notice-registered = Person registered.
notice-case-opened = Case opened.
notice-note-added = Note added.
notice-follow-up-added = Follow-up planned.
notice-service-added = Service recorded.
notice-case-closed = Case closed.
notice-case-reopened = Case reopened.
notice-case-assigned = Case assigned.
notice-referred = Referral sent to the association.
notice-follow-up-done = Follow-up marked done.
notice-follow-up-moved = Follow-up moved.
notice-account-created = Account created.
notice-account-deactivated = Account deactivated: its logins are ended.
notice-account-saved = Account saved.
notice-referral-saved = Referral updated.
notice-office-saved = Office saved.
notice-organization-saved = Association's entry saved.
entity-target_list = target list
nav-target-lists = Target lists
target-title = Target lists
target-intro = Who a response should reach: choose criteria, count, then save the list. It follows the records: it is worked out again each time it is opened. People who withdrew their registration consent are never in it.
target-saved = Saved lists
target-none = No list yet.
target-people = { $count ->
    [0] Nobody
    [one] { $count } person
   *[other] { $count } people
}
target-new = New list
target-combine = People who meet
target-combine-all = every chosen criterion
target-combine-any = at least one chosen criterion
target-vulnerability = Vulnerability
target-age-band = Age band
target-household = Household
target-household-head = Head of household
target-household-with_children = Household with children
target-service = Service received or not
target-service-received-label = Condition
target-service-no = Did not receive
target-service-yes = Received
target-since = Since
target-referral = Referral
target-referral-overdue = Overdue referral
target-no-contact-label = No contact (service or note) for (days)
target-count = Count
target-name = List name
target-save = Save the list
target-members = People it finds today
target-nobody = Nobody meets these criteria today.
target-reuse = Reuse these criteria in a new list
target-delete = Delete this list
target-service-received = Received { $service } since { $since }
target-service-not-received = Did not receive { $service } since { $since }
target-no-contact = { $days ->
    [one] No contact for { $days } day
   *[other] No contact for { $days } days
}
notice-target-list-saved = List saved.
notice-target-list-deleted = List deleted (the records do not change).
entity-distribution = distribution
distribution-title = Record a distribution
distribution-intro = One service given to everyone the list finds today, except those marked below. Each person gets the service on their case.
distribution-place = Place
distribution-quantity = Quantity per person
distribution-exceptions = People not served
distribution-served = Served
distribution-absent = Absent
distribution-refused = Refused
distribution-served-elsewhere = Already served elsewhere
distribution-record = Record the distribution
distribution-confirm-title = Already received this month
distribution-confirm-served = { $count ->
    [one] One person will receive the service.
   *[other] { $count } people will receive the service.
}
distribution-confirm-repeat = { $count ->
    [one] One of them already received this type of service this month.
   *[other] { $count } of them already received this type of service this month.
}
notice-distribution-recorded = Distribution recorded: { $arg } people served.
sheet-print = Print the distribution sheet
sheet-title = Distribution sheet
sheet-name = Name
sheet-household = People in household
sheet-reference = Reference
sheet-sign = Received (tick or signature)
sheet-date = Date: { $date } · Place: ………………
sheet-back = Back to the list

# Imports
nav-imports = Import
entity-import = import
import-title = Import a spreadsheet
import-intro = Bring in the people already on your spreadsheet (CSV or Excel). Nothing is created before you have checked every row and chosen to import.
import-upload = Send a file
import-file = File
import-file-help = CSV (UTF-8 or Windows-1252, separated by commas or semicolons) or Excel (.xlsx), at most 50 MB and 100,000 rows. The first row names the columns.
import-send = Send
import-demo-title = Try with the demo spreadsheet
import-demo-intro = 300 fictitious people, with the mistakes real files have.
import-demo-download = Download the demo spreadsheet
import-demo-use = Import the demo spreadsheet
import-history = The office's imports
import-none = No import yet.
import-uploaded-at = Sent
import-rows = Rows
import-state = State
import-state-uploaded = Waiting
import-state-imported = Imported
import-state-discarded = Given up
import-created = { $count ->
    [0] Nobody created
    [one] { $count } person created
   *[other] { $count } people created
}
import-rows-count = { $count ->
    [0] No rows
    [one] { $count } row
   *[other] { $count } rows
}
import-mapping = Columns
import-mapping-intro = For each field, choose the file's column that holds it. The office keeps this choice for its next file.
import-no-column = — no column —
import-check = Save and check every row
import-report-check = Check
import-report-done = Import done
import-valid = { $count ->
    [0] No correct row
    [one] { $count } correct row
   *[other] { $count } correct rows
}
import-problems = { $count ->
    [0] No problem
    [one] { $count } problem
   *[other] { $count } problems
}
import-duplicates = { $count ->
    [0] No possible duplicate
    [one] { $count } possible duplicate
   *[other] { $count } possible duplicates
}
import-already = { $count ->
    [0] No row imported before
    [one] { $count } row imported before
   *[other] { $count } rows imported before
}
import-problem-list = Rows to correct
import-row = Row
import-column = Column
import-message = Problem
import-duplicate-list = Possible duplicates (not imported unless you ask)
import-see-person = see the record
import-duplicate-row = looks like row { $arg }
import-duplicate-person = looks like someone already registered
import-report-download = Download the report (CSV)
import-run = Import
import-mode = If some rows have a problem
import-mode-all = All or nothing: import nothing
import-mode-rows = Row by row: import the correct rows
import-with-duplicates = Import the possible duplicates too
import-go = Import now
import-discard-intro = Giving this import up deletes the file sent.
import-discard = Give the import up
import-too-large = The file is larger than 50 MB.
import-refused-all-or-nothing = Nothing was imported: some rows have a problem. Correct them, or import row by row.
import-field-family-name = Family name
import-field-given-name = Given name(s)
import-field-name-ar = Name in Arabic
import-field-sex = Sex
import-field-birth-date = Birth date
import-field-birth-year = Birth year
import-field-nationality = Nationality
import-field-languages = Languages spoken
import-field-phone = Phone
import-field-district = District
import-field-legal-status = Legal status
import-field-vulnerabilities = Vulnerabilities
import-field-arrival-date = Arrival date
import-field-data-consent = Consent to registration (yes/no)
import-field-consent-date = Day consent was given on paper
import-field-open-case = Open case (yes/no)
import-field-service-type = Service received
import-field-service-date = Service date
notice-import-uploaded = File read: { $arg } rows. Check the columns.
notice-import-checked = Check done: { $arg } problems.
notice-import-done = Import done: { $arg } people created.
notice-import-discarded = Import given up, file deleted.
err-date-dmy = Give a date (DD/MM/YYYY).
err-formula = A formula, not a value.
err-no-country = Unknown country.
err-yes-no = Give yes or no.
err-sheet-error = An error in the spreadsheet.
err-no-column = This column is not in the file.
err-column-twice = Column already chosen for another field.
err-no-language = Unknown language: { $value }
err-file-empty = The file is empty.
err-file-unreadable = This file is neither CSV nor a readable workbook.
err-file-too-many-rows = The file has more than 100,000 rows.
report-xlsx-summary = Download the summary (Excel)
report-xlsx-monthly = Download the monthly series (Excel)
target-xlsx = Download the list (Excel)
person-subject-access = Everything we hold on the person (printable page)
sar-title = Data held
sar-intro = Everything the office holds on this person, extracted on
sar-json = Download as JSON
sar-record = Record
sar-consents = Consents (history)
sar-given = given
sar-withdrawn = refused or withdrawn
sar-notes = Notes
sar-done = done
sar-shared = shared:
sar-audit = Who read or changed these data
sar-audit-count = { $count ->
    [0] No entry
    [one] { $count } audit entry
   *[other] { $count } audit entries
}
sar-role = Role
report-services-distributed-by-type = Services given in distributions, by type
sheet-entry-title = Enter the ticked sheet
sheet-entry-intro = Untick the people who received nothing (they are recorded as absent), then save: each ticked person gets the service on their case.
sheet-entry-ticked = Received (as on the sheet)
partner-distribution-title = Record a distribution
partner-distribution-intro = One service given at once to the people of the ticked referrals: each gets it on their case, with your association as provider.
partner-distribution-who = People served
partner-distribution-repeat = Record it even for people who already received this service this month
distribution-per-household = One per household: only the head of household receives, for the whole household
