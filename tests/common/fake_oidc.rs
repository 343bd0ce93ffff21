//! A fake OpenID Connect provider on 127.0.0.1 for the tests and the
//! README's walkthrough (`cargo run --example fake-oidc`): discovery, a
//! JWKS with one RSA key, `/authorize` (straight back with a code for the
//! person a test chose, or a small form to choose who you are), `/token`
//! (checks the client, the redirect URL and PKCE, and issues an RS256 ID
//! token), and `/userinfo`. It can be told to misbehave: another audience,
//! an expired token, a tampered signature, or the nonce of an earlier
//! sign-in. Nothing here reaches beyond this machine.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use base64::Engine;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

/// A 2048-bit RSA key made for these tests only (it signs nothing real).
const TEST_KEY_PEM: &str = "-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAk/UeL19+pfffbjV2HmLi1vwtk6qwF+wF2GeVexkxNqkgPRV4
SvxEtB4tsvGDxmfI0z2vBxflMmjeYa2e3Z9RDgCRx3cGhzbLgmTwmAgO0my+gTnh
suSg8ER3q3M3sb2rTZk49Gp1cjrYWHnlMMrJ303HuR+Hv1cP9hBCqrR5p1MXdNsD
d231uFRDtiRQsa98K0pMvDTXaaDXF4FeCc7HuL5lxo7Tw3ynuqBHevruLwF436xf
VhPFx3prezoNRkKe/OcpT/0XyHzOJjVfntRRpc8mmLojjaJdhNyWVVz0NBZ9/geO
5NqBw2+M4VmcxG4sAW7KuDtN0IR9s6eUNJc+awIDAQABAoIBACkFpJVY4jns9DdP
vkyleSRHLfHLuOAhEevSqGjFbtYrZSNagQw1Tm0sEtqSyMjpPI6JAy6xytvDpKir
ZSkoQ2Zg9Qo7L4WsxRcFmolkboucF+OnYzLg3dhP+2f/XXk7z7OHoHlvzNlbhGFf
hpKVHwx5Ob9ThSUhY+0CzCEdQb+Ix6n3hnEsEjBg+hbQAFh3lSkr/R53ipAiUs7z
yiK1f0RrK412Al1PvI1CREB4LgFNlxDft3TRA7eY8vO8/nM28nEzhgkahtWk8D+3
0O8Xiap/pLWONiWi4ziVGYPHyIW/SKx08BnC7QT5APsOdifBiTpzfVwrzF2RjHkD
2kq2+I0CgYEAyzwqNNfLqRVTGugxvecBIfAJNu2uMrajZZWtOXPhwWXTaqMb+/HX
ODNCgH6dcZXBilReKSVU8ozpvdx6MmTDB43AXTDGyZQdtGvlYTqJ7C8NEx4B6cC0
ZEZUMdcdkC56cU+otqiEiEjXjN392S+bEtYnei+LswE4bB0BGh0lO4UCgYEAul77
NEOkI9Cy+WYTqmtF3kvHO/623mlOrheOQuloMjReBfTw0ftOKFwCvEoCZWikYveb
5HtsYI04vENDx5OIWHLAcGjGmLQeGK7ZsCwVd97QO30aDF3KMnr2SJldQv2ISojU
UrThBQpHGl2FNc2Qfm6pfq3vNwrAwiQY0vg6XS8CgYAShpt6Ual48j6vFzdhjism
QtE0NppIeSmP2wL9V7jefj+1WsT0RGlP8CxBtkj3z6TizSoAKi0CJyIvcmeZLGIy
0BMW65lTSrMifStdn45u/yL7+SJHgo9vDJIkMO269OGobpB8hgP+wFUVvC6lm5dR
MkBK/QaI/LV99W7iSIHaWQKBgBWIa9W6CvjoYAVYueTyx/vLHZXc9Bv2ZtTOe+1X
Mma6jjJ5/mkEdB9NojNHCcfVs0iL+0MGz5rINknqK6afcR1nBLz4Hhn+lYuciCJG
taRH5h85cQ0EuRvkARiaP6BB0sFp1b5Ij8cZTOXK8F0rBwrUlljAl+bwIx1LNmMJ
sxSZAoGBAIyXI8H9P1Hcs1SinIYjOSu/fbQ5B2v+vOFjtullhXVjmw0FBwo7OJGJ
UJ+HKJC+b2BqJGj+TTgR7OsOBHxbSGjZVZtjX/IlCAjooVBjk9gKBAbhcZAUm9q6
smMy0yDbgMStSH4A0RB9c/m2xCzNCwjEWMuBlkMIhPLdNKhUib+2
-----END RSA PRIVATE KEY-----";
/// Its modulus and exponent, as the JWKS gives them.
const TEST_KEY_N: &str = "k_UeL19-pfffbjV2HmLi1vwtk6qwF-wF2GeVexkxNqkgPRV4SvxEtB4tsvGDxmfI0z2vBxflMmjeYa2e3Z9RDgCRx3cGhzbLgmTwmAgO0my-gTnhsuSg8ER3q3M3sb2rTZk49Gp1cjrYWHnlMMrJ303HuR-Hv1cP9hBCqrR5p1MXdNsDd231uFRDtiRQsa98K0pMvDTXaaDXF4FeCc7HuL5lxo7Tw3ynuqBHevruLwF436xfVhPFx3prezoNRkKe_OcpT_0XyHzOJjVfntRRpc8mmLojjaJdhNyWVVz0NBZ9_geO5NqBw2-M4VmcxG4sAW7KuDtN0IR9s6eUNJc-aw";
const TEST_KEY_E: &str = "AQAB";
const KID: &str = "fake-oidc-1";

