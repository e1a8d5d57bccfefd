//! Leptos UI (browser only). Pages ask `domain`/`analytics` for records and numbers
//! and render them; every write goes through `AppState::commit`.

mod app;
mod components;
mod links;
mod pages;
mod state;

pub use app::App;
