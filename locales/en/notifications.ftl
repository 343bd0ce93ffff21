## Notifications
nav-notifications = Notifications
nav-notifications-unread = Notifications ({ $count } unread)
notifications-title = Notifications
notifications-read-all = Mark all as read
notifications-settings = Notification settings
notifications-new = New
notifications-none = No notifications yet.
notifications-settings-intro = Every notification appears here; choose which you also want by e-mail. Account e-mails (verification, password reset) are always sent.
notifications-by-email = Also send by e-mail
notifications-save = Save settings
flash-notifications-read = All notifications marked as read.
flash-notification-settings-saved = Notification settings saved.
notify-kind-eligibility-result = Eligibility review results
notify-kind-eligibility-result-help = Your team's entry results and what to fix.
notify-kind-judge-invitation = Judging invitations
notify-kind-judge-invitation-help = When you are invited to judge a track.
notify-kind-judge-reminder = Scoring reminders
notify-kind-judge-reminder-help = When entries assigned to you still wait for your score.
notify-kind-request-update = Data request updates
notify-kind-request-update-help = When a data request you filed or follow changes.
notify-kind-request-routed = Data requests for your unit
notify-kind-request-routed-help = When a data request is routed to your unit, or its requester adds information.
notify-kind-request-reminder = Data request deadline reminders
notify-kind-request-reminder-help = Three working days before your unit's data requests are due, and on the day.

## Audit log filters
audit-object-id = Object id
audit-ip = From address
audit-actor-filter = Actor's e-mail (any part)
audit-object-type = Object type
audit-any-object = All types
audit-from = From
audit-to = To
audit-download = Download CSV

## Contest dashboard
dash-title = Contest dashboard
dash-teams = Teams registered
dash-cross-school = Cross-school teams
dash-cross-department = Cross-department teams
dash-entries-submitted = Entries submitted
dash-submitted-of = { $submitted } (of { $total } entries started)
dash-registrations = Teams registered per day
dash-registrations-desc = New teams per day from { $first } to { $last }; the numbers are in the table below.
dash-day = Day
dash-teams-new = New that day
dash-teams-total = Total so far
dash-schools = Teams per school (top 20)
dash-school = School
dash-eligibility = Eligibility review outcomes
dash-outcome = Outcome
dash-entries = Entries
dash-undecided = Not reviewed yet
dash-reasons = Reasons for failing or revising
dash-reason = Reason
dash-datasets = Most-used datasets (top 20)
dash-dataset-id = Dataset id
dash-dataset = Dataset
dash-publishers = Publishers of the datasets used
dash-publisher = Publisher
dash-judging = Judging progress
dash-judge = Judge
dash-round = Round
dash-assigned = Assigned
dash-submitted = Submitted
dash-requests = Data requests (all)
dash-count = Count
dash-download = Download CSV
dash-empty = Nothing yet.
dash-xlsx = Download an Excel workbook (every table)

# issue 14: notifications
notify-kind-team-member = Team members
notify-kind-team-member-help = When someone joins or leaves a team you captain.

# issue 14: results reach the teams
notify-kind-results = Contest results
notify-kind-results-help = When a track's results are published: your team's outcome and the judges' feedback.

# issue 14: the organiser's dashboard as charts
dash-funnel = Contest funnel
dash-funnel-teams = Teams registered
dash-funnel-submitted = Entries submitted
dash-funnel-eligible = Passed the eligibility review
dash-funnel-finalists = Finalists
dash-funnel-winners = Winners
dash-stage = Stage
dash-registrations-line-desc = Teams registering each day from { $first } to { $last } (columns) and the running total (line, { $total } teams in all).
dash-new-and-total = New that day / total
dash-mix = Cross-school and cross-department teams
dash-measure = Measure
dash-share = Teams and share
dash-count-share = { $count } ({ $share })

# issue 15: watch
notify-kind-dataset-watch = Changes to datasets your entries use
notify-kind-dataset-watch-help = When a dataset an entry declares leaves the open-data catalogue, or its columns change so that a declared field disappears.
mail-watch-gone-subject = A dataset your entry uses is gone from the open-data catalogue
mail-watch-columns-subject = Fields your entry declares are gone from a dataset
mail-watch-gone-body = Dataset { $dataset } “{ $title }” is no longer in the open-data catalogue (noticed { $date }). These entries still declare it:
mail-watch-columns-body = The columns of dataset { $dataset } “{ $title }” changed (noticed { $date }); fields these entries declare are no longer among them:
mail-watch-entry = { $year } { $track }: “{ $title }”
mail-watch-lost = fields gone:
mail-watch-gone-next = Please check the entry: use another dataset, or explain how you obtain this data. The entry:
mail-watch-columns-next = Please check the fields the entry declares and use the dataset's current columns. The entry:
# issue 16: teammate finder
notify-kind-finder-contact = Teammate finder requests
notify-kind-finder-contact-help = When a student sends a contact request for your card, or answers yours.
mail-finder-request-subject = A student would like to team up with you
mail-finder-request-body = { $requester } ({ $school }, { $department }) saw your card in the teammate finder of “{ $contest }” and would like to get in touch:
mail-finder-request-answer = Accept or decline here; only once you accept do you both see each other's e-mail address:
mail-finder-accepted-subject = Your contact request was accepted
mail-finder-declined-subject = Your contact request was declined
mail-finder-accepted-body = { $owner } accepted the request you sent in the teammate finder of “{ $contest }”; you now both see each other's e-mail address.
mail-finder-declined-body = { $owner } declined the request you sent in the teammate finder of “{ $contest }”.
mail-finder-see = See your contact requests:

