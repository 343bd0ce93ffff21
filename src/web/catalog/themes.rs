//! Issue 15, themes: the organisers' tagging — one dataset from its page,
//! many from a CSV on `/organise/catalog/themes` (with an example file) —
//! and the views of themes, recommendations and the search's new filters.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::web;
use serde::Deserialize;
use serde_json::{json, Value as Json};

use crate::domain::themes::{FormatFlag, RowProblem, Theme, MAX_TAG_BYTES};
use crate::i18n::{t, Lang};
use crate::service;
use crate::service::catalog::{DatasetTags, Rejected, TagChoice, TagPage};
use crate::store::themes::TrackChoice;
use crate::web::ctx::{redirect, redirect_with_flash, Ctx};
use crate::web::download;
use crate::web::error::AppResult;
use crate::web::forms::{on_form, FormErrors};
use crate::web::guards::Organiser;
use crate::web::upload::read_file;

/// The bulk page's address (not under `/catalog/`, where any word is a
/// dataset id).
pub const BULK: &str = "/organise/catalog/themes";

/// A name given in Chinese and perhaps English, in the reader's language.
fn in_lang(lang: Lang, zh: &str, en: &str) -> String {
    if lang == Lang::En && !en.trim().is_empty() {
        en.to_string()
    } else {
        zh.to_string()
    }
}

/// "2026 contest title · track name", for a list of tracks.
fn track_label(lang: Lang, c: &TrackChoice) -> String {
    format!(
        "{} {} · {}",
        c.year,
        in_lang(lang, &c.contest_title, &c.contest_title_en),
        in_lang(lang, &c.name, &c.name_en)
    )
}

/// The theme filter's choices, `selected` marked.
pub fn theme_options(selected: &str) -> Vec<Json> {
    Theme::ALL
        .iter()
        .map(|t| json!({ "code": t.as_str(), "name_id": t.message_id(), "selected": t.as_str() == selected }))
        .collect()
}

/// The format flag filter's choices, `selected` marked.
pub fn flag_options(selected: &str) -> Vec<Json> {
    FormatFlag::FILTERS
        .iter()
        .map(|f| json!({ "code": f.as_str(), "name_id": f.message_id(), "selected": f.as_str() == selected }))
        .collect()
}

/// Themes as badges: the message ids of their names.
pub fn badges(themes: &[Theme]) -> Vec<&'static str> {
    themes.iter().map(|t| t.message_id()).collect()
}

/// What `partials/dataset_tags` shows on dataset `source_id`'s page.
pub fn tags_view(lang: Lang, source_id: &str, tags: &DatasetTags) -> Json {
    let recommended: Vec<Json> = tags
        .recommended_by
        .iter()
        .map(|c| {
            json!({
                "label": track_label(lang, c),
                "url": format!("/contests/{}/tracks/{}", c.year, c.track_id),
            })
        })
        .collect();
    let form = tags.form.as_ref().map(|tracks| {
        json!({
            "action": format!("/catalog/{source_id}/tags"),
            "themes": Theme::ALL.iter().map(|t| json!({
                "code": t.as_str(), "name_id": t.message_id(), "checked": tags.themes.contains(t),
            })).collect::<Vec<_>>(),
            "tracks": tracks.iter().map(|(c, on)| json!({
                "id": c.track_id, "label": track_label(lang, c), "checked": on, "draft": !c.published,
            })).collect::<Vec<_>>(),
        })
    });
    json!({
        "shown": !tags.themes.is_empty() || !recommended.is_empty() || form.is_some(),
        "themes": badges(&tags.themes),
        "recommended_by": recommended,
        "form": form,
        "bulk": BULK,
    })
}

