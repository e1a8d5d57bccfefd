//! Settings: the workspace (name, home currency, fiscal year, "you", stalled threshold,
//! lost reasons), pipelines and their stages, and storage in this browser.

mod pipelines;
mod workspace;

pub use workspace::SettingsPage;
