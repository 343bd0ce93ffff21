//! Reading teams: a person's own teams, and one team's page.

use std::collections::HashMap;

use super::TeamBundle;
use crate::domain::team::MemberRole;
use crate::service::gates::teams as gate;
use crate::service::{now, Person, Portal, Result};
use crate::store::{self, contests::Contest, teams::Event, teams::Team};

/// One of a person's teams, with what they are in it.
pub struct MyTeam {
    pub team: Team,
    pub role: MemberRole,
    pub contest: Option<Contest>,
}

pub struct MyTeams {
    /// Newest first, withdrawn ones too.
    pub rows: Vec<MyTeam>,
    /// The current contest, and whether any of its tracks is open for registration now.
    pub current: Option<(Contest, bool)>,
}

pub fn mine(p: &Portal, who: &Person) -> Result<MyTeams> {
    p.read(|conn| {
        let mut contests: HashMap<i32, Option<Contest>> = HashMap::new();
        let mut rows = Vec::new();
        for (team, role) in store::teams::teams_of_user(conn, who.id)? {
            let contest = match contests.get(&team.contest_id) {
                Some(c) => c.clone(),
                None => {
                    let c = store::contests::find(conn, team.contest_id)?;
                    contests.insert(team.contest_id, c.clone());
                    c
                }
            };
            rows.push(MyTeam {
                team,
                role,
                contest,
            });
        }
        let current = p.current_contest.read(p, conn)?;
        let current = current.as_ref().as_ref().map(|(c, tracks)| {
            let open = !crate::service::contests::open_now(c, tracks, now()).is_empty();
            (c.clone(), open)
        });
        Ok(MyTeams { rows, current })
    })
}

/// One team as its page shows it to `viewer`.
pub struct TeamPage {
    pub bundle: TeamBundle,
    pub viewer: i32,
    /// Registration is open for this team now (its extensions counted).
    pub open: bool,
    /// The team's history, newest first (empty where it is not shown).
    pub events: Vec<Event>,
    /// Its invitations to winners' sharing sessions (empty where not shown).
    pub sharing: Vec<crate::service::sharing::TeamInvitation>,
}

impl TeamPage {
    pub fn is_captain(&self) -> bool {
        self.bundle.team.captain_id == self.viewer
    }

    pub fn is_member(&self) -> bool {
        self.bundle.member_role(self.viewer).is_some()
    }
}

/// A team's page: its members, advisors and organisers see it.
pub fn page(p: &Portal, who: &Person, team_id: i32) -> Result<TeamPage> {
    p.read(|conn| {
        let bundle = TeamBundle::load(conn, team_id)?;
        gate::may_see(who, &bundle)?;
        Ok(TeamPage {
            open: bundle.registration_open(now()),
            events: store::teams::events(conn, team_id)?,
            sharing: crate::service::sharing::of_team(conn, team_id)?,
            viewer: who.id,
            bundle,
        })
    })
}