# issue 16: consult
notify-kind-consult-answer = Open-data consult answers
notify-kind-consult-answer-help = When a reviewer answers the open-data consult your team asked before the deadline.
mail-consult-subject = Your open-data consult has been answered
mail-consult-body = A reviewer has answered the open-data consult of your entry “{ $title }”:
mail-consult-risks = Eligibility reasons at risk:
mail-consult-next = A consult is not a decision. The full answer:

# issue 17: office closures
notify-kind-request-due-moved = Data request due dates moved by office closures
notify-kind-request-due-moved-help = When offices are closed (or a mistaken closure is removed) and your unit's data requests fall due on another day.
# issue 17: the advisory-group pack (and the dashboard, summary and report figures it reads)
dash-tracks = Teams and entries per track
dash-track = Track
dash-all-tracks = All tracks
dash-share-of-teams = Share of teams
dash-datasets-count = Datasets
dash-themes = High-application-value themes of the datasets used
dash-theme = Theme
dash-winners = Winners (published)
dash-award = Award
dash-team = Team
dash-schools-of-team = Schools and departments
review-all-tracks = All tracks
report-all-units = All business units
report-count = Requests
report-filed-title = Data requests filed in the period
report-filed-intro = By the day they were filed: { $count } data requests filed from { $from } to { $to }, and where they stand now (the table above counts by the day of routing instead).
report-filed-state = Where they stand now
report-filed-received = Filed
report-refused-title = Reasons for not releasing
report-refused-reason = Reason
report-refused-none = None of the requests filed in the period was refused.
report-released-title-heading = Datasets released because of a request
report-released-request = Request
report-released-title = Request title
report-released-dataset = Dataset id
report-released-none = No dataset has been released yet because of a request filed in the period.
pack-title = Advisory-group pack
pack-heading = Advisory-group pack { $year }
pack-beside = beside { $year }
pack-no-previous-intro = there is no earlier contest to compare with.
pack-xlsx = Download the Excel workbook
pack-print-hint = Print this page from the browser: navigation and buttons are left out, each section starts a new page, and every chart has its table of numbers.
pack-contents = Sections of this page
pack-sources = Figures from:
pack-change = Change
pack-no-previous = No previous year
pack-year = Year
pack-pass-rate = Pass rate
pack-source-dashboard = { $year } dashboard CSV
pack-source-eligibility = { $year } eligibility CSV
pack-source-report = data-requests report CSV ({ $from } to { $to })
pack-source-ledger = { $year } dataset impact ledger CSV
pack-entries = Teams and entries
pack-entries-note = A team may enter more than one track, so the tracks' teams may add up to more than all tracks' teams.
pack-teams-per-track = Teams per track
pack-entries-per-track = Entries submitted per track
pack-eligibility = Eligibility
pack-eligibility-note = Entries passed, failed (those awaiting a second reviewer included), asked to revise and waiting, and the reasons for failures and revisions.
pack-eligibility-totals = Eligibility, all tracks
pack-eligibility-tracks = Eligibility per track
pack-participation = Cross-school and cross-department teams
pack-mix-counts = Teams
pack-mix-shares = Share of teams
pack-datasets = Datasets used
pack-datasets-note = From the datasets that submitted entries declare: datasets counts distinct datasets, entries the entries declaring a dataset of that publisher or theme.
pack-datasets-used = Datasets declared by submitted entries
pack-requests = Data requests
pack-requests-period = { $year }: data requests from { $from } to { $to }, the same as the data-requests report over those days.
pack-requests-period-so-far = { $year }: data requests from { $from } to { $to } (the year so far), the same as the data-requests report over those days.
pack-requests-not-begun = { $year } has not begun: there are no data requests to count.
pack-requests-answered = How business units answered (by day of routing)
pack-requests-routed = Routed to a unit
pack-winners = Winners
pack-winners-none = No results of { $year } have been published yet.
pack-chart-desc = { $year } (solid bars) beside { $previous } (outlined bars): { $values }. The numbers are in the table below.
