## Portal shell
portal-name = Open Data Innovation Contest
ministry-name = Ministry of Labor
skip-to-content = Skip to main content
nav-label = Main navigation
nav-home = Home
nav-account = My account
nav-admin = Administration
nav-outbox = Mail outbox
nav-sign-in = Sign in
nav-sign-up = Create an account
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $name }
lang-switch-label = Language
footer-organiser = Organised by the Department of Information Management, Ministry of Labor.
footer-contact = Questions about the contest? Contact the organisers through the Ministry of Labor service desk.
pager-label = Pages
pager-status = Page { $page } of { $pages } ({ $total } in all)
pager-prev = Previous page
pager-next = Next page
filter-apply = Apply filters

## Home
home-title = Home
home-heading = Ministry of Labor Open Data Innovation Contest
home-lead = University teams build services on the government's open labour data. Register your team, declare the open datasets your entry uses, and ask for data that has not been released yet.
home-welcome = Welcome back, { $name }.
home-cta-sign-up = Create an account
home-cta-sign-in = Sign in
home-how-heading = How the contest works
home-step-team-title = Form a team
home-step-team-body = Students from different departments and schools team up with a faculty advisor.
home-step-data-title = Use open data
home-step-data-body = Entries are scored on how many government open datasets they use and how well they use them.
home-step-review-title = Eligibility review and judging
home-step-review-body = Reviewers check each entry's use of open data before expert judges score it.
home-step-request-title = Ask for unreleased data
home-step-request-body = Need data that is not published yet? File a request; the ministry's business units answer within 14 working days.

## Form fields
field-email = E-mail address
field-display-name = Name shown on the portal
field-display-name-hint = Up to 80 characters. Your team and the organisers will see it.
field-password = Password
field-password-hint = At least 10 characters. Avoid common passwords; a short sentence is easy to remember.
field-password-confirm = Repeat the password
field-current-password = Current password
field-new-password = New password

## Validation and errors
error-email-required = Enter your e-mail address.
error-email-invalid = Enter an e-mail address like name@example.edu.tw.
error-display-name-required = Enter the name to show on the portal.
error-display-name-too-long = The name can be at most 80 characters.
error-display-name-invalid = The name contains characters that cannot be shown.
error-password-required = Enter a password.
error-password-too-short = The password must be at least 10 characters.
error-password-too-long = The password can be at most 200 characters.
error-password-common = This password is too common and easy to guess. Choose another.
error-password-is-email = The password must not be your e-mail address.
error-password-mismatch = The two passwords are not the same.
error-password-unchanged = The new password must be different from the current one.
error-current-password-wrong = The current password is not correct.
error-signin-failed = The e-mail address or password is not correct.
error-signin-unverified = Please confirm your e-mail address first: follow the link we sent you.
error-rate-limited = Too many attempts. Please wait a few minutes and try again.
error-token-unknown = This link is not valid. Check that you copied the whole link.
error-token-expired = This link has expired.
error-token-used = This link has already been used.
error-role-invalid = Choose a role from the list.
error-unit-required = A unit reviewer must be bound to an active business unit. Choose one.
error-last-admin = This is the only administrator. Give someone else the administrator role first.
error-cannot-disable-self = You cannot disable your own account.
error-unit-code-invalid = Use 1–40 lower-case letters, digits or hyphens, e.g. bli.
error-unit-code-taken = Another unit already uses this code.
error-unit-name-invalid = Enter a name of at most 100 characters.
error-unit-kind-invalid = Choose whether this is a ministry department or an agency.
error-back-home = Back to the home page
error-400-title = The request could not be understood
error-400-body = Something in the request was not in the expected form. Go back and try again.
error-403-title = You do not have access to this page
error-403-body = Your account does not have the role this page needs, or the form you sent has expired. Reload the page and try again, or ask an administrator for access.
error-refused-title = This cannot be done
error-404-title = Page not found
error-404-body = The page you asked for does not exist or is not available to you.
error-409-title = Someone else changed this meanwhile
error-409-body = Reload the page to see the latest version, then make your change again.
error-413-title = Too much data
error-413-body = What you sent is larger than this form accepts.
error-429-title = Too many requests
error-429-body = Please wait a few minutes and try again.
error-500-title = Something went wrong on our side
error-500-body = The problem has been logged. Please try again in a moment.
error-422-title = Something in the form needs fixing
error-422-body = Go back to the form, correct what is marked and send it again.
error-text-control = This field contains invisible control characters (often pasted from another program). Remove them and send again.
error-text-line-break = This field takes one line only. Remove the line break or tab.
error-text-invisible = Names and titles cannot contain hidden text-direction or zero-width characters. Please type it again.
error-conflict-retry = Someone did the same thing at the same moment, and theirs came first. Reload the page to see where things stand.

