//! The open-data catalogue as the portal keeps it.

mod lookup;

pub use lookup::known_or_fetched;
