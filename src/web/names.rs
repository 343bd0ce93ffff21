//! Names as a page shows them: a contest's title and a track's name in the
//! reader's language (they live in `i18n`, which e-mails use too).

pub use crate::i18n::{contest_title, track_name};
