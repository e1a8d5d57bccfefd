//! Widgets used by several capabilities: the shell and page blocks, charts, form fields and
//! form helpers, list tables, the activity panels of record pages, progress, file
//! drop, search, the training and data-safety banners. Nothing here imports a
//! capability.

pub mod activity_log;
// The dashboard page (next) is the first to use it: drop this `allow` then.
pub mod chart;
pub mod fields;
pub mod file_drop;
pub mod form_support;
pub mod layout;
pub mod lost_reasons;
pub mod missing_rates;
pub mod next_actions;
pub mod progress;
pub mod reload;
pub mod safety;
pub mod search;
pub mod split;
pub mod table;
pub mod theme;
pub mod training;
pub mod view_filters;
