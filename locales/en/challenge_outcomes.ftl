# issue 20: challenges (use) — what a published challenge (出題) is used for and what came of it

## The entry form and the pages beside an entry
entry-challenge = Challenge answered
entry-challenge-none = None (no challenge)
entry-challenge-hint = A business unit's challenge for this track that your entry answers, if any.
entry-challenge-see-track = See the track's challenges
entry-challenge-withdrawn = withdrawn
entry-challenge-heading = The challenge this entry answers
entry-challenge-by = set by { $unit }
entry-challenge-recommended = Datasets the unit recommends:
entry-challenge-declared = declared
entry-challenge-not-declared = not declared
error-entry-challenge-track = Choose a challenge of this entry's own track.
error-entry-challenge-not-published = That challenge is not published; choose a published one or none.
check-challenge-datasets = The chosen challenge's recommended datasets are declared
fix-challenge-datasets = the challenge you chose recommends { $ids }; declare them if your work can use them (advice only).

## Data requests
request-field-challenge = Challenge it serves (optional)
request-field-challenge-none = None
request-field-challenge-help = A published challenge of a contest still running that this data would help answer.
request-challenge-line = for the challenge “{ $title }”
error-request-challenge = Choose a published challenge of a contest still running, or none.

## The unit's outcome view
outcome-title = What came of a challenge
outcome-back = Our unit's challenges
outcome-heading = What came of “{ $title }”
outcome-public-page = Public page
outcome-figures = Figures
outcome-teams = Teams that chose it
outcome-submitted = Entries submitted
outcome-eligible = Entries eligible (passed the eligibility review)
outcome-finalists = Finalists
outcome-winners = Winners
outcome-winners-not-yet = once the track's results are published
outcome-requests = Data requests naming it
outcome-eligible-heading = Eligible entries answering it
outcome-eligible-none = No entry answering it has passed the eligibility review yet.
outcome-col-team = Team
outcome-col-entry = Entry
outcome-won = Winner
outcome-sharing-heading = Winners' sharing session
outcome-registered-line = Registered for { $session }: { $attendees } attending (on { $at })
outcome-session = Session
outcome-attendees = How many will attend
outcome-attendees-hint = From 1 to { $max }.
outcome-note = Note for the organisers (optional)
outcome-register = Register for the session
outcome-no-session = The contest has no sharing session to register for yet.
flash-outcome-registered = Your unit is registered for the sharing session.
error-sharing-registration-session = Choose one of the contest's sharing sessions.
error-sharing-registration-attendees = Give a whole number from 1 to 20.
error-sharing-registration-over = That sharing session has already taken place.
error-sharing-registered-already = Your unit has already registered this challenge for that session.
error-sharing-registration-not-published = Only a published challenge can be registered for the sharing session.

## The organisers' sharing session page
sharing-unit-registrations = Business units registered
sharing-unit-registrations-none = No business unit has registered yet.
sharing-col-unit = Unit
sharing-col-challenge = Challenge
sharing-col-attendees = Attending
sharing-col-registration-note = Note

## Notification when a track's results are published
notify-kind-challenge-results = Results for our challenges
notify-kind-challenge-results-help = When a track with your unit's challenge publishes its results.
mail-challenge-results-subject = Results are published for a track with your challenge
mail-challenge-results-body = The { $contest } results of { $track } are published. Your unit's challenge “{ $challenge }” can now show its winners.
mail-challenge-results-see = See what came of it, and register for the winners' sharing session:

## Dashboard, pack and archive
dash-challenges = Challenges set by units
dash-challenges-published = Challenges published
dash-challenge-entries = Entries answering a challenge
dash-challenge-submitted = … submitted
dash-challenge-eligible = … eligible
dash-challenge-finalists = … finalists
dash-challenge-winners = … winners (published results)
pack-challenges = Units' challenges
pack-challenges-note = Challenges set by the ministry's units and the entries that answered them, from the dashboard's challenges table; winners count once a track's results are published.
archive-challenges = Challenges set by units
archive-challenge-answered = Answered by { $entries } submitted entries; { $finalists } finalists.
archive-challenge-winners = Winners:
outcome-back-review = Back to the review of this challenge