/// Who signs in at the fake provider.
#[derive(Debug, Clone)]
pub struct FakeUser {
    pub sub: String,
    pub email: String,
    pub email_verified: Option<bool>,
    pub name: String,
    /// Further claims (school, department, affiliation …).
    pub claims: Map<String, Value>,
}

impl FakeUser {
    pub fn new(sub: &str, email: &str, name: &str) -> FakeUser {
        FakeUser {
            sub: sub.into(),
            email: email.into(),
            email_verified: Some(true),
            name: name.into(),
            claims: Map::new(),
        }
    }

    pub fn with(mut self, claim: &str, value: Value) -> FakeUser {
        self.claims.insert(claim.into(), value);
        self
    }
}

/// How the provider misbehaves in its next ID tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trick {
    Honest,
    /// `aud` names another client.
    WrongAudience,
    /// `exp` passed ten minutes ago.
    Expired,
    /// The claims were changed after signing.
    BadSignature,
    /// The nonce of the first sign-in it saw, whatever this one's is.
    ReplayNonce,
}

struct Grant {
    client_id: String,
    redirect_uri: String,
    nonce: Option<String>,
    challenge: String,
    user: FakeUser,
}

struct Inner {
    client_id: String,
    client_secret: String,
    user: Option<FakeUser>,
    trick: Trick,
    userinfo_only: Vec<String>,
    codes: HashMap<String, Grant>,
    access: HashMap<String, FakeUser>,
    first_nonce: Option<String>,
    tokens_issued: usize,
}

#[derive(Clone)]
pub struct FakeProvider {
    pub issuer: String,
    pub port: u16,
    inner: Arc<Mutex<Inner>>,
}

fn random() -> String {
    let mut bytes = [0u8; 24];
    for b in bytes.iter_mut() {
        *b = rand::random();
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl FakeProvider {
    /// Starts a provider on 127.0.0.1 (`port` 0 picks a free one) for one
    /// registered client. Call from inside an actix (tokio) runtime.
    pub fn start(port: u16, client_id: &str, client_secret: &str) -> std::io::Result<FakeProvider> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let provider = FakeProvider {
            issuer: format!("http://127.0.0.1:{port}"),
            port,
            inner: Arc::new(Mutex::new(Inner {
                client_id: client_id.into(),
                client_secret: client_secret.into(),
                user: None,
                trick: Trick::Honest,
                userinfo_only: Vec::new(),
                codes: HashMap::new(),
                access: HashMap::new(),
                first_nonce: None,
                tokens_issued: 0,
            })),
        };
        let data = web::Data::new(provider.clone());
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data.clone())
                .route(
                    "/.well-known/openid-configuration",
                    web::get().to(discovery),
                )
                .route("/jwks", web::get().to(jwks))
                .route("/authorize", web::get().to(authorize))
                .route("/authorize", web::post().to(approve))
                .route("/token", web::post().to(token))
                .route("/userinfo", web::get().to(userinfo))
        })
        .workers(1)
        .listen(listener)?
        .run();
        actix_web::rt::spawn(server);
        Ok(provider)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        match self.inner.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// `/authorize` sends the browser straight back as this person.
    pub fn sign_in_as(&self, user: FakeUser) {
        self.lock().user = Some(user);
    }

    pub fn trick(&self, trick: Trick) {
        self.lock().trick = trick;
    }

    /// These claims are left out of the ID token and only `/userinfo`
    /// gives them.
    pub fn userinfo_only(&self, claims: &[&str]) {
        self.lock().userinfo_only = claims.iter().map(|c| c.to_string()).collect();
    }

    pub fn tokens_issued(&self) -> usize {
        self.lock().tokens_issued
    }

    /// The portal's settings for this provider under `id`, as environment
    /// variables (school, department and student status in the claims
    /// `school`, `department` and `affiliation`).
    pub fn settings(&self, id: &str, name: &str, name_en: &str) -> Vec<(String, String)> {
        let inner = self.lock();
        let p = format!("OIDC_{}_", id.to_ascii_uppercase());
        vec![
            (format!("{p}ISSUER"), self.issuer.clone()),
            (format!("{p}CLIENT_ID"), inner.client_id.clone()),
            (format!("{p}CLIENT_SECRET"), inner.client_secret.clone()),
            (format!("{p}NAME"), name.to_string()),
            (format!("{p}NAME_EN"), name_en.to_string()),
            (format!("{p}SCHOOL_CLAIM"), "school".to_string()),
            (format!("{p}DEPARTMENT_CLAIM"), "department".to_string()),
            (format!("{p}STUDENT_CLAIM"), "affiliation".to_string()),
        ]
    }
}

