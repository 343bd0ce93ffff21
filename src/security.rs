//! Secrets: argon2id password hashes, random tokens, their stored digests and
//! CSRF tokens bound to a session. Everything here is CPU-bound; callers run
//! hashing off the async threads.

use std::sync::LazyLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

fn argon2() -> Argon2<'static> {
    // OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane).
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(19 * 1024, 2, 1, None).expect("static argon2 parameters are valid"),
    )
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
}

/// A hash of a random password, verified against when the e-mail is unknown so
/// that unknown accounts take as long as wrong passwords.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password(&random_token()).expect("hashing a random password works"));

pub fn verify_password(password: &str, stored: Option<&str>) -> bool {
    let stored = stored.unwrap_or(DUMMY_HASH.as_str());
    match PasswordHash::new(stored) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// 32 random bytes, URL-safe base64: session ids and e-mail link tokens.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A readable one-time password for the first administrator.
pub fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// What the database keeps of a token: its SHA-256, so a leaked table cannot
/// be replayed.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The CSRF token for a binding (the session digest, or an anonymous id).
pub fn csrf_token(secret: &[u8], binding: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"csrf\x00");
    mac.update(binding.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub fn csrf_matches(secret: &[u8], binding: &str, presented: &str) -> bool {
    let expected = csrf_token(secret, binding);
    expected.as_bytes().ct_eq(presented.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_use_argon2id() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", Some(&h)));
        assert!(!verify_password("wrong horse battery", Some(&h)));
        assert!(!verify_password("anything", None));
        assert!(!verify_password("anything", Some("not a hash")));
    }

    #[test]
    fn tokens_are_unique_and_digests_stable() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(token_digest(&a), token_digest(&a));
        assert_eq!(token_digest(&a).len(), 64);
        assert_eq!(random_password().len(), 20);
    }

    #[test]
    fn csrf_is_bound_to_secret_and_binding() {
        let t = csrf_token(b"k1", "s");
        assert!(csrf_matches(b"k1", "s", &t));
        assert!(!csrf_matches(b"k2", "s", &t));
        assert!(!csrf_matches(b"k1", "other", &t));
        assert!(!csrf_matches(b"k1", "s", ""));
    }
}
