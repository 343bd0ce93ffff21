//! A builder for what tests need in place before they start: people with
//! roles and profiles, a published contest with its tracks, teams, entries
//! saved, submitted and passed, a judge panel with a rubric, and data
//! requests filed and routed. Everything is made through the same services
//! people go through (`service::…` with `&app.portal`), never by HTTP and
//! never by writing to `store`, so the setup obeys the rules it arranges.
//!
//! ```ignore
//! let f = Fixture::new(&app);
//! let contest = f.contest(2026, &[track("勞保組")]);
//! let captain = f.student("cap@nccu.edu.tw").await;
//! let team = f.team(&contest.tracks, "勞保小幫手", &captain);
//! let entry = f.submitted_entry(&team, contest.tracks[0], "作品").await;
//! ```
//!
//! The first administrator (`app.admin`) does what organisers do here:
//! grants roles, runs the contest, decides entries and routes requests.

use chrono::{Duration, NaiveDateTime, Utc};
use contest_portal::domain::entry::{DeclaredDataset, EntryContent};
use contest_portal::domain::judging::{Round, RubricForm};
use contest_portal::domain::profile::{PersonKind, ProfileInput};
use contest_portal::domain::role::Role;
use contest_portal::domain::timeline::{taipei_input_value, Deadline, ExtensionForm};
use contest_portal::i18n::Lang;
use contest_portal::service::contests::{ContestDraft, TrackDraft, TrackTarget};
use contest_portal::service::entries::{Draft, ProposalFile, Upload};
use contest_portal::service::judging::Invite;
use contest_portal::service::review::DecisionForm;
use contest_portal::service::teams::{Joining, NewTeam};
use contest_portal::service::{self, Person, Portal};
use contest_portal::store;

use super::{person_of, TestApp, GOOD_PASSWORD};

/// The abstract every fixture entry has (long enough for the pre-check).
pub const ABSTRACT: &str = "以勞保局開放資料協助勞工試算保費與職災給付，讓勞工了解自身保障。";
/// How a fixture entry uses dataset 6262 (勞保局, in the bundled catalogue).
pub const USE_A: &str = "依行業別費率計算各產業職災保費負擔並製作比較圖表";
/// A second use, for dataset 40324.
pub const USE_B: &str = "結合保險費負擔比例試算勞工與雇主各自負擔的保費金額";
/// The school and department of `Fixture::student`.
pub const SCHOOL: &str = "國立政治大學";
pub const DEPARTMENT: &str = "資訊管理學系";

/// Someone with a verified account, as the services see them (with the
/// roles they held when the fixture last touched them).
#[derive(Debug, Clone)]
pub struct Someone {
    pub email: String,
    pub person: Person,
}

impl Someone {
    pub fn id(&self) -> i32 {
        self.person.id
    }
}

/// A track of a fixture contest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Track {
    pub id: i32,
    pub contest_id: i32,
    pub year: i32,
}

/// A published contest whose registration is open now.
#[derive(Debug, Clone)]
pub struct Contest {
    pub id: i32,
    pub year: i32,
    pub tracks: Vec<Track>,
}

impl Contest {
    pub fn track_ids(&self) -> Vec<i32> {
        self.tracks.iter().map(|t| t.id).collect()
    }
}

/// A registered team, with its captain and invitation links.
#[derive(Debug, Clone)]
pub struct Team {
    pub id: i32,
    pub year: i32,
    pub captain: Someone,
    pub member_token: String,
    pub advisor_token: String,
}

impl Team {
    /// The students' invitation, as a path.
    pub fn member_link(&self) -> String {
        format!("/join/{}", self.member_token)
    }

    /// The advisors' invitation, as a path.
    pub fn advisor_link(&self) -> String {
        format!("/join/{}", self.advisor_token)
    }
}

/// A team's entry in one track, at the version the fixture left it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: i32,
    pub team: i32,
    pub track: Track,
    pub version: i32,
}

impl Entry {
    /// The entry's page.
    pub fn url(&self) -> String {
        format!("/teams/{}/entries/{}", self.team, self.track.id)
    }
}

/// A track's rules as an organiser sets them, in numbers.
#[derive(Debug, Clone)]
pub struct TrackSpec {
    pub name: String,
    pub min_students: u32,
    pub max_students: u32,
    pub min_advisors: u32,
    pub max_advisors: u32,
    pub max_tracks_per_team: u32,
    pub min_datasets: u32,
    /// One publisher a line.
    pub counted_publishers: String,
    pub cross_school_allowed: bool,
    pub proof_required: bool,
    pub second_review_for_fail: bool,
    /// "label, winners, amount" a line.
    pub prizes: String,
}

