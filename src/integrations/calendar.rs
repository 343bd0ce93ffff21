//! The office calendar as published: the official 2025 and 2026 files the
//! portal ships with, and the published file fetched from its URL. Reading
//! a file is the domain's (`domain::calendar::parse_whole_years`); storing
//! it is `service::calendar`'s.

use super::catalog::{CatalogClient, FetchError};

/// The official files, byte for byte (2025 is Big5, 2026 UTF-8 with BOM).
pub const BUNDLED: [(i32, &[u8]); 2] = [
    (2025, include_bytes!("../../assets/calendar/2025.csv")),
    (2026, include_bytes!("../../assets/calendar/2026.csv")),
];

/// Downloads a published calendar file (retried like every catalogue request).
pub async fn download(client: &CatalogClient, url: &str) -> Result<Vec<u8>, FetchError> {
    client.get(url).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{complete_years, parse_whole_years};

    #[test]
    fn bundled_files_are_whole_years() {
        for (year, bytes) in BUNDLED {
            let days = parse_whole_years(bytes).unwrap();
            assert_eq!(complete_years(&days), vec![year]);
        }
    }
}
