//! Winners' sharing sessions (issue 17, part 2): a session with three
//! winning teams — invitations to every member, one confirmation, one
//! reminder to the others (once a day), the agenda to the units, and the
//! action items carried into the next contest's pack until done. Only
//! winners of published results are invited; strangers get 404, other
//! roles 403; bad input stays on the form; two identical actions at once
//! leave one result.

mod common;

use chrono::{Duration, Utc};
use common::fixture::*;
use common::*;
use contest_portal::domain::sharing::InvitationState;
use contest_portal::service;
use contest_portal::store;
use reqwest::StatusCode;

const PLACE: &str = "勞動部 301 會議室";

/// Today in Taiwan plus `days`, as a date input.
fn day(days: i64) -> String {
    (Utc::now().naive_utc() + Duration::hours(8) + Duration::days(days))
        .date()
        .to_string()
}

struct Setup {
    contest: Contest,
    /// The three winning teams of the published track, each of two students.
    winners: Vec<(Team, Someone, Someone)>,
    titles: Vec<String>,
    /// A team of the published track that won nothing.
    loser: Team,
    /// A team awarded in a track whose results are not published.
    pending: Team,
    org: Someone,
    org_browser: reqwest::Client,
}

async fn setup(app: &TestApp) -> Setup {
    let f = Fixture::new(app);
    let mut a = track("就業組");
    a.prizes = "第一名, 1, 60000, First prize\n佳作, 3, 10000, Honourable mention".into();
    let mut b = track("職安組");
    b.prizes = "第一名, 1, 60000, First prize".into();
    let contest = f.contest(2026, &[a, b]);
    let (ta, tb) = (contest.tracks[0], contest.tracks[1]);
    let mut winners = Vec::new();
    let mut entries = Vec::new();
    let mut titles = Vec::new();
    for i in 0..4 {
        let cap = f.student(&format!("cap{i}@nccu.edu.tw")).await;
        let mate = f.student(&format!("mate{i}@nccu.edu.tw")).await;
        let team = f.team(&[ta], &format!("分享隊{i}"), &cap);
        f.join(&team, &mate);
        let title = format!("勞保試算{i}");
        entries.push(f.submitted_entry(&team, ta, &title).await);
        titles.push(title);
        winners.push((team, cap, mate));
    }
    let (loser, _, _) = winners.pop().expect("four teams");
    titles.pop();
    let pc = f.student("pending@nccu.edu.tw").await;
    let pending = f.team(&[tb], "未公布隊", &pc);
    let pe = f.submitted_entry(&pending, tb, "職安地圖").await;
    let mut all = entries.clone();
    all.push(pe.clone());
    f.pass_all(&contest, &all);
    f.open_judging(&contest, "");
    let admin = &f.admin;
    let prizes = store::contests::prizes_of(&mut app.conn(), &[ta.id, tb.id]).unwrap();
    let (first, merit) = (prizes[0].id.to_string(), prizes[1].id.to_string());
    service::judging::save_awards(
        &app.portal,
        admin,
        ta.id,
        &[
            (entries[0].id, first),
            (entries[1].id, merit.clone()),
            (entries[2].id, merit),
        ],
    )
    .unwrap();
    let pb = prizes.iter().find(|p| p.track_id == tb.id).unwrap().id;
    service::judging::save_awards(&app.portal, admin, tb.id, &[(pe.id, pb.to_string())]).unwrap();
    service::judging::publish_results(&app.portal, admin, ta.id, true, true).unwrap();
    let org = f.organiser("org@mol.gov.tw").await;
    let org_browser = f.browser(&org).await;
    Setup {
        contest,
        winners,
        titles,
        loser,
        pending,
        org,
        org_browser,
    }
}

fn list_url(s: &Setup) -> String {
    format!("/organise/contests/{}/sharing", s.contest.id)
}

