//! Names as a page shows them: a contest's title and a track's name in the
//! reader's language (the Chinese one when no English one was given).

use crate::i18n::Lang;
use crate::store::contests::{Contest, Track};

pub fn contest_title(lang: Lang, c: &Contest) -> String {
    if lang == Lang::En && !c.title_en.trim().is_empty() {
        c.title_en.clone()
    } else {
        c.title.clone()
    }
}

pub fn track_name(lang: Lang, t: &Track) -> String {
    if lang == Lang::En && !t.name_en.trim().is_empty() {
        t.name_en.clone()
    } else {
        t.name.clone()
    }
}
