//! contest-portal: the Ministry of Labor's open-data innovation contest portal.

pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod i18n;
pub mod integrations;
pub mod jobs;
pub mod ops;
pub mod security;
pub mod service;
pub mod store;
pub mod templates;
pub mod web;

/// The HTTP server, the one part of `web` that the binary and the
/// integration tests start.
pub use web::server;
