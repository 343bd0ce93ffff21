//! Hostile input everywhere, on the demo contest: every page each role can
//! reach answers without a server error and answers HEAD as it answers GET;
//! every form, sent with a NUL byte or an escape character in one of its
//! text fields, is refused without a server error; and nothing of the kind
//! is ever stored.

mod common;

use std::collections::{BTreeMap, HashSet, VecDeque};

use common::*;
use contest_portal::db;
use diesel::RunQueryDsl;
use reqwest::StatusCode;

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// One field of a form as the page offers it.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    value: String,
    /// Typed by a person (text, textarea …), so worth attacking.
    typed: bool,
}

#[derive(Debug, Clone)]
struct Form {
    page: String,
    action: String,
    post: bool,
    multipart: bool,
    fields: Vec<Field>,
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#x3D;", "=")
        .replace("&#x60;", "`")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in the tag text `tag` (`<input …>`).
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(pos) = rest.find(name) {
        let before = rest[..pos].chars().last();
        let after = &rest[pos + name.len()..];
        if before.is_some_and(|c| c.is_whitespace()) {
            if let Some(v) = after.strip_prefix("=\"") {
                return v.find('"').map(|end| decode(&v[..end]));
            }
            if !after.starts_with('=') {
                return Some(String::new());
            }
        }
        rest = after;
    }
    None
}

/// The tags named `name` in `html`, each with its text (up to `>`) and
/// where it ends.
fn tags<'a>(html: &'a str, name: &str) -> Vec<(usize, &'a str)> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = html[from..].find(&open) {
        let start = from + pos;
        let next = html[start + open.len()..].chars().next();
        if !next.is_some_and(|c| c.is_whitespace() || c == '>') {
            from = start + open.len();
            continue;
        }
        let end = html[start..]
            .find('>')
            .map(|e| start + e + 1)
            .unwrap_or(html.len());
        out.push((start, &html[start..end]));
        from = end;
    }
    out
}

fn forms_of(page: &str, html: &str) -> Vec<Form> {
    let mut out = Vec::new();
    for (start, tag) in tags(html, "form") {
        let end = html[start..]
            .find("</form>")
            .map(|e| start + e)
            .unwrap_or(html.len());
        let body = &html[start..end];
        let mut fields = Vec::new();
        for (_, input) in tags(body, "input") {
            let Some(name) = attr(input, "name") else {
                continue;
            };
            let kind = attr(input, "type").unwrap_or_else(|| "text".into());
            let value = attr(input, "value").unwrap_or_default();
            match kind.as_str() {
                "checkbox" | "radio" => {
                    if attr(input, "checked").is_some() {
                        fields.push(Field {
                            name,
                            value,
                            typed: false,
                        });
                    }
                }
                "submit" | "button" | "file" | "image" | "reset" => {}
                "text" | "search" | "email" | "url" | "tel" => fields.push(Field {
                    name,
                    value,
                    typed: true,
                }),
                _ => fields.push(Field {
                    name,
                    value,
                    typed: false,
                }),
            }
        }
        for (pos, textarea) in tags(body, "textarea") {
            let Some(name) = attr(textarea, "name") else {
                continue;
            };
            let content_start = pos + textarea.len();
            let content_end = body[content_start..]
                .find("</textarea>")
                .map(|e| content_start + e)
                .unwrap_or(content_start);
            let value = decode(&body[content_start..content_end]);
            fields.push(Field {
                name,
                value,
                typed: true,
            });
        }
        for (pos, select) in tags(body, "select") {
            let Some(name) = attr(select, "name") else {
                continue;
            };
            let end = body[pos..]
                .find("</select>")
                .map(|e| pos + e)
                .unwrap_or(body.len());
            let options = tags(&body[pos..end], "option");
            let chosen = options
                .iter()
                .find(|(_, o)| attr(o, "selected").is_some())
                .or_else(|| options.first());
            if let Some((_, o)) = chosen {
                let value = attr(o, "value").unwrap_or_default();
                fields.push(Field {
                    name,
                    value,
                    typed: false,
                });
            }
        }
        // A submit button's name and value say which action it is.
        if let Some((_, button)) = tags(body, "button")
            .into_iter()
            .find(|(_, b)| attr(b, "name").is_some())
        {
            fields.push(Field {
                name: attr(button, "name").unwrap_or_default(),
                value: attr(button, "value").unwrap_or_default(),
                typed: false,
            });
        }
        let method = attr(tag, "method").unwrap_or_else(|| "get".into());
        let action = attr(tag, "action")
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| page.to_string());
        out.push(Form {
            page: page.to_string(),
            action,
            post: method.eq_ignore_ascii_case("post"),
            multipart: attr(tag, "enctype").is_some_and(|e| e.contains("multipart")),
            fields,
        });
    }
    out
}

fn links_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (_, a) in tags(html, "a") {
        if let Some(href) = attr(a, "href") {
            let href = href.split('#').next().unwrap_or("").to_string();
            if href.starts_with('/') && !href.starts_with("//") {
                out.push(href);
            }
        }
    }
    out
}