/// Schedules a session through the form; its id.
async fn schedule(app: &TestApp, s: &Setup, held_on: &str) -> i32 {
    let r = app
        .post_with(
            &s.org_browser,
            &list_url(s),
            &[
                ("held_on", held_on),
                ("starts_at", "14:00"),
                ("place", PLACE),
                ("note", "每隊 10 分鐘"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = location(&r);
    to.rsplit('/').next().unwrap().parse().unwrap()
}

fn session_url(s: &Setup, sid: i32) -> String {
    format!("/organise/contests/{}/sharing/{sid}", s.contest.id)
}

/// Adds the slots 14:00–14:20, 14:20–14:40, … `n` of them; their ids.
async fn slots(app: &TestApp, s: &Setup, sid: i32, n: usize) -> Vec<i32> {
    let times = ["14:00", "14:20", "14:40", "15:00", "15:20"];
    for i in 0..n {
        let r = app
            .post_with(
                &s.org_browser,
                &format!("{}/slots", session_url(s, sid)),
                &[
                    ("slot_starts", times[i]),
                    ("slot_ends", times[i + 1]),
                    ("slot_label", ""),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "slot {i}");
    }
    store::sharing::slots_of(&mut app.conn(), sid)
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect()
}

async fn invite(app: &TestApp, s: &Setup, sid: i32, team: i32, slot: i32) -> reqwest::Response {
    app.post_with(
        &s.org_browser,
        &format!("{}/invitations", session_url(s, sid)),
        &[("team", &team.to_string()), ("slot", &slot.to_string())],
    )
    .await
}

fn mails(app: &TestApp, email: &str, kind: &str) -> Vec<String> {
    app.outbox_for(email)
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.body_text)
        .collect()
}

fn invitation_of(app: &TestApp, sid: i32, team: i32) -> store::sharing::Invitation {
    store::sharing::invitations_of(&mut app.conn(), &[sid])
        .unwrap()
        .into_iter()
        .find(|i| i.team_id == team)
        .expect("an invitation")
}

#[actix_web::test]
async fn three_winners_invited_one_confirms_the_others_reminded_actions_carried() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let f = Fixture::new(&app);

    // The organiser schedules a session with three slots and invites the three.
    let sid = schedule(&app, &s, &day(10)).await;
    let slot_ids = slots(&app, &s, sid, 3).await;
    assert_eq!(slot_ids.len(), 3);
    let html = app
        .get_with(&s.org_browser, &session_url(&s, sid))
        .await
        .text()
        .await
        .unwrap();
    for (team, _, _) in &s.winners {
        assert!(html.contains(&format!("<option value=\"{}\"", team.id)));
    }
    assert!(
        !html.contains(&format!("<option value=\"{}\"", s.loser.id)),
        "only winners offered"
    );
    for (i, (team, _, _)) in s.winners.iter().enumerate() {
        let r = invite(&app, &s, sid, team.id, slot_ids[i]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }

    // Every member of each team is told once, in the portal and by e-mail.
    for (team, cap, mate) in &s.winners {
        let inv = invitation_of(&app, sid, team.id);
        assert_eq!(inv.state, InvitationState::Invited);
        for who in [cap, mate] {
            let m = mails(&app, &who.email, "sharing-invitation");
            assert_eq!(m.len(), 1, "{}: {m:?}", who.email);
            assert!(m[0].contains(PLACE) && m[0].contains(&day(10)), "{}", m[0]);
            assert!(m[0].contains(&format!("/teams/{}/sharing/{}", team.id, inv.id)));
            let notes = store::notifications::list(
                &mut app.conn(),
                who.id(),
                store::PageRequest::new(None, 20),
            )
            .unwrap()
            .items;
            assert_eq!(
                notes
                    .iter()
                    .filter(|n| n.kind == "sharing-invitation")
                    .count(),
                1
            );
        }
    }

    // The invitation is the team's next step, and shows on its page.
    let (ta, cap_a, _) = &s.winners[0];
    let inv_a = invitation_of(&app, sid, ta.id);
    let path_a = format!("/teams/{}/sharing/{}", ta.id, inv_a.id);
    let ba = f.browser(cap_a).await;
    let home = app.get_with(&ba, "/").await.text().await.unwrap();
    assert!(home.contains(&path_a), "home leads to the invitation");
    assert!(home.contains("受邀參加得獎團隊分享會"));
    let team_page = app
        .get_with(&ba, &format!("/teams/{}", ta.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(team_page.contains(&path_a));
    let page = app.get_with(&ba, &path_a).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(PLACE) && page.contains("14:00–14:20"));
    assert!(page.contains(&format!("action=\"{path_a}/confirm\"")));

    // One team confirms; the organiser who invited it is told.
    let r = app.post_with(&ba, &format!("{path_a}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        invitation_of(&app, sid, ta.id).state,
        InvitationState::Confirmed
    );
    let told = mails(&app, &s.org.email, "sharing-answer");
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("分享隊0"), "{}", told[0]);
    let r = app.post_with(&ba, &format!("{path_a}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "confirmed once");
    let home = app.get_with(&ba, "/").await.text().await.unwrap();
    assert!(!home.contains(&path_a), "answered: no longer the next step");

    // "Remind the unconfirmed": only the two other teams' members, once.
    let remind = format!("{}/remind", session_url(&s, sid));
    let r = app.post_with(&s.org_browser, &remind, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (i, (_, cap, mate)) in s.winners.iter().enumerate() {
        for who in [cap, mate] {
            let n = mails(&app, &who.email, "sharing-reminder").len();
            assert_eq!(n, usize::from(i > 0), "{} reminded {n} times", who.email);
        }
    }
    // A second remind the same day sends nothing again.
    let r = app.post_with(&s.org_browser, &remind, &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("今天沒有需要提醒的團隊"));
    // The reminders job, two days before the session, reminds the same two
    // teams once more (the organiser's reminder came before those days).
    let session = store::sharing::find_session(&mut app.conn(), sid)
        .unwrap()
        .unwrap();
    let job_day = session.held_on - Duration::days(2);
    assert_eq!(
        service::sharing::remind_before(&app.portal, job_day).unwrap(),
        2
    );
    for (i, (_, cap, mate)) in s.winners.iter().enumerate() {
        for who in [cap, mate] {
            let n = mails(&app, &who.email, "sharing-reminder").len();
            assert_eq!(n, if i > 0 { 2 } else { 0 }, "{}", who.email);
        }
    }
    // Four days before, the job leaves them alone.
    let early = session.held_on - Duration::days(4);
    assert_eq!(
        service::sharing::remind_before(&app.portal, early).unwrap(),
        0
    );
    assert!(app.audit_actions().iter().any(|a| a == "sharing.remind"));

    // The agenda goes to every unit's reviewers, who can read it.
    let unit = f.unit_reviewer("unit@bli.gov.tw", "bli").await;
    let ub = f.browser(&unit).await;
    let agenda = format!("/sharing/{sid}");
    assert_eq!(
        app.get_with(&ub, &agenda).await.status(),
        StatusCode::NOT_FOUND,
        "not sent yet"
    );
    let send = format!("{}/agenda", session_url(&s, sid));
    let r = app.post_with(&s.org_browser, &send, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let m = mails(&app, &unit.email, "sharing-agenda");
    assert_eq!(m.len(), 1);
    assert!(
        m[0].contains("分享隊1") && m[0].contains(&s.titles[1]),
        "{}",
        m[0]
    );
    let r = app.post_with(&s.org_browser, &send, &[]).await;
    assert_eq!(
        r.status(),
        StatusCode::CONFLICT,
        "unchanged: not sent again"
    );
    let r = app.get_with(&ub, &agenda).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    for (i, (_, _, _)) in s.winners.iter().enumerate() {
        assert!(html.contains(&format!("分享隊{i}")) && html.contains(&s.titles[i]));
    }
    assert!(html.contains("已確認"));
    let list = app.get_with(&ub, "/sharing").await.text().await.unwrap();
    assert!(list.contains(&agenda));

    // After the session the organiser records an action item.
    let edit = app
        .post_with(
            &s.org_browser,
            &session_url(&s, sid),
            &[
                ("held_on", &day(0)),
                ("starts_at", "14:00"),
                ("place", PLACE),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(edit.status(), StatusCode::SEE_OTHER);
    // A new day is asked again of the team that confirmed the old one, and
    // every invited team is told of it once.
    assert_eq!(
        invitation_of(&app, sid, ta.id).state,
        InvitationState::Invited
    );
    for (_, captain, _) in &s.winners {
        let invited = mails(&app, &captain.email, "sharing-invitation");
        assert_eq!(invited.len(), 2, "the invitation, then the new day");
        assert!(invited.iter().any(|m| m.contains(&day(0))), "{invited:?}");
    }
    let bli = f.unit("bli");
    let action = "提供各行業投保薪資分級資料供得獎團隊延伸應用";
    let r = app
        .post_with(
            &s.org_browser,
            &format!("{}/actions", session_url(&s, sid)),
            &[
                ("description", action),
                ("owner_unit", &bli.to_string()),
                ("due_on", &day(30)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // It appears in the NEXT year's pack (and this year's) until done.
    let next = f.contest(2027, &[track("就業組")]);
    let part = service::sharing::pack_part(&mut app.conn(), next.id).unwrap();
    assert!(part.sessions.is_empty(), "no session of 2027 yet");
    assert_eq!(part.open_actions.len(), 1);
    let item = &part.open_actions[0];
    assert_eq!(item.action.description, action);
    assert_eq!(item.unit.as_ref().map(|u| u.id), Some(bli));
    assert_eq!(item.action.due_on.to_string(), day(30));
    assert_eq!(item.year, 2026);
    let this = service::sharing::pack_part(&mut app.conn(), s.contest.id).unwrap();
    assert_eq!(this.sessions.len(), 1);
    assert_eq!(this.sessions[0].invitations().count(), 3);
    assert_eq!(this.open_actions.len(), 1);
    assert_eq!(
        item.unit.as_ref().map(|u| u.name_zh.as_str()),
        Some("勞動部勞工保險局")
    );

    // The organiser's pack of 2027 (page and workbook) carries it.
    let pack = format!("/organise/contests/{}/pack", next.id);
    let html = text_of(&app, &s.org_browser, &pack).await;
    assert!(html.contains(action), "the next pack shows the open item");
    assert!(html.contains("勞動部勞工保險局"));
    let this_pack = format!("/organise/contests/{}/pack", s.contest.id);
    let html = text_of(&app, &s.org_browser, &this_pack).await;
    assert!(html.contains(action), "this year's pack shows it too");

    let done = format!("{}/actions/{}/done", session_url(&s, sid), item.action.id);
    let r = app.post_with(&s.org_browser, &done, &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = app.post_with(&s.org_browser, &done, &[]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "done once");
    let part = service::sharing::pack_part(&mut app.conn(), next.id).unwrap();
    assert!(part.open_actions.is_empty(), "done: no longer carried");
    let html = text_of(&app, &s.org_browser, &pack).await;
    assert!(!html.contains(action), "done: gone from the next pack");
    let audit = app.audit_actions();
    for a in [
        "sharing.schedule",
        "sharing.slot.add",
        "sharing.invite",
        "sharing.agenda",
        "sharing.edit",
        "sharing.action.add",
        "sharing.action.done",
    ] {
        assert!(audit.iter().any(|x| x == a), "{a} audited");
    }
}

#[actix_web::test]
async fn only_winners_of_published_results_are_invited() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let sid = schedule(&app, &s, &day(10)).await;
    let slot_ids = slots(&app, &s, sid, 2).await;

    let r = invite(&app, &s, sid, s.loser.id, slot_ids[0]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("這個團隊沒有得獎"));
    let r = invite(&app, &s, sid, s.pending.id, slot_ids[0]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("尚未公布結果"));
    assert!(store::sharing::invitations_of(&mut app.conn(), &[sid])
        .unwrap()
        .is_empty());

    // A winner goes in once, and a slot holds one team.
    let (w0, w1) = (s.winners[0].0.id, s.winners[1].0.id);
    assert_eq!(
        invite(&app, &s, sid, w0, slot_ids[0]).await.status(),
        StatusCode::SEE_OTHER
    );
    let r = invite(&app, &s, sid, w0, slot_ids[1]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("已受邀"));
    let r = invite(&app, &s, sid, w1, slot_ids[0]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        store::sharing::invitations_of(&mut app.conn(), &[sid])
            .unwrap()
            .len(),
        1
    );
}

#[actix_web::test]
async fn a_team_asks_for_another_slot_and_the_organiser_moves_it() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let f = Fixture::new(&app);
    let sid = schedule(&app, &s, &day(10)).await;
    let slot_ids = slots(&app, &s, sid, 3).await;
    let (team, _, mate) = &s.winners[1];
    invite(&app, &s, sid, team.id, slot_ids[0]).await;
    let inv = invitation_of(&app, sid, team.id);
    let path = format!("/teams/{}/sharing/{}", team.id, inv.id);
    let b = f.browser(mate).await;

    // Nothing chosen and nothing said, or a NUL: refused, what was typed kept.
    let r = app
        .post_with(
            &b,
            &format!("{path}/ask"),
            &[("preferred_slot", ""), ("message", " ")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = app
        .post_with(
            &b,
            &format!("{path}/ask"),
            &[("preferred_slot", ""), ("message", "下午\u{0}比較好")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("控制字元") && html.contains("下午"), "kept");
    let want = slot_ids[2].to_string();
    let r = app
        .post_with(
            &b,
            &format!("{path}/ask"),
            &[("preferred_slot", &want), ("message", "期中考週")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let inv = invitation_of(&app, sid, team.id);
    assert_eq!(inv.state, InvitationState::AskedAnotherSlot);
    assert_eq!(inv.preferred_slot_id, Some(slot_ids[2]));
    let told = mails(&app, &s.org.email, "sharing-answer");
    assert!(
        told[0].contains("期中考週") && told[0].contains("14:40–15:00"),
        "{}",
        told[0]
    );

    // Moved to the slot it asked for: confirmed, and told.
    let r = app
        .post_with(
            &s.org_browser,
            &format!("{}/invitations/{}/move", session_url(&s, sid), inv.id),
            &[("slot", &want)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let inv = invitation_of(&app, sid, team.id);
    assert_eq!(
        (inv.slot_id, inv.state),
        (slot_ids[2], InvitationState::Confirmed)
    );
    assert_eq!(mails(&app, &mate.email, "sharing-invitation").len(), 2);
}

#[actix_web::test]
async fn strangers_get_404_and_other_roles_403() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let f = Fixture::new(&app);
    let sid = schedule(&app, &s, &day(10)).await;
    let slot_ids = slots(&app, &s, sid, 1).await;
    let (team, _, _) = &s.winners[0];
    invite(&app, &s, sid, team.id, slot_ids[0]).await;
    let inv = invitation_of(&app, sid, team.id);
    let path = format!("/teams/{}/sharing/{}", team.id, inv.id);

    // A student of another team: not found, to read or to answer.
    let other = &s.winners[1].1;
    let ob = f.browser(other).await;
    assert_eq!(
        app.get_with(&ob, &path).await.status(),
        StatusCode::NOT_FOUND
    );
    for action in ["confirm", "ask"] {
        let r = app
            .post_with(
                &ob,
                &format!("{path}/{action}"),
                &[("message", "我們也想去")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{action}");
    }
    // Another team's id in the address: not found either.
    let wrong = format!("/teams/{}/sharing/{}", s.winners[1].0.id, inv.id);
    assert_eq!(
        app.get_with(&ob, &wrong).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        invitation_of(&app, sid, team.id).state,
        InvitationState::Invited
    );

    // Students, reviewers and unit reviewers are forbidden the organiser pages.
    let reviewer = f.reviewer("rev@mol.gov.tw").await;
    let unit = f.unit_reviewer("unit@bli.gov.tw", "bli").await;
    for who in [other, &reviewer, &unit] {
        let b = f.browser(who).await;
        for url in [list_url(&s), session_url(&s, sid)] {
            assert_eq!(
                app.get_with(&b, &url).await.status(),
                StatusCode::FORBIDDEN,
                "{} {url}",
                who.email
            );
        }
        let r = app
            .post_with(&b, &format!("{}/remind", session_url(&s, sid)), &[])
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    // Students and reviewers do not read agendas.
    let rb = f.browser(&reviewer).await;
    assert_eq!(
        app.get_with(&rb, "/sharing").await.status(),
        StatusCode::FORBIDDEN
    );
    // An organiser reads the team's invitation but does not answer for it.
    let page = app.get_with(&s.org_browser, &path).await;
    assert_eq!(page.status(), StatusCode::OK);
    let r = app
        .post_with(&s.org_browser, &format!("{path}/confirm"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Anonymous: to sign in first.
    for url in [list_url(&s), path.clone()] {
        let r = app.get(&url).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert!(location(&r).starts_with("/signin?next="));
    }
}

#[actix_web::test]
async fn bad_input_is_refused_on_the_same_form_with_what_was_typed() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let url = list_url(&s);
    let tomorrow = day(1);
    let post = |place: &'static str, note: &'static str, starts: &'static str| {
        let (app, b, url, d) = (&app, &s.org_browser, url.clone(), tomorrow.clone());
        async move {
            app.post_with(
                b,
                &url,
                &[
                    ("held_on", &d),
                    ("starts_at", starts),
                    ("place", place),
                    ("note", note),
                ],
            )
            .await
        }
    };
    let r = post("", "說明文字", "14:00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&tomorrow) && html.contains("說明文字"),
        "kept"
    );
    assert!(html.contains("place-error"));
    let r = post("會議室", "a\u{0}b", "14:00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("控制字元"));
    let r = post("\u{202E}室議會", "", "14:00").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("隱藏的文字方向"));
    let r = post("會議室", "", "25:99").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(store::sharing::sessions_of(&mut app.conn(), s.contest.id)
        .unwrap()
        .is_empty());

    // A slot that ends before it starts, or overlaps: refused, kept.
    let sid = schedule(&app, &s, &tomorrow).await;
    let slots_url = format!("{}/slots", session_url(&s, sid));
    let r = app
        .post_with(
            &s.org_browser,
            &slots_url,
            &[
                ("slot_starts", "15:00"),
                ("slot_ends", "14:30"),
                ("slot_label", "第一組"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("結束時間要晚於開始時間"));
    assert!(html.contains("value=\"15:00\"") && html.contains("value=\"第一組\""));
    slots(&app, &s, sid, 1).await;
    let r = app
        .post_with(
            &s.org_browser,
            &slots_url,
            &[
                ("slot_starts", "14:10"),
                ("slot_ends", "14:30"),
                ("slot_label", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        store::sharing::slots_of(&mut app.conn(), sid)
            .unwrap()
            .len(),
        1
    );
    // Without the CSRF token nothing is scheduled.
    let r = s
        .org_browser
        .post(app.url(&url))
        .form(&[
            ("held_on", day(5).as_str()),
            ("starts_at", "10:00"),
            ("place", PLACE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        store::sharing::sessions_of(&mut app.conn(), s.contest.id)
            .unwrap()
            .len(),
        1
    );
    // Action items wait for the session's day; then a bad one is refused.
    let actions = format!("{}/actions", session_url(&s, sid));
    let r = app
        .post_with(
            &s.org_browser,
            &actions,
            &[
                ("description", "追蹤"),
                ("owner_unit", "1"),
                ("due_on", &day(9)),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[actix_web::test]
async fn two_identical_actions_at_once_leave_one_result() {
    let app = spawn_app().await;
    let replica = spawn_replica(&app).await;
    let s = setup(&app).await;
    let sid = schedule(&app, &s, &day(0)).await;
    let slot_ids = slots(&app, &s, sid, 1).await;
    let b = &s.org_browser;
    let token = app.csrf_for(b).await;
    let base = session_url(&s, sid);
    open_pools(b, &[&app.address, &replica], &base, 6).await;
    let team = s.winners[0].0.id.to_string();
    let slot = slot_ids[0].to_string();
    let unit = Fixture::new(&app).unit("bli").to_string();
    let due = day(20);
    let fire = |path: String, form: Vec<(&'static str, String)>| {
        let posts = (0..6).map(|i| {
            let at = if i % 2 == 0 {
                app.address.clone()
            } else {
                replica.clone()
            };
            let mut form = form.clone();
            form.push(("csrf_token", token.clone()));
            b.post(format!("{at}{path}")).form(&form).send()
        });
        futures_util::future::join_all(posts)
    };
    let statuses: Vec<StatusCode> = fire(
        format!("{base}/invitations"),
        vec![("team", team.clone()), ("slot", slot.clone())],
    )
    .await
    .into_iter()
    .map(|r| r.expect("POST works").status())
    .collect();
    one_went_through(
        &statuses,
        &[StatusCode::CONFLICT, StatusCode::UNPROCESSABLE_ENTITY],
    );
    assert_eq!(
        store::sharing::invitations_of(&mut app.conn(), &[sid])
            .unwrap()
            .len(),
        1
    );
    for who in [&s.winners[0].1, &s.winners[0].2] {
        assert_eq!(mails(&app, &who.email, "sharing-invitation").len(), 1);
    }

    let statuses: Vec<StatusCode> = fire(
        format!("{base}/actions"),
        vec![
            ("description", "提供投保薪資資料".to_string()),
            ("owner_unit", unit),
            ("due_on", due),
        ],
    )
    .await
    .into_iter()
    .map(|r| r.expect("POST works").status())
    .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(
        store::sharing::actions_of(&mut app.conn(), &[sid])
            .unwrap()
            .len(),
        1
    );

    let statuses: Vec<StatusCode> = fire(format!("{base}/remind"), vec![])
        .await
        .into_iter()
        .map(|r| r.expect("POST works").status())
        .collect();
    one_went_through(&statuses, &[StatusCode::CONFLICT]);
    assert_eq!(
        mails(&app, &s.winners[0].1.email, "sharing-reminder").len(),
        1
    );
}

/// The text of the page at `path` as `client` sees it.
async fn text_of(app: &TestApp, client: &reqwest::Client, path: &str) -> String {
    app.get_with(client, path).await.text().await.unwrap()
}

#[actix_web::test]
async fn a_team_withdrawn_after_its_invitation_is_not_reminded() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let sid = schedule(&app, &s, &day(10)).await;
    let slot_ids = slots(&app, &s, sid, 3).await;
    for (i, (team, _, _)) in s.winners.iter().enumerate() {
        let r = invite(&app, &s, sid, team.id, slot_ids[i]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    store::teams::withdraw(&mut app.conn(), s.winners[2].0.id).unwrap();
    let r = app
        .post_with(
            &s.org_browser,
            &format!("{}/remind", session_url(&s, sid)),
            &[],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for (i, (_, cap, mate)) in s.winners.iter().enumerate() {
        for who in [cap, mate] {
            let n = mails(&app, &who.email, "sharing-reminder").len();
            assert_eq!(n, usize::from(i < 2), "{} reminded {n} times", who.email);
        }
    }
}