async fn discovery(p: web::Data<FakeProvider>) -> HttpResponse {
    let i = &p.issuer;
    HttpResponse::Ok().json(json!({
        "issuer": i,
        "authorization_endpoint": format!("{i}/authorize"),
        "token_endpoint": format!("{i}/token"),
        "userinfo_endpoint": format!("{i}/userinfo"),
        "jwks_uri": format!("{i}/jwks"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": ["openid", "email", "profile"],
    }))
}

async fn jwks() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "keys": [{
        "kty": "RSA", "use": "sig", "alg": "RS256", "kid": KID, "n": TEST_KEY_N, "e": TEST_KEY_E,
    }]}))
}

fn query(req: &HttpRequest) -> HashMap<String, String> {
    url::form_urlencoded::parse(req.query_string().as_bytes())
        .into_owned()
        .collect()
}

fn bad(message: &str) -> HttpResponse {
    HttpResponse::BadRequest()
        .json(json!({ "error": "invalid_request", "error_description": message }))
}

/// Checks an authorisation request; the error, if any.
fn check_request(inner: &Inner, q: &HashMap<String, String>) -> Option<&'static str> {
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    if get("client_id") != inner.client_id {
        return Some("unknown client_id");
    }
    if get("response_type") != "code" {
        return Some("only the code flow");
    }
    if !get("scope").split(' ').any(|s| s == "openid") {
        return Some("openid scope missing");
    }
    if get("code_challenge_method") != "S256" || get("code_challenge").is_empty() {
        return Some("PKCE (S256) required");
    }
    if get("redirect_uri").is_empty() || get("state").is_empty() {
        return Some("redirect_uri and state required");
    }
    None
}

/// Issues a code for `user` and sends the browser back.
fn send_back(p: &FakeProvider, q: &HashMap<String, String>, user: FakeUser) -> HttpResponse {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let code = random();
    let mut inner = p.lock();
    inner.codes.insert(
        code.clone(),
        Grant {
            client_id: get("client_id"),
            redirect_uri: get("redirect_uri"),
            nonce: q.get("nonce").cloned(),
            challenge: get("code_challenge"),
            user,
        },
    );
    let mut back = match url::Url::parse(&get("redirect_uri")) {
        Ok(u) => u,
        Err(_) => return bad("redirect_uri is not a URL"),
    };
    back.query_pairs_mut()
        .append_pair("code", &code)
        .append_pair("state", &get("state"));
    HttpResponse::Found()
        .insert_header(("location", back.to_string()))
        .finish()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn authorize(req: HttpRequest, p: web::Data<FakeProvider>) -> HttpResponse {
    let q = query(&req);
    let preset = {
        let inner = p.lock();
        if let Some(problem) = check_request(&inner, &q) {
            return bad(problem);
        }
        inner.user.clone()
    };
    if let Some(user) = preset {
        return send_back(&p, &q, user);
    }
    // The walkthrough: say who you are.
    let hidden: String = q
        .iter()
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let field = |name: &str, label: &str, value: &str| {
        format!(
            "<p><label>{label}<br><input name=\"{name}\" value=\"{}\" size=\"30\"></label></p>",
            escape(value)
        )
    };
    let html = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Fake university sign-in</title>\
         <h1>Fake university sign-in</h1><p>A test provider on this machine: sign in as anyone.</p>\
         <form method=\"post\" action=\"/authorize\">{hidden}{}{}{}{}{}\
         <p><label><input type=\"checkbox\" name=\"student\" value=\"yes\" checked> a student</label></p>\
         <p><button type=\"submit\">Sign in</button></p></form></html>",
        field("sub", "Subject (the university's id)", "s1100001"),
        field("email", "E-mail", "student@uni.example.edu.tw"),
        field("name", "Name", "王小明"),
        field("school", "School (MOE code or name)", "國立政治大學"),
        field("department", "Department", "勞工研究所"),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html)
}