/// Pages that look alike (`/teams/3`, `/teams/4`) are visited a few times only.
fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    path.split('/')
        .map(|seg| {
            if seg.chars().any(|c| c.is_ascii_digit()) {
                "N"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn skipped(path: &str) -> bool {
    path.starts_with("/static/")
        || path.starts_with("/lang")
        || path.starts_with("/signout")
        || [".csv", ".xlsx", ".pdf", "/proof", "/proposal", "/download"]
            .iter()
            .any(|s| path.contains(s))
}

const HOSTILE: [&str; 2] = ["職災\0統計", "勞動\u{1b}[31m部"];

async fn sign_in(app: &TestApp, email: &str) -> reqwest::Client {
    let c = client();
    let r = app
        .sign_in(&c, email, contest_portal::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{email} signs in");
    c
}

#[actix_web::test]
async fn no_page_or_form_breaks_on_hostile_input() {
    let app = spawn_app().await;
    assert!(contest_portal::demo::seed(&app.portal, chrono::Utc::now().naive_utc()).unwrap());
    let mut people = vec![("anonymous".to_string(), client())];
    for email in [
        "organiser@demo.contest.tw",
        "admin@demo.contest.tw",
        "reviewer@demo.contest.tw",
        "judge@demo.contest.tw",
        "unit@demo.contest.tw",
        "advisor1@demo.contest.tw",
        "student1@demo.contest.tw",
        "student6@demo.contest.tw",
    ] {
        people.push((email.to_string(), sign_in(&app, email).await));
    }

    // Every page each person can reach from the home page and their menus.
    let mut failures = Vec::new();
    let mut forms: Vec<(usize, Form)> = Vec::new();
    let mut seen_forms = HashSet::new();
    for (who, (name, c)) in people.iter().enumerate() {
        let mut queue: VecDeque<String> = [
            "/",
            "/account",
            "/teams",
            "/organise",
            "/review",
            "/judge",
            "/unit/requests",
            "/admin/users",
            "/notifications",
            "/profile",
            "/requests/new",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut visited = HashSet::new();
        let mut shapes: BTreeMap<String, usize> = BTreeMap::new();
        while let Some(path) = queue.pop_front() {
            if visited.len() >= 80 || !visited.insert(path.clone()) || skipped(&path) {
                continue;
            }
            let n = shapes.entry(shape(&path)).or_default();
            *n += 1;
            if *n > 2 {
                continue;
            }
            let r = c.get(app.url(&path)).send().await.expect("GET works");
            let status = r.status();
            let html = r.text().await.unwrap_or_default();
            if status.is_server_error() {
                failures.push(format!("{name}: GET {path} → {status}"));
                continue;
            }
            let head = c.head(app.url(&path)).send().await.expect("HEAD works");
            if head.status() != status {
                failures.push(format!(
                    "{name}: HEAD {path} → {} (GET {status})",
                    head.status()
                ));
            }
            for link in links_of(&html) {
                if !visited.contains(&link) {
                    queue.push_back(link);
                }
            }
            for form in forms_of(&path, &html) {
                let mut names: Vec<&str> = form.fields.iter().map(|f| f.name.as_str()).collect();
                names.sort();
                let key = format!(
                    "{who}{}{}{}",
                    form.post,
                    shape(&form.action),
                    names.join(",")
                );
                if form.fields.iter().any(|f| f.typed) && seen_forms.insert(key) {
                    forms.push((who, form));
                }
            }
        }
    }
    assert!(
        forms.len() >= 20,
        "the crawl found the forms: {}",
        forms.len()
    );

    // Each typed field of each form, once with each hostile text.
    let mut attempts = 0;
    for (who, form) in &forms {
        let (name, c) = &people[*who];
        for (i, target) in form.fields.iter().enumerate().filter(|(_, f)| f.typed) {
            for bad in HOSTILE {
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(j, f)| {
                        let value = if j == i {
                            bad.to_string()
                        } else {
                            f.value.clone()
                        };
                        (f.name.clone(), value)
                    })
                    .collect();
                let url = app.url(&form.action);
                let r = if !form.post {
                    c.get(url).query(&fields).send().await
                } else if form.multipart {
                    let mut m = reqwest::multipart::Form::new();
                    for (k, v) in fields {
                        m = m.text(k, v);
                    }
                    c.post(url).multipart(m).send().await
                } else {
                    c.post(url).form(&fields).send().await
                };
                let status = r.expect("request works").status();
                attempts += 1;
                if status.is_server_error() {
                    failures.push(format!(
                        "{name}: {} {} (from {}) with {:?} in {} → {status}",
                        if form.post { "POST" } else { "GET" },
                        form.action,
                        form.page,
                        bad,
                        target.name
                    ));
                }
            }
        }
    }
    eprintln!("{} forms, {attempts} hostile requests", forms.len());
    assert!(
        failures.is_empty(),
        "{} of {attempts} hostile requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Nothing of it was stored (PostgreSQL cannot store NUL at all).
    if !is_postgres() {
        let mut conn = app.conn();
        let mut stored = Vec::new();
        for (table, columns) in db::describe_schema(&mut conn).unwrap() {
            for column in columns {
                let n = diesel::sql_query(format!(
                    "SELECT COUNT(*) AS n FROM {table} WHERE typeof({column}) = 'text' \
                     AND (instr({column}, char(0)) > 0 OR instr({column}, char(27)) > 0)"
                ))
                .get_result::<Count>(&mut conn)
                .expect("count")
                .n;
                if n > 0 {
                    stored.push(format!("{table}.{column}: {n}"));
                }
            }
        }
        assert!(stored.is_empty(), "control characters stored: {stored:?}");
    }
}
