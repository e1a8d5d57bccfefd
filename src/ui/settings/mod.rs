//! Settings: the workspace (name, home currency, fiscal year, "you", stalled threshold,
//! lost reasons, gross margin), currencies and their rates, pipelines and their stages,
//! and storage in this browser.

mod currencies;
mod pipelines;
mod workspace;

pub use workspace::SettingsPage;