/// A track named `name`: 1–3 students, at most one advisor (none needed),
/// one track per team, one dataset of 勞動部 or its 勞工保險局, cross-school
/// teams, no proofs, no prizes. A fixture team of one student meets its
/// rules, so its entry passes the submission gate (`Fixture::submitted_entry`).
pub fn track(name: &str) -> TrackSpec {
    TrackSpec {
        name: name.into(),
        min_students: 1,
        max_students: 3,
        min_advisors: 0,
        max_advisors: 1,
        max_tracks_per_team: 1,
        min_datasets: 1,
        counted_publishers: "勞動部\n勞動部勞工保險局".into(),
        cross_school_allowed: true,
        proof_required: false,
        second_review_for_fail: false,
        prizes: String::new(),
    }
}

impl TrackSpec {
    pub fn draft(&self) -> TrackDraft {
        let on = |b: bool| b.then(|| "on".to_string());
        TrackDraft {
            name: self.name.clone(),
            theme: "主題".into(),
            min_students: self.min_students.to_string(),
            max_students: self.max_students.to_string(),
            min_advisors: self.min_advisors.to_string(),
            max_advisors: self.max_advisors.to_string(),
            max_tracks_per_team: self.max_tracks_per_team.to_string(),
            min_datasets: self.min_datasets.to_string(),
            counted_publishers: self.counted_publishers.clone(),
            cross_school_allowed: on(self.cross_school_allowed),
            proof_required: on(self.proof_required),
            second_review_for_fail: on(self.second_review_for_fail),
            prizes: self.prizes.clone(),
            ..TrackDraft::default()
        }
    }
}

/// A profile form as a person fills it in (no school code: typed by hand).
pub fn profile_input(
    real_name: &str,
    kind: PersonKind,
    school: &str,
    department: &str,
) -> ProfileInput {
    ProfileInput {
        real_name: real_name.into(),
        kind: kind.as_str().into(),
        school_code: String::new(),
        school_name: school.into(),
        department: department.into(),
        student_id: "110001234".into(),
        year_of_study: "3".into(),
        phone: String::new(),
    }
}

/// What an entry holds: `title`, the abstract, and dataset 6262 used as `USE_A`.
pub fn content(title: &str) -> EntryContent {
    EntryContent {
        title: title.into(),
        abstract_: ABSTRACT.into(),
        datasets: vec![DeclaredDataset {
            dataset_id: "6262".into(),
            fields_used: "行業類別".into(),
            usage: USE_A.into(),
            depth: 2,
        }],
        ..EntryContent::default()
    }
}

/// `at` as the contest and extension forms take it (Taipei time).
pub fn taipei(at: NaiveDateTime) -> String {
    taipei_input_value(&at)
}

fn now() -> NaiveDateTime {
    Utc::now().naive_utc()
}

/// Unwraps a service's answer, saying which step of the setup failed.
fn ok<T>(step: &str, r: service::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("fixture: {step}: {e:?}"))
}

fn ready<T: std::fmt::Debug>(step: &str, r: service::Result<Joining<T>>) -> T {
    match ok(step, r) {
        Joining::Ready(t) => t,
        other => panic!("fixture: {step}: {other:?}"),
    }
}

pub struct Fixture<'a> {
    pub app: &'a TestApp,
    /// The first administrator, who organises everything the fixture makes.
    pub admin: Person,
}

