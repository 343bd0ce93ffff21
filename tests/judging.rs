//! Judging set-up: rubrics per track and round with the open-data criteria,
//! weights that must add up to 100, and a lock that only an explicit,
//! recorded unlock lifts.

mod common;

use common::contest::*;
use common::*;
use contest_portal::domain::judging::Round;
use contest_portal::store;
use reqwest::StatusCode;

/// One criterion row as the editor posts it.
fn row<'a>(
    kind: &'a str,
    zh: &'a str,
    weight: &'a str,
    min: &'a str,
    max: &'a str,
) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", kind),
        ("name_zh", zh),
        ("name_en", ""),
        ("description_zh", ""),
        ("description_en", ""),
        ("weight", weight),
        ("min_score", min),
        ("max_score", max),
    ]
}

fn rubric_form<'a>(
    version: &'a str,
    rows: &[Vec<(&'static str, &'a str)>],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("version", version),
        ("quantity_scale", "1:40, 2:70, 3:100"),
    ];
    for r in rows {
        f.extend(r.iter().map(|(k, v)| (*k, *v)));
    }
    f
}

#[actix_web::test]
async fn organisers_set_a_rubric_that_locks_for_scoring() {
    let app = spawn_app().await;
    let s = open_contest(&app, 2026, vec![track("就業組")]);
    let track_id = s.tracks[0];
    let org = organiser(&app, "org@mol.gov.tw").await;
    let url = format!("/organise/tracks/{track_id}/rubric/preliminary");

    // Unsaved: the suggested criteria, with both open-data criteria.
    let html = app.get_with(&org, &url).await.text().await.unwrap();
    assert!(html.contains("開放資料運用數量") && html.contains("開放資料運用深度"));
    assert!(html.contains("尚未儲存"));

    // Other roles never see it; unknown rounds and tracks are 404.
    let student = app.verified_user("s@ntu.edu.tw", "學生").await;
    assert_eq!(
        app.get_with(&student, &url).await.status(),
        StatusCode::FORBIDDEN
    );
    let resp = app.post_with(&student, &url, &rubric_form("0", &[])).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get_with(
            &org,
            &format!("/organise/tracks/{track_id}/rubric/semifinal")
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_with(&org, "/organise/tracks/999999/rubric/finals")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Weights that do not add up: 422, the typed rows kept, nothing stored.
    let bad = rubric_form(
        "0",
        &[
            row("quantity", "開放資料運用數量", "20", "1", "5"),
            row("depth", "開放資料運用深度", "20", "1", "5"),
            row("manual", "創意🚀與價值", "50", "0", "10"),
        ],
    );
    let resp = app.post_with(&org, &url, &bad).await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = resp.text().await.unwrap();
    assert!(html.contains("權重加總必須是 100"), "{html}");
    assert!(html.contains("創意🚀與價值"), "input kept");
    assert!(
        store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
            .unwrap()
            .is_none()
    );

    // Wrong types and a backwards range are explained on the row.
    let bad = rubric_form(
        "0",
        &[
            row("quantity", "數量", "二十", "1", "5"),
            row("depth", "深度", "20", "1", "5"),
            row("manual", "創意", "60", "10", "0"),
        ],
    );
    let html = app.post_with(&org, &url, &bad).await.text().await.unwrap();
    assert!(html.contains("權重必須是數字") && html.contains("最高分必須大於最低分"));

    // Dropping an open-data criterion is refused.
    let bad = rubric_form(
        "0",
        &[
            row("quantity", "數量", "40", "1", "5"),
            row("manual", "創意", "60", "0", "10"),
        ],
    );
    let html = app.post_with(&org, &url, &bad).await.text().await.unwrap();
    assert!(html.contains("兩個評分項目必須保留"));

    // A good rubric saves; an empty extra row is ignored.
    let good = rubric_form(
        "0",
        &[
            row("quantity", "開放資料運用數量", "20", "1", "5"),
            row("depth", "開放資料運用深度", "20%", "1", "5"),
            row("manual", "創意與價值", "35", "0", "10"),
            row("manual", "可行性", "25", "0", "100"),
            row("manual", "", "", "0", "10"),
        ],
    );
    let resp = app.post_with(&org, &url, &good).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (rubric, criteria) = store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
        .unwrap()
        .unwrap();
    assert_eq!(rubric.version, 1);
    assert_eq!(criteria.len(), 4);
    assert_eq!(criteria[3].max_score, 100.0);
    assert_eq!(criteria.iter().map(|c| c.weight).sum::<f64>(), 100.0);

    // A form opened before that save is stale: 409, input kept.
    let resp = app.post_with(&org, &url, &good).await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert!(resp.text().await.unwrap().contains("可行性"));

    // The finals rubric is separate.
    assert!(
        store::rubrics::find(&mut app.conn(), track_id, Round::Finals)
            .unwrap()
            .is_none()
    );

    // Locking stops changes; unlocking needs a reason and is audited.
    let resp = app.post_with(&org, &format!("{url}/lock"), &[]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = app.get_with(&org, &url).await.text().await.unwrap();
    assert!(html.contains("已於") && html.contains("鎖定供評分使用"));
    let resp = app
        .post_with(
            &org,
            &url,
            &rubric_form(
                "1",
                &[
                    row("quantity", "數量", "50", "1", "5"),
                    row("depth", "深度", "50", "1", "5"),
                ],
            ),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert!(resp.text().await.unwrap().contains("請先填寫原因解除鎖定"));
    assert_eq!(
        store::rubrics::find(&mut app.conn(), track_id, Round::Preliminary)
            .unwrap()
            .unwrap()
            .1
            .len(),
        4
    );
    let resp = app
        .post_with(&org, &format!("{url}/unlock"), &[("reason", "  ")])
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("請填寫解除鎖定的原因"));
    let resp = app
        .post_with(
            &org,
            &format!("{url}/unlock"),
            &[("reason", "評審會議決議調整權重")],
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let actions = app.audit_actions();
    for a in ["rubric.save", "rubric.lock", "rubric.unlock"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
    let resp = app
        .post_with(
            &org,
            &url,
            &rubric_form(
                "1",
                &[
                    row("quantity", "數量", "50", "1", "5"),
                    row("depth", "深度", "50", "1", "5"),
                ],
            ),
        )
        .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);

    // The page reads in English too.
    org.get(app.url("/lang?set=en&next=/"))
        .send()
        .await
        .unwrap();
    let html = app.get_with(&org, &url).await.text().await.unwrap();
    assert!(html.contains("Judging rubric") && html.contains("Open-data quantity scale"));
}
