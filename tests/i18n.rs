//! Languages: both locales complete, every message id used exists, the
//! browser's language is followed and a chosen one is remembered.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use reqwest::StatusCode;

fn message_ids(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
        .filter_map(|l| l.split_once('=').map(|(id, _)| id.trim().to_string()))
        .collect()
}

fn locale_ids(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "ftl") {
            ids.extend(message_ids(&p));
        }
    }
    ids
}

fn files_under(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p.extension().is_some_and(|e| e == ext) {
            out.push(p);
        }
    }
}

/// String literals that follow `prefix"`, e.g. `{{t "` or `title_id="`.
fn quoted_after(text: &str, prefix: &str) -> Vec<String> {
    text.match_indices(prefix)
        .filter_map(|(i, _)| {
            let rest = &text[i + prefix.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

#[test]
fn both_locales_have_the_same_message_ids() {
    let zh = locale_ids("zh-TW");
    let en = locale_ids("en");
    assert!(zh.len() > 100);
    let only_zh: Vec<_> = zh.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&zh).collect();
    assert!(
        only_zh.is_empty() && only_en.is_empty(),
        "only zh-TW: {only_zh:?}; only en: {only_en:?}"
    );
}

#[test]
fn every_message_id_used_in_templates_and_code_exists() {
    let ids = locale_ids("en");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = BTreeSet::new();
    let mut templates = Vec::new();
    files_under(&root.join("templates"), "hbs", &mut templates);
    for p in templates {
        let text = std::fs::read_to_string(p).unwrap();
        used.extend(quoted_after(&text, "{{t \""));
        used.extend(quoted_after(&text, "_id=\""));
    }
    let mut sources = Vec::new();
    files_under(&root.join("src"), "rs", &mut sources);
    let prefixes = [
        "error-",
        "flash-",
        "mail-",
        "role-",
        "unit-kind-",
        "outbox-state-",
    ];
    for p in sources {
        let text = std::fs::read_to_string(p).unwrap();
        for lit in quoted_after(&text, "\"") {
            if prefixes.iter().any(|pre| lit.starts_with(pre))
                && lit
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !lit.ends_with('-')
            {
                used.insert(lit);
            }
        }
    }
    let missing: Vec<_> = used.iter().filter(|id| !ids.contains(*id)).collect();
    assert!(
        missing.is_empty(),
        "message ids used but not defined: {missing:?}"
    );
}

#[actix_web::test]
async fn language_follows_the_browser_and_the_switch_is_remembered() {
    let app = spawn_app().await;
    let c = client();
    let html = c
        .get(app.url("/signin"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"zh-TW\">"), "zh-TW by default");
    assert!(html.contains("登入"));

    let html = c
        .get(app.url("/signin"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Sign in"));

    // The switch link sets a cookie that wins over the browser's header.
    let r = c
        .get(app.url("/lang?set=en&next=/signup"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/signup");
    let html = c
        .get(app.url("/signup"))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Create an account"));
    assert!(
        html.contains("href=\"/lang?set&#x3D;zh-TW&amp;next&#x3D;%2Fsignup\""),
        "switch back to Chinese, same page"
    );
    assert_eq!(
        c.get(app.url("/lang?set=klingon"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );
}

#[actix_web::test]
async fn e_mails_use_the_recipients_language() {
    let app = spawn_app().await;
    let en = client();
    en.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    app.sign_up(&en, "english@example.org", "English Speaker")
        .await;
    let mail = &app.outbox_for("english@example.org")[0];
    assert_eq!(mail.subject, "Confirm your e-mail address");
    assert!(mail.body_text.starts_with("Hello,"));
    assert!(
        !mail.body_text.contains("English Speaker"),
        "a name chosen at sign-up is not sent to an address that may not be theirs"
    );

    app.sign_up(&client(), "chinese@example.org", "中文使用者")
        .await;
    let mail = &app.outbox_for("chinese@example.org")[0];
    assert_eq!(mail.subject, "請確認您的電子郵件");
    assert!(mail.body_text.starts_with("您好："));
    // Plain text: nothing is HTML-escaped in e-mails.
    assert!(mail.body_text.contains("/verify?token="));
}

#[actix_web::test]
async fn signed_in_users_keep_their_language_on_new_devices() {
    let app = spawn_app().await;
    let c = app.verified_user("lang@example.org", "Lang").await;
    c.get(app.url("/lang?set=en&next=/")).send().await.unwrap();
    let other = client();
    app.sign_in(&other, "lang@example.org", GOOD_PASSWORD).await;
    let html = other
        .get(app.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("<html lang=\"en\">"),
        "the account remembers the choice"
    );
}

#[test]
fn computed_message_ids_exist() {
    use contest_portal::domain::timeline::{parse_taipei_local, Phase, Timeline};
    let ids = locale_ids("zh-TW");
    let mut wanted: Vec<String> = [
        Phase::Upcoming,
        Phase::Registration,
        Phase::Submission,
        Phase::EligibilityReview,
        Phase::Judging,
        Phase::Finals,
        Phase::Results,
    ]
    .iter()
    .map(|p| p.message_id().to_string())
    .collect();
    let t = parse_taipei_local("2025-01-01T00:00");
    let full = Timeline {
        registration_opens: t,
        registration_closes: t,
        submission_deadline: t,
        review_starts: t,
        review_ends: t,
        judging_starts: t,
        judging_ends: t,
        finals_at: t,
        results_at: t,
    };
    wanted.extend(
        full.milestones()
            .iter()
            .map(|m| format!("milestone-{}", m.key.replace('_', "-"))),
    );
    wanted.extend(
        ["none", "pending", "verified", "rejected"]
            .iter()
            .map(|s| format!("proof-{s}")),
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = Vec::new();
    files_under(&root.join("src"), "rs", &mut sources);
    for p in sources {
        let text = std::fs::read_to_string(p).unwrap();
        // Team history actions become "event-…" ids.
        for (prefix, kind) in [("\"team.", "team"), ("\"entry.", "entry")] {
            for action in quoted_after(&text, prefix) {
                if action.chars().all(|c| c.is_ascii_lowercase() || c == '_') && !action.is_empty()
                {
                    wanted.push(format!("event-{kind}-{}", action.replace('_', "-")));
                }
            }
        }
        for status in ["draft", "submitted"] {
            wanted.push(format!("entry-status-{status}"));
        }
        for o in ["pass", "fail", "revision"] {
            wanted.push(format!("outcome-{o}"));
            wanted.push(format!("next-step-{o}"));
            wanted.push(format!("review-state-{o}"));
            wanted.push(format!("review-filter-{o}"));
        }
        for s in [
            "undecided",
            "resubmitted",
            "awaiting-confirmation",
            "still-open",
            "revision-expired",
        ] {
            wanted.push(format!("review-state-{s}"));
        }
        for p in ["datasets", "proposal", "description"] {
            wanted.push(format!("fix-part-{p}"));
        }
        wanted.push("review-filter-undecided".into());
        wanted.push("review-filter-precheck-failing".into());
    }
    wanted.retain(|id| id != "event-team-extend-deadline");
    let missing: Vec<_> = wanted.iter().filter(|id| !ids.contains(*id)).collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
}