## Messages shown once after an action
flash-signed-in = You are signed in.
flash-signed-out = You are signed out.
flash-signed-out-everywhere = You have been signed out on every device.
flash-email-verified = Your e-mail address is confirmed. You can sign in now.
flash-password-reset = Your password has been changed. Sign in with the new password.
flash-password-changed = Your password has been changed. Other devices have been signed out.
flash-must-change-password = Please choose a new password before you continue.
flash-role-granted = The role has been given.
flash-role-revoked = The role has been removed.
flash-user-disabled = The account has been disabled and signed out everywhere.
flash-user-enabled = The account has been enabled.
flash-unit-saved = The business unit has been saved.
flash-mail-requeued = The message will be sent again.

## Sign-up, sign-in and passwords
signup-title = Create an account
signup-intro = Students, faculty advisors, judges and staff all use one account. We will send a link to confirm your e-mail address.
signup-submit = Create account
signup-have-account = Already have an account?
check-email-title = Check your e-mail
check-email-verify = If { $email } can be registered, we have sent a confirmation link to it. Follow the link to finish creating your account.
check-email-reset = If an account uses { $email }, we have sent it a link to choose a new password.
check-email-not-arrived = Nothing arrived after a few minutes? Check your spam folder, or ask the organisers.
token-problem-title = This link cannot be used
verify-resend-heading = Send a new confirmation link
verify-resend-submit = Send a new link
reset-request-again = Ask for a new reset link
signin-title = Sign in
signin-submit = Sign in
signin-forgot = Forgotten your password?
signin-no-account = No account yet?
signin-unverified-help = We can send you a new confirmation link.
forgot-title = Reset your password
forgot-intro = Enter the e-mail address of your account and we will send you a link to choose a new password.
forgot-submit = Send reset link
reset-title = Choose a new password
reset-submit = Save new password
password-title = Change password
password-intro = After the change, you stay signed in here and every other device is signed out.
password-submit = Change password

## Account page
account-title = My account
account-verified = confirmed
account-member-since = Member since
account-roles = Roles
account-security = Security
account-change-password = Change password
account-sessions = { $count ->
    [one] You are signed in on 1 device.
   *[other] You are signed in on { $count } devices.
}
account-sign-out-everywhere = Sign out on every device

## Roles
role-participant = Participant
role-advisor = Faculty advisor
role-reviewer = Eligibility reviewer
role-judge = Judge
role-unit-reviewer = Unit reviewer
role-organiser = Organiser
role-admin = Administrator

## Administration
admin-nav-label = Administration sections
admin-users = Users
admin-units = Business units
admin-outbox = Mail outbox
admin-audit = Audit log
admin-users-search = Search by name or e-mail
admin-users-role-filter = Role
admin-users-any-role = Any role
admin-users-caption = Users ({ $total })
admin-users-status = Status
admin-users-created = Created
admin-users-none = No users match these filters.
admin-user-title = User
admin-user-active = Active
admin-user-unverified = E-mail not confirmed
admin-user-disabled = Disabled
admin-user-no-roles = This account has no roles.
admin-user-disable = Disable account
admin-user-disable-hint = A disabled account cannot sign in and is signed out everywhere at once.
admin-user-enable = Enable account
admin-back-to-users = Back to users
admin-role-revoke = Remove
admin-role-grant-heading = Give a role
admin-role-field = Role
admin-role-grant = Give role
admin-unit-field = Business unit
admin-unit-none = No unit
admin-unit-hint = Needed only for unit reviewers, who review data requests for one unit.
admin-units-intro = Business units review data requests routed to them. Unit reviewers are bound to one unit.
admin-unit-new = Add a business unit
admin-unit-create = Add unit
admin-unit-edit = Edit business unit
admin-unit-save = Save unit
admin-back-to-units = Back to business units
unit-code = Code
unit-code-hint = A short identifier, e.g. bli for the Bureau of Labor Insurance.
unit-name-zh = Name in Chinese
unit-name-en = Name in English
unit-kind = Kind
unit-kind-department = Ministry department (業務單位)
unit-kind-agency = Agency (所屬機關)
unit-active = Active
unit-inactive = Inactive
unit-reviewers = Unit reviewers

## Mail outbox
outbox-intro-smtp = Every e-mail the portal sends is kept here with its delivery state.
outbox-intro-no-smtp = No SMTP server is configured, so e-mails are not sent: they wait here, where administrators and organisers can read them (for example to pass on a confirmation link).
outbox-state = State
outbox-state-all = All states
outbox-state-pending = Waiting
outbox-state-sent = Sent
outbox-state-failed = Gave up
outbox-to = Recipient
outbox-subject = Subject
outbox-created = Queued
outbox-attempts = Attempts
outbox-caption = E-mails ({ $total })
outbox-none = No e-mails match these filters.
outbox-back = Back to the outbox
outbox-last-error = Last error
outbox-body = Message
outbox-retry = Try sending again

## Audit log
audit-action = Action
audit-any-action = Any action
audit-caption = Audit entries ({ $total })
audit-when = When (Taipei time)
audit-actor = Who
audit-object = Object
audit-details = Details
audit-system = System
audit-none = No audit entries match these filters.

