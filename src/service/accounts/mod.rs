//! Accounts: signing up and in, passwords, sessions, one's own account, and
//! making administrators.

mod account;
mod admin;
mod oidc;
mod password;
mod passwords;
mod signin;
mod signup;

pub use account::{account, set_language, Account};
pub use admin::{ensure_first_admin, make_admin, FirstAdmin};
pub(crate) use oidc::mark_profile;
pub use oidc::{
    finish_oidc, link_with_password, pending_link, start_oidc, Callback, Finished, LinkPage,
    Started, LINK_GONE, STATE_REFUSED,
};
pub use password::{
    change_password, check_reset_token, forgot_password, reset_password, PasswordChange,
};
pub use signin::{
    resume_session, sign_in, sign_out, sign_out_everywhere, Client, Session, SessionHolder,
};
pub use signup::{resend_verification, sign_up, sign_up_then, sign_up_via, verify_email, SignUp};
