//! University identity providers (OpenID Connect), through the
//! `openidconnect` crate: discovery (metadata and signing keys), the
//! authorisation URL with PKCE, and the code exchange with every check of
//! the ID token (signature, issuer, audience, expiry, nonce, access-token
//! hash). What comes back is the verified claims as JSON; reading them is
//! `domain::oidc`'s. Nothing here keeps state between requests: the state,
//! nonce and PKCE verifier are the caller's (kept in the database).

use std::time::Duration;

use openidconnect::core::{
    CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
    CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata, CoreRevocableToken, CoreRevocationErrorResponse,
    CoreTokenIntrospectionResponse, CoreTokenType,
};
use openidconnect::{
    AccessTokenHash, AdditionalClaims, AuthorizationCode, ClaimsVerificationError, ClientId,
    ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RequestTokenError, Scope, StandardErrorResponse, StandardTokenResponse,
    TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::config::OidcProvider;

/// Every claim besides the standard ones, kept as JSON: which of them carry
/// the school or the department is the provider's setting.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl AdditionalClaims for OtherClaims {}

type Fields = IdTokenFields<
    OtherClaims,
    EmptyExtraTokenFields,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJwsSigningAlgorithm,
>;
type Tokens = StandardTokenResponse<Fields, CoreTokenType>;
type Client = openidconnect::Client<
    OtherClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    Tokens,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// Why a sign-in through a provider did not happen. Each is a sentence for
/// the sign-in page (`message`); the detail goes to the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The provider did not answer, or not as a provider does.
    Unreachable,
    /// The person (or the provider) said no at the provider.
    Denied,
    /// The ID token is meant for another client.
    Audience,
    /// The ID token has expired.
    Expired,
    /// The ID token's signature does not check out.
    Signature,
    /// The ID token answers another sign-in (its nonce is not this one's).
    Nonce,
    /// The ID token comes from another issuer, or is otherwise unusable.
    Invalid,
}

impl Failure {
    pub fn message(self) -> &'static str {
        match self {
            Failure::Unreachable => "oidc-error-unreachable",
            Failure::Denied => "oidc-error-denied",
            Failure::Audience => "oidc-error-audience",
            Failure::Expired => "oidc-error-expired",
            Failure::Signature => "oidc-error-signature",
            Failure::Nonce => "oidc-error-nonce",
            Failure::Invalid => "oidc-error-invalid",
        }
    }
}

/// Who signed in: the provider's subject and every verified claim (the ID
/// token's, completed by the user-info answer where the provider has one).
#[derive(Debug, Clone)]
pub struct Identity {
    pub subject: String,
    pub claims: Map<String, Value>,
}

/// The secrets one sign-in carries from its start to its callback.
pub struct Secrets<'a> {
    pub state: &'a str,
    pub nonce: &'a str,
    pub pkce_verifier: &'a str,
}

/// The HTTP client for identity providers: no redirects followed (the
/// crate's advice against request forgery), bounded in time.
pub struct OidcClient {
    http: reqwest::Client,
}