## E-mails
mail-greeting-plain = Hello,
mail-greeting = Hello { $name },
mail-signature = Ministry of Labor Open Data Innovation Contest
mail-ignore = If you did not ask for this, you can ignore this e-mail.
mail-verify-subject = Confirm your e-mail address
mail-verify-body = Please confirm your e-mail address for the Open Data Innovation Contest portal by opening this link:
mail-verify-expiry = The link works for { $hours } hours and only once.
mail-reset-subject = Choose a new password
mail-reset-body = Someone asked to reset the password of your contest portal account. To choose a new password, open this link:
mail-reset-expiry = The link works for { $minutes } minutes and only once.
mail-account-exists-subject = Someone tried to register with your e-mail address
mail-account-exists-body = Someone tried to create a contest portal account with this e-mail address, but an account already uses it.
mail-account-exists-signin = To sign in:
mail-account-exists-reset = Forgotten your password? Reset it here:

# issue 14: punctuation that differs by language
colon = {": "}

# issue 14: a home for every role
home-work-heading = My work
home-work-student = Your next step
home-step-profile = Fill in your profile (school, department, real name)
home-step-team = Register a team or join one
home-step-entry = Start your entry
home-step-submit = Submit your entry
home-step-done = Entry submitted; waiting for the eligibility review
home-work-deadline = Deadline: { $at } (Taipei time)
home-work-advisor = Teams you advise
home-work-endorse = “{ $title }” ({ $track }) awaits your endorsement
home-work-nothing-to-endorse = Nothing awaits your endorsement
home-work-reviewer = Eligibility review
home-work-review-waiting = { $track }: { $count } waiting for review
home-work-open-review = Open the review
home-work-judge = Judging progress
home-work-scored = { $track }: scored { $scored } of { $assigned }
home-work-due = due { $at } (Taipei time)
home-work-open-judging = Open judging
home-work-unit = Your unit's data requests
home-work-unit-waiting = Waiting for an answer: { $count }
home-work-unit-due-soon = Due within three days: { $count }
home-work-unit-overdue = Overdue: { $count }
home-work-open-unit = Open your unit's queue
home-work-organiser = Organiser's desk
home-work-to-route = Data requests to route: { $count }
home-work-overdue = Overdue unit answers: { $count }
home-work-judges-behind = Judges with scores still to submit: { $count }
home-work-ready = “{ $track }”: awards saved, ready to check and publish
home-work-nothing-assigned = No entries assigned to you yet

# issue 14: the student's next step after submitting
home-step-revise = The eligibility review asks for changes: revise and resubmit in time
home-step-results = Results are published: see your entry's result
home-step-judging = Passed the eligibility review; the judges score it next
home-step-not-eligible = Did not pass the eligibility review: see why
signup-comes-back = After you create the account, open the confirmation link we e-mail you and sign in: you come back to the invitation (or page) you came from.
detail-in-brackets = ({ $detail })
list-sep = {", "}
list-sep-strong = {"; "}
quoted = “{ $text }”

# issue 16: university sign-in
oidc-heading = Students: sign in with your university account
oidc-intro = Your university confirms that you are a student, and your school and department: no proof of enrolment to upload. The first time, your portal account is made for you.
oidc-sign-in-with = Sign in with { $provider }
oidc-password-heading = Sign in with e-mail and password
oidc-password-hint = For judges, reviewers, ministry staff, advisors and anyone without a university account.
oidc-link-title = Link your university account
oidc-link-intro = { $provider } confirmed the address { $email }, which already has an account here. Enter that account's password once to link the two; afterwards the university sign-in is enough.
oidc-link-why = We ask because an account is never handed over on a university's word alone.
oidc-link-submit = Link and sign in
oidc-link-wrong-password = That is not this account's password.
oidc-error-state = This sign-in was already used, has expired or was started in another browser. Please start again with your university's button.
oidc-error-link-expired = The link waited too long or was already used. Please sign in with your university account again.
oidc-error-unreachable = Your university's sign-in service could not be reached. Please try again later, or sign in with e-mail and password.
oidc-error-denied = Your university did not confirm the sign-in.
oidc-error-audience = Your university's answer was meant for another service, so it was not accepted.
oidc-error-expired = Your university's answer had expired. Please start again.
oidc-error-signature = Your university's answer was not signed by your university, so it was not accepted.
oidc-error-nonce = Your university's answer belongs to another sign-in, so it was not accepted. Please start again.
oidc-error-invalid = Your university's answer could not be checked, so it was not accepted.
oidc-error-no-email = Your university did not tell us your e-mail address, which an account needs.
oidc-error-email-unverified = Your university has not confirmed your e-mail address.
oidc-error-disabled = This account has been disabled. Please contact the organisers.
profile-verified-by = verified by { $provider }
profile-verified-intro = Your school and department come from your university account ({ $provider }). Changing them here removes the mark.
proof-university = student status verified by the university
proof-not-needed = { $provider } confirmed that you are a student: no proof of enrolment is needed.
