//! contest-portal: the Ministry of Labor's open-data innovation contest portal.

pub mod app;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod integrations;
pub mod jobs;
pub mod security;
pub mod store;
pub mod web;