impl<'a> Fixture<'a> {
    pub fn new(app: &'a TestApp) -> Fixture<'a> {
        Fixture {
            app,
            admin: person_of(app, &app.admin.email),
        }
    }

    fn p(&self) -> &Portal {
        &self.app.portal
    }

    /// Gives track `t` a new theme through the organiser's use case.
    pub fn retheme(&self, t: Track, theme: &str) {
        self.edit_track(t, |d| d.theme = theme.into());
    }

    /// Edits track `t` as `change` says, through the organiser's use case.
    pub fn edit_track(&self, t: Track, change: impl FnOnce(&mut service::contests::TrackDraft)) {
        let edit = ok(
            "track",
            service::contests::track(self.p(), &self.admin, t.id),
        );
        let (track, prizes) = edit.track.expect("fixture: the track to edit");
        let mut draft = service::contests::TrackDraft::of(&track, &prizes);
        change(&mut draft);
        let target = service::contests::TrackTarget::Existing(t.id);
        ok(
            "track edit",
            service::contests::save_track(self.p(), &self.admin, target, &draft),
        );
    }

    /// The account of `email` as it is now (its roles read again).
    pub fn someone(&self, email: &str) -> Someone {
        Someone {
            email: email.into(),
            person: person_of(self.app, email),
        }
    }

    // People.

    /// Signs up with `GOOD_PASSWORD` and confirms the address with the
    /// mailed link: a verified participant.
    pub async fn account(&self, email: &str, name: &str) -> Someone {
        let form = service::accounts::SignUp {
            email: email.into(),
            display_name: name.into(),
            password: GOOD_PASSWORD.into(),
            password_confirm: GOOD_PASSWORD.into(),
        };
        ok(
            "sign-up",
            service::accounts::sign_up(self.p(), form, None, Lang::ZhTw).await,
        );
        let link = self.app.mailed_link(email, "/verify?token=");
        let token = link.split_once("token=").expect("a token in the link").1;
        ok(
            "confirmation",
            service::accounts::verify_email(self.p(), token),
        );
        self.someone(email)
    }

    /// Grants `role` (a unit reviewer's: for `unit`) as the administrator.
    pub fn grant(&self, who: &Someone, role: Role, unit: Option<i32>) -> Someone {
        ok(
            "role grant",
            service::admin::grant_role(self.p(), &self.admin, who.id(), role, unit),
        );
        self.someone(&who.email)
    }

    /// A verified account holding `role`, named after its address.
    pub async fn with_role(&self, email: &str, role: Role) -> Someone {
        let who = self.account(email, local_part(email)).await;
        self.grant(&who, role, None)
    }

    pub async fn organiser(&self, email: &str) -> Someone {
        self.with_role(email, Role::Organiser).await
    }

    pub async fn reviewer(&self, email: &str) -> Someone {
        self.with_role(email, Role::Reviewer).await
    }

    /// Someone who answers data requests for the business unit `unit_code`.
    pub async fn unit_reviewer(&self, email: &str, unit_code: &str) -> Someone {
        let who = self.account(email, local_part(email)).await;
        self.grant(&who, Role::UnitReviewer, Some(self.unit(unit_code)))
    }

    /// A verified account with a saved profile.
    pub async fn profiled(
        &self,
        email: &str,
        name: &str,
        kind: PersonKind,
        school: &str,
        department: &str,
    ) -> Someone {
        let who = self.account(email, name).await;
        let input = profile_input(&format!("Real {email}"), kind, school, department);
        ok(
            "profile",
            service::profiles::save(self.p(), &who.person, input),
        );
        who
    }

    /// A student of 國立政治大學, 資訊管理學系.
    pub async fn student(&self, email: &str) -> Someone {
        self.student_at(email, SCHOOL, DEPARTMENT).await
    }

    pub async fn student_at(&self, email: &str, school: &str, department: &str) -> Someone {
        let name = local_part(email);
        self.profiled(email, name, PersonKind::Student, school, department)
            .await
    }

    pub async fn faculty_at(&self, email: &str, school: &str, department: &str) -> Someone {
        let name = local_part(email);
        self.profiled(email, name, PersonKind::Faculty, school, department)
            .await
    }

    /// A browser signed in as `who`.
    pub async fn browser(&self, who: &Someone) -> reqwest::Client {
        let c = super::client();
        let r = self.app.sign_in(&c, &who.email, GOOD_PASSWORD).await;
        assert_eq!(
            r.status(),
            reqwest::StatusCode::SEE_OTHER,
            "sign-in of {}",
            who.email
        );
        c
    }

    // Contests.

    /// A published contest of `year` with these tracks: registration opened
    /// yesterday and closes in ten days, entries are due in twenty.
    pub fn contest(&self, year: i32, tracks: &[TrackSpec]) -> Contest {
        let at = now();
        let draft = ContestDraft {
            year: year.to_string(),
            title: format!("{year} 資料創新應用競賽"),
            registration_opens: taipei(at - Duration::days(1)),
            registration_closes: taipei(at + Duration::days(10)),
            submission_deadline: taipei(at + Duration::days(20)),
            ..ContestDraft::default()
        };
        let id = ok(
            "contest",
            service::contests::create(self.p(), &self.admin, &draft),
        );
        let tracks = tracks
            .iter()
            .map(|t| Track {
                id: ok(
                    "track",
                    service::contests::save_track(
                        self.p(),
                        &self.admin,
                        TrackTarget::New { contest_id: id },
                        &t.draft(),
                    ),
                ),
                contest_id: id,
                year,
            })
            .collect();
        ok(
            "publishing",
            service::contests::publish(self.p(), &self.admin, id, true),
        );
        Contest { id, year, tracks }
    }

    /// Changes the contest's timeline as its editor would.
    fn timeline(&self, contest: &Contest, change: impl FnOnce(&mut ContestDraft)) {
        let edit = ok(
            "contest",
            service::contests::contest(self.p(), &self.admin, contest.id),
        );
        let mut draft = ContestDraft::of(&edit.contest);
        change(&mut draft);
        ok(
            "timeline",
            service::contests::update(self.p(), &self.admin, contest.id, &draft),
        );
    }

    /// Registration closed a minute ago; entries may still be submitted.
    pub fn close_registration(&self, contest: &Contest) {
        self.timeline(contest, |d| {
            d.registration_closes = taipei(now() - Duration::minutes(1));
        });
    }

    /// The submission deadline passed a minute ago (registration before
    /// it): the eligibility review is open.
    pub fn close_submissions(&self, contest: &Contest) {
        self.timeline(contest, |d| {
            d.registration_closes = taipei(now() - Duration::minutes(2));
            d.submission_deadline = taipei(now() - Duration::minutes(1));
        });
    }

    /// Registration and submissions over, judging opened a day ago, and
    /// the results date `results` (Taipei input, empty for none): results
    /// may be published.
    pub fn open_judging(&self, contest: &Contest, results: &str) {
        self.timeline(contest, |d| {
            d.registration_opens = taipei(now() - Duration::days(4));
            d.registration_closes = taipei(now() - Duration::days(3));
            d.submission_deadline = taipei(now() - Duration::days(2));
            d.judging_starts = taipei(now() - Duration::days(1));
            d.results = results.into();
        });
    }

    /// Extends `deadline` for one team by `days`, with a reason.
    pub fn extend_for_team(&self, team: &Team, deadline: Deadline, days: i64) {
        let form = extension(deadline, days);
        ok(
            "team extension",
            service::teams::extend_for_team(self.p(), &self.admin, team.id, &form),
        );
    }

    /// Extends `deadline` for every team of one track by `days`.
    pub fn extend_for_track(&self, track: Track, deadline: Deadline, days: i64) {
        let form = extension(deadline, days);
        ok(
            "track extension",
            service::contests::extend_for_track(self.p(), &self.admin, track.id, &form),
        );
    }

    // Teams.

    /// Registers a team named `name` in `tracks` with `captain`.
    pub fn team(&self, tracks: &[Track], name: &str, captain: &Someone) -> Team {
        let year = tracks.first().expect("a team enters a track").year;
        let new = NewTeam {
            name: name.into(),
            tracks: tracks.iter().map(|t| t.id).collect(),
        };
        let id = ready(
            "registration",
            service::teams::register(self.p(), &captain.person, year, &new),
        );
        let page = ok(
            "team page",
            service::teams::page(self.p(), &captain.person, id),
        );
        Team {
            id,
            year,
            captain: captain.clone(),
            member_token: page.bundle.team.member_token,
            advisor_token: page.bundle.team.advisor_token,
        }
    }

    /// `who` joins `team` as a student.
    pub fn join(&self, team: &Team, who: &Someone) {
        ready(
            "joining",
            service::teams::join(self.p(), &who.person, &team.member_token),
        );
    }

    /// `who` joins `team` as an advisor.
    pub fn advise(&self, team: &Team, who: &Someone) {
        ready(
            "advising",
            service::teams::join(self.p(), &who.person, &team.advisor_token),
        );
    }

    // Entries.

    async fn entry(&self, team: &Team, track: Track, title: &str, submit: bool) -> Entry {
        // A submitted entry meets the submission gate: its proposal comes
        // with the form.
        let draft = Draft {
            team_id: team.id,
            track_id: track.id,
            content: content(title),
            based_on: 0,
            proposal: submit.then(|| ProposalFile {
                data: b"%PDF-1.7 proposal".to_vec(),
                too_big: false,
            }),
        };
        let who = &team.captain.person;
        let saved = if submit {
            service::entries::submit(self.p(), who, draft).await
        } else {
            service::entries::save(self.p(), who, draft).await
        };
        let saved = ok("entry", saved);
        Entry {
            id: saved.entry_id,
            team: team.id,
            track,
            version: saved.version,
        }
    }

    /// The team's first version of its entry in `track`, saved as a draft
    /// by its captain (see `content`).
    pub async fn saved_entry(&self, team: &Team, track: Track, title: &str) -> Entry {
        self.entry(team, track, title, false).await
    }

    /// The team's entry in `track`, submitted by its captain with a proposal
    /// PDF (see `content`).
    pub async fn submitted_entry(&self, team: &Team, track: Track, title: &str) -> Entry {
        self.entry(team, track, title, true).await
    }

    /// The captain uploads a proposal PDF: a new version of the entry.
    pub fn upload_proposal(&self, team: &Team, entry: &Entry) -> Entry {
        let upload = Upload {
            team_id: team.id,
            track_id: entry.track.id,
            data: b"%PDF-1.7 proposal".to_vec(),
            ..Upload::default()
        };
        let saved = ok(
            "proposal",
            service::entries::upload_proposal(self.p(), &team.captain.person, upload),
        );
        Entry {
            version: saved.version,
            ..entry.clone()
        }
    }

    /// Decides a submitted entry (its track's review open) as the administrator.
    pub fn decide(&self, entry: &Entry, form: DecisionForm) {
        ok(
            "decision",
            service::review::decide(self.p(), &self.admin, entry.id, form),
        );
    }

    /// The entry passes the eligibility review.
    pub fn pass(&self, entry: &Entry) {
        self.decide(
            entry,
            DecisionForm {
                outcome: "pass".into(),
                ..DecisionForm::default()
            },
        );
    }

    /// The entry fails the eligibility review for `reasons`.
    pub fn fail(&self, entry: &Entry, reasons: &[&str], message: &str) {
        self.decide(
            entry,
            DecisionForm {
                outcome: "fail".into(),
                reasons: reasons.iter().map(|r| r.to_string()).collect(),
                message: message.into(),
                ..DecisionForm::default()
            },
        );
    }

    /// Closes submissions of `contest` and passes every one of `entries`.
    pub fn pass_all(&self, contest: &Contest, entries: &[Entry]) {
        self.close_submissions(contest);
        for e in entries {
            self.pass(e);
        }
    }

    // Judging.

    /// Puts `who` on the panel of `track` for `round` (a load of up to 5).
    pub fn invite(&self, track: Track, round: Round, who: &Someone) -> Someone {
        let invite = Invite {
            email: who.email.clone(),
            max_load: "5".into(),
        };
        ok(
            "judge invitation",
            service::judging::invite(self.p(), &self.admin, track.id, round, &invite),
        );
        self.someone(&who.email)
    }

    /// A verified account named `name` on the preliminary panel of `track`.
    pub async fn judge(&self, track: Track, email: &str, name: &str) -> Someone {
        let who = self.account(email, name).await;
        self.invite(track, Round::Preliminary, &who)
    }

    /// The automatic assignment: `per_entry` judges for each entry.
    pub fn assign(&self, track: Track, round: Round, per_entry: u32) {
        ok(
            "assignment",
            service::judging::auto_assign(
                self.p(),
                &self.admin,
                track.id,
                round,
                &per_entry.to_string(),
            ),
        );
    }

    /// An organiser gives `judge` the entry by hand.
    pub fn assign_one(&self, track: Track, round: Round, entry: i32, judge: &Someone) {
        ok(
            "assignment",
            service::judging::edit_assignment(
                self.p(),
                &self.admin,
                track.id,
                round,
                (entry, judge.id()),
                true,
            ),
        );
    }

    /// The suggested rubric (quantity 20, depth 20, two typed criteria of
    /// 30 scored 0–10), saved for `round` of `track`.
    pub fn default_rubric(&self, track: Track, round: Round) {
        let page = ok(
            "rubric page",
            service::judging::rubric_page(self.p(), &self.admin, track.id, round, None),
        );
        let form = RubricForm {
            version: page.version,
            scale: page.scale,
            rows: page.rows.into_iter().map(|(row, _)| row).collect(),
        };
        ok(
            "rubric",
            service::judging::save_rubric(self.p(), &self.admin, track.id, round, &form),
        );
    }

    // Data requests.

    /// The id of the business unit `code`.
    pub fn unit(&self, code: &str) -> i32 {
        store::units::list(&mut self.app.conn())
            .unwrap()
            .into_iter()
            .find(|u| u.code == code)
            .unwrap_or_else(|| panic!("no unit {code}"))
            .id
    }

    /// A request titled `title` filed by `requester`; its id.
    pub fn request(&self, requester: &Someone, title: &str) -> i32 {
        let filing = service::requests::Filing {
            title: title.into(),
            description: "各行業別的職災保險費率，含歷年變動".into(),
            fields: "行業代碼、費率、適用年度".into(),
            purpose: "比較各產業的職災風險並製作互動圖表".into(),
            format: "CSV".into(),
            ..service::requests::Filing::default()
        };
        ok(
            "request",
            service::requests::file(self.p(), &requester.person, filing),
        )
    }

    /// Routes request `id` to the unit `unit_code` as the administrator.
    pub fn route(&self, id: i32, unit_code: &str) {
        let version = store::requests::find(&mut self.app.conn(), id)
            .unwrap()
            .expect("the request exists")
            .version;
        ok(
            "routing",
            service::requests::route(self.p(), &self.admin, id, self.unit(unit_code), version, ""),
        );
    }

    // issue 20: challenges (draft)

    /// The catalogue's own id of the bundled dataset `source_id` (e.g. "6262").
    pub fn dataset_id(&self, source_id: &str) -> i32 {
        store::catalog::find_by_source_id(&mut self.app.conn(), source_id)
            .unwrap()
            .unwrap_or_else(|| panic!("no dataset {source_id} in the catalogue"))
            .id
    }

    /// A draft challenge of `unit` (a unit reviewer with one unit) for
    /// `track_id`, recommending `dataset_ids` (catalogue ids, see
    /// `dataset_id`), drafted through the unit's use case; its id.
    pub fn draft_challenge(&self, unit: &Someone, track_id: i32, dataset_ids: &[i32]) -> i32 {
        let form = service::challenges::ChallengeForm {
            unit_id: None,
            track_id: track_id.to_string(),
            input: challenge_input(dataset_ids),
            bad_dataset: false,
        };
        ok(
            "challenge draft",
            service::challenges::create(self.p(), &unit.person, &form),
        )
    }

    /// A challenge of `unit` drafted, sent for review and published by the
    /// administrator; its id.
    pub fn published_challenge(&self, unit: &Someone, track_id: i32, dataset_ids: &[i32]) -> i32 {
        let id = self.draft_challenge(unit, track_id, dataset_ids);
        let version = |id| {
            store::challenges::find(&mut self.app.conn(), id)
                .unwrap()
                .expect("the challenge exists")
                .version
        };
        ok(
            "challenge submit",
            service::challenges::submit(self.p(), &unit.person, id, version(id)),
        );
        ok(
            "challenge publish",
            service::challenges::publish(self.p(), &self.admin, id, version(id)),
        );
        id
    }
}

/// What `Fixture::draft_challenge` drafts (issue 20).
pub const CHALLENGE_TITLE_ZH: &str = "職災熱點地圖";
pub const CHALLENGE_TITLE_EN: &str = "Workplace injury hotspots";

/// A complete challenge recommending `dataset_ids`.
pub fn challenge_input(dataset_ids: &[i32]) -> contest_portal::domain::challenge::ChallengeInput {
    contest_portal::domain::challenge::ChallengeInput {
        title_zh: CHALLENGE_TITLE_ZH.into(),
        title_en: CHALLENGE_TITLE_EN.into(),
        statement_zh: "找出職業災害集中的行業與地區，協助勞動檢查排定優先順序。".into(),
        statement_en: "Find where workplace injuries cluster so inspections can be prioritised."
            .into(),
        intended_users: "勞動檢查員、職安衛業務同仁".into(),
        releasable_data: "各縣市職災統計（依申請提供）".into(),
        contact_name: "王小明".into(),
        contact_email: "challenge-contact@mol.gov.tw".into(),
        prize: "優勝隊伍受邀至本部簡報".into(),
        dataset_ids: dataset_ids.to_vec(),
    }
}

fn local_part(email: &str) -> &str {
    email.split('@').next().unwrap_or(email)
}

fn extension(deadline: Deadline, days: i64) -> ExtensionForm {
    ExtensionForm {
        deadline: deadline.as_str().into(),
        until: taipei(now() + Duration::days(days)),
        reason: "颱風停課".into(),
    }
}