impl OidcClient {
    pub fn new() -> anyhow::Result<OidcClient> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(10))
            .user_agent(concat!("contest-portal/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(OidcClient { http })
    }

    /// Whether `provider` can be used: its discovery document names the
    /// configured issuer exactly and its signing keys can be read. Says what
    /// it found, or what is wrong.
    pub async fn check(&self, provider: &OidcProvider) -> Result<String, String> {
        let issuer = IssuerUrl::new(provider.issuer.clone())
            .map_err(|e| format!("the issuer {} is not a URL: {e}", provider.issuer))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| format!("discovery at {} failed: {e}", provider.issuer))?;
        Ok(format!(
            "{} answers discovery; {} signing key(s)",
            provider.issuer,
            metadata.jwks().keys().len()
        ))
    }

    /// The provider's metadata and keys (fetched each time, so a provider's
    /// new keys are used at once), as a client registered at `redirect`.
    async fn client(&self, provider: &OidcProvider, redirect: &str) -> Result<Client, Failure> {
        let issuer = IssuerUrl::new(provider.issuer.clone()).map_err(|e| {
            tracing::warn!(provider = %provider.id, "issuer is not a URL: {e}");
            Failure::Unreachable
        })?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| {
                tracing::warn!(provider = %provider.id, "discovery failed: {e} ({e:?})");
                Failure::Unreachable
            })?;
        let redirect = RedirectUrl::new(redirect.to_string()).map_err(|e| {
            tracing::error!(provider = %provider.id, "redirect URL: {e}");
            Failure::Unreachable
        })?;
        Ok(Client::from_provider_metadata(
            metadata,
            ClientId::new(provider.client_id.clone()),
            provider.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser: the provider's authorisation endpoint with
    /// the code flow, the scopes, the state, the nonce and the PKCE challenge
    /// (S256) of `secrets`.
    pub async fn authorization_url(
        &self,
        provider: &OidcProvider,
        redirect: &str,
        secrets: Secrets<'_>,
    ) -> Result<String, Failure> {
        let client = self.client(provider, redirect).await?;
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(
            secrets.pkce_verifier.to_string(),
        ));
        let (state, nonce) = (secrets.state.to_string(), secrets.nonce.to_string());
        let mut request = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                move || CsrfToken::new(state),
                move || Nonce::new(nonce),
            )
            .set_pkce_challenge(challenge);
        for scope in &provider.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let (url, _, _) = request.url();
        Ok(url.to_string())
    }

    /// Exchanges the code (with the PKCE verifier) for tokens and checks the
    /// ID token against the provider's keys, this client, the clock and the
    /// nonce of this sign-in.
    pub async fn identify(
        &self,
        provider: &OidcProvider,
        redirect: &str,
        code: &str,
        secrets: Secrets<'_>,
    ) -> Result<Identity, Failure> {
        let client = self.client(provider, redirect).await?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code.to_string()))
            .map_err(|e| {
                tracing::warn!(provider = %provider.id, "no token endpoint: {e}");
                Failure::Unreachable
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(secrets.pkce_verifier.to_string()))
            .request_async(&self.http)
            .await
            .map_err(|e| {
                tracing::warn!(provider = %provider.id, "code exchange failed: {e} ({e:?})");
                match e {
                    RequestTokenError::ServerResponse(_) => Failure::Denied,
                    RequestTokenError::Parse(..) | RequestTokenError::Other(_) => Failure::Invalid,
                    RequestTokenError::Request(_) => Failure::Unreachable,
                }
            })?;
        let id_token = tokens.id_token().ok_or_else(|| {
            tracing::warn!(provider = %provider.id, "the token answer has no ID token");
            Failure::Invalid
        })?;
        let verifier = client.id_token_verifier();
        let claims = id_token
            .claims(&verifier, &Nonce::new(secrets.nonce.to_string()))
            .map_err(|e| {
                tracing::warn!(provider = %provider.id, "ID token refused: {e}");
                refusal(&e)
            })?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token.signing_alg().map_err(|_| Failure::Signature)?;
            let key = id_token
                .signing_key(&verifier)
                .map_err(|_| Failure::Signature)?;
            let actual = AccessTokenHash::from_token(tokens.access_token(), alg, key)
                .map_err(|_| Failure::Invalid)?;
            if actual != *expected {
                tracing::warn!(provider = %provider.id, "access token hash does not match");
                return Err(Failure::Invalid);
            }
        }
        let subject = claims.subject().as_str().to_string();
        let mut all = as_map(claims);
        if wants_user_info(provider, &all) {
            if let Ok(request) = client.user_info(
                tokens.access_token().clone(),
                Some(claims.subject().clone()),
            ) {
                let info: Result<UserInfoClaims<OtherClaims, CoreGenderClaim>, _> =
                    request.request_async(&self.http).await;
                match info {
                    Ok(info) => {
                        for (k, v) in as_map(&info) {
                            all.entry(k).or_insert(v);
                        }
                    }
                    Err(e) => {
                        tracing::warn!(provider = %provider.id, "user info refused: {e} ({e:?})");
                        return Err(Failure::Invalid);
                    }
                }
            }
        }
        Ok(Identity {
            subject,
            claims: all,
        })
    }
}

/// Which check an ID token failed, as the person is told.
fn refusal(e: &ClaimsVerificationError) -> Failure {
    match e {
        ClaimsVerificationError::Expired(_) => Failure::Expired,
        ClaimsVerificationError::InvalidAudience(_) => Failure::Audience,
        ClaimsVerificationError::InvalidNonce(_) => Failure::Nonce,
        ClaimsVerificationError::SignatureVerification(_) => Failure::Signature,
        _ => Failure::Invalid,
    }
}

/// Claims (standard and others) as one JSON object.
fn as_map(claims: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(claims) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// Whether the ID token lacks a claim the provider's mapping names (or the
/// e-mail), so the user-info endpoint is asked.
fn wants_user_info(provider: &OidcProvider, claims: &Map<String, Value>) -> bool {
    let m = &provider.claims;
    let missing =
        |c: &str| !claims.contains_key(c) && !claims.contains_key(c.split('.').next().unwrap_or(c));
    missing("email")
        || [&m.school_claim, &m.department_claim, &m.student_claim]
            .into_iter()
            .flatten()
            .any(|c| missing(c))
}
