//! Leptos UI (browser only), one folder per capability. Pages ask `domain`/`analytics`
//! for records and numbers and render them; every write goes through
//! `AppState::commit`.
//!
//! - `app.rs`: the root and start-up; `routes.rs`: the one route table (router and
//!   sidebar); `links.rs`: internal hrefs under the base path; `state.rs`: the
//!   in-memory workspace, the open database and notices.
//! - `components/`: widgets several capabilities use (shell, fields, tables, forms,
//!   activity panels, progress, search, banners).
//! - One folder per capability: `deals/`, `leads/`, `accounts/`, `contacts/`,
//!   `activities/`, `pipeline/`, `team/`, `data/`, `settings/`, `dashboard/`,
//!   `review/`, `forecast/`, `help/`. A capability uses `components/`, `state`, `links` and the pure layers,
//!   never another capability (`tests/ui_layers.rs` checks).

mod app;
mod components;
mod links;
mod routes;
mod state;

mod accounts;
mod activities;
mod automation;
mod contacts;
mod dashboard;
mod data;
mod deals;
mod forecast;
mod help;
mod leads;
mod pipeline;
mod review;
mod scoring;
mod settings;
mod team;

pub use app::App;