async fn approve(
    p: web::Data<FakeProvider>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let q = form.into_inner();
    if let Some(problem) = check_request(&p.lock(), &q) {
        return bad(problem);
    }
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    let user = FakeUser::new(&get("sub"), &get("email"), &get("name"))
        .with("school", json!(get("school")))
        .with("department", json!(get("department")))
        .with(
            "affiliation",
            json!(if q.contains_key("student") {
                "student"
            } else {
                "staff"
            }),
        );
    send_back(&p, &q, user)
}

fn client_of(req: &HttpRequest, form: &HashMap<String, String>) -> (String, String) {
    let basic = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| {
            let (id, secret) = s.split_once(':')?;
            let dec = |x: &str| {
                url::form_urlencoded::parse(format!("x={x}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((dec(id)?, dec(secret)?))
        });
    basic.unwrap_or_else(|| {
        (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        )
    })
}

fn sign(claims: &Value) -> String {
    let key = match jsonwebtoken::EncodingKey::from_rsa_pem(TEST_KEY_PEM.as_bytes()) {
        Ok(k) => k,
        Err(e) => panic!("the test key reads: {e}"),
    };
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some(KID.into());
    match jsonwebtoken::encode(&header, claims, &key) {
        Ok(t) => t,
        Err(e) => panic!("signing works: {e}"),
    }
}

async fn token(
    req: HttpRequest,
    p: web::Data<FakeProvider>,
    form: web::Form<HashMap<String, String>>,
) -> HttpResponse {
    let form = form.into_inner();
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let (client_id, secret) = client_of(&req, &form);
    let mut inner = p.lock();
    if client_id != inner.client_id || secret != inner.client_secret {
        return HttpResponse::Unauthorized().json(json!({ "error": "invalid_client" }));
    }
    if get("grant_type") != "authorization_code" {
        return bad("grant_type");
    }
    // A code works once.
    let Some(grant) = inner.codes.remove(&get("code")) else {
        return HttpResponse::BadRequest().json(json!({ "error": "invalid_grant" }));
    };
    let challenge = b64(&Sha256::digest(get("code_verifier").as_bytes()));
    if grant.client_id != client_id
        || grant.redirect_uri != get("redirect_uri")
        || grant.challenge != challenge
    {
        return HttpResponse::BadRequest().json(json!({ "error": "invalid_grant", "error_description": "client, redirect_uri or PKCE verifier does not match" }));
    }
    if inner.first_nonce.is_none() {
        inner.first_nonce = grant.nonce.clone();
    }
    let now = chrono::Utc::now().timestamp();
    let trick = inner.trick;
    let mut claims = json!({
        "iss": p.issuer,
        "sub": grant.user.sub,
        "aud": if trick == Trick::WrongAudience { "another-client".to_string() } else { client_id.clone() },
        "iat": if trick == Trick::Expired { now - 900 } else { now },
        "exp": if trick == Trick::Expired { now - 600 } else { now + 300 },
        "email": grant.user.email,
        "name": grant.user.name,
    });
    let nonce = if trick == Trick::ReplayNonce {
        inner.first_nonce.clone()
    } else {
        grant.nonce.clone()
    };
    if let Some(obj) = claims.as_object_mut() {
        if let Some(n) = nonce {
            obj.insert("nonce".into(), json!(n));
        }
        if let Some(v) = grant.user.email_verified {
            obj.insert("email_verified".into(), json!(v));
        }
        for (k, v) in &grant.user.claims {
            if !inner.userinfo_only.contains(k) {
                obj.insert(k.clone(), v.clone());
            }
        }
    }
    let mut id_token = sign(&claims);
    if trick == Trick::BadSignature {
        // The same signature over other claims: someone changed the e-mail.
        if let Some(obj) = claims.as_object_mut() {
            obj.insert("email".into(), json!("someone.else@uni.example.edu.tw"));
        }
        let parts: Vec<&str> = id_token.split('.').collect();
        let payload = b64(claims.to_string().as_bytes());
        id_token = format!("{}.{payload}.{}", parts[0], parts[2]);
    }
    let access = random();
    inner.access.insert(access.clone(), grant.user.clone());
    inner.tokens_issued += 1;
    HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(json!({ "access_token": access, "token_type": "Bearer", "expires_in": 3600, "id_token": id_token }))
}

async fn userinfo(req: HttpRequest, p: web::Data<FakeProvider>) -> HttpResponse {
    let bearer = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    let inner = p.lock();
    let Some(user) = inner.access.get(bearer) else {
        return HttpResponse::Unauthorized().finish();
    };
    let mut claims = json!({ "sub": user.sub, "email": user.email, "name": user.name });
    if let Some(obj) = claims.as_object_mut() {
        for (k, v) in &user.claims {
            obj.insert(k.clone(), v.clone());
        }
    }
    HttpResponse::Ok().json(claims)
}