/// Every value of a repeated form field (ticked checkboxes).
fn values(form: &[(String, String)], name: &str) -> Vec<String> {
    form.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The dataset page's tagging form: its themes and tracks as ticked.
pub async fn tag(
    ctx: Ctx,
    who: Organiser,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> AppResult {
    let id = path.into_inner();
    let choice = TagChoice {
        themes: values(&form, "theme"),
        tracks: values(&form, "track"),
    };
    let source_id = ctx
        .state
        .run(move |p| service::catalog::tag(p, &who, &id, &choice))
        .await?;
    Ok(redirect_with_flash(
        &ctx,
        &format!("/catalog/{source_id}#tags"),
        "success",
        "flash-tags-saved",
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    rows: Option<u32>,
    themes: Option<u32>,
    tracks: Option<u32>,
}

/// The bulk tagging page; after an upload, what it did.
pub async fn page(ctx: Ctx, who: Organiser, done: web::Query<Done>) -> AppResult {
    let done = done.into_inner();
    let summary = done.rows.map(|rows| {
        json!({ "rows": rows, "themes": done.themes.unwrap_or(0), "tracks": done.tracks.unwrap_or(0) })
    });
    render(
        &ctx,
        who,
        StatusCode::OK,
        FormErrors::default(),
        &[],
        summary,
    )
    .await
}

async fn render(
    ctx: &Ctx,
    who: Organiser,
    status: StatusCode,
    errors: FormErrors,
    rows: &[RowProblem],
    summary: Option<Json>,
) -> AppResult {
    let page = ctx
        .state
        .run(move |p| service::catalog::tag_page(p, &who))
        .await?;
    let lang = ctx.lang;
    ctx.render_status(
        status,
        "catalog/themes",
        json!({
            "action": BULK,
            "limit_kb": MAX_TAG_BYTES / 1024,
            "errors": errors.to_json(),
            "problems": rows.iter().map(|r| json!({
                "line": r.line, "message": r.message, "value": r.value,
            })).collect::<Vec<_>>(),
            "summary": summary,
            "themes": Theme::ALL.iter().map(|th| json!({
                "code": th.as_str(),
                "zh": t(Lang::ZhTw, th.message_id()),
                "en": t(Lang::En, th.message_id()),
            })).collect::<Vec<_>>(),
            "tracks": page.tracks.iter().map(|c| json!({
                "id": c.track_id, "label": track_label(lang, c), "draft": !c.published,
            })).collect::<Vec<_>>(),
        }),
    )
}

/// Reads an uploaded tagging CSV and tags every row, or nothing and says
/// which rows are wrong and why.
pub async fn upload(ctx: Ctx, who: Organiser, payload: Multipart) -> AppResult {
    let (name, data) = read_file(payload, "file", MAX_TAG_BYTES).await?;
    let refused = |message: &'static str| {
        render(
            &ctx,
            who.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors::one("file", message),
            &[],
            None,
        )
    };
    let data = match data {
        None => return refused("error-tags-too-big").await,
        Some(d) if d.is_empty() => return refused("error-tags-missing").await,
        Some(d) => d,
    };
    let person = who.0.clone();
    let result = ctx
        .state
        .run(move |p| Ok(service::catalog::import_tags(p, &person, &name, &data)))
        .await?;
    match result {
        Ok(s) => Ok(redirect(&format!(
            "{BULK}?rows={}&themes={}&tracks={}",
            s.rows, s.themes_added, s.recommendations_added
        ))),
        Err(Rejected { error, rows }) => {
            let (status, errors) = on_form(error)?;
            render(&ctx, who, status, errors, &rows, None).await
        }
    }
}

/// An example tagging CSV in the reader's language: a heading, then rows
/// with theme names, theme codes and a track id (the first open track).
pub async fn example(ctx: Ctx, who: Organiser) -> AppResult {
    let page: TagPage = ctx
        .state
        .run(move |p| service::catalog::tag_page(p, &who))
        .await?;
    let lang = ctx.lang;
    let name = |th: Theme| t(lang, th.message_id());
    let id = |i: usize| {
        page.sample_ids
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("{}", 6262 + i))
    };
    let track = page
        .tracks
        .first()
        .map(|c| c.track_id.to_string())
        .unwrap_or_default();
    let rows = vec![
        vec![
            t(lang, "tags-csv-dataset"),
            t(lang, "tags-csv-themes"),
            t(lang, "tags-csv-track"),
        ],
        vec![
            id(0),
            format!(
                "{}{}{}",
                name(Theme::Health),
                if lang == Lang::En { "; " } else { "、" },
                name(Theme::SocialAssistance)
            ),
            track.clone(),
        ],
        vec![
            id(1),
            format!("{};{}", Theme::Transport.as_str(), Theme::Energy.as_str()),
            String::new(),
        ],
        vec![id(2), name(Theme::Disaster), track],
    ];
    download::csv(rows, "dataset-themes-example.csv")
}
