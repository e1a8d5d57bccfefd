//! Salesdeck: sales management that runs entirely in the browser.
//!
//! Layers (one-way dependencies, see `../shared/DESIGN.md`):
//! `domain` → `analytics` → `snapshot` are pure Rust; `store` is the only module that
//! touches IndexedDB; `ui` renders and holds no business arithmetic.

pub mod analytics;
pub mod demo;
pub mod domain;
pub mod platform;
pub mod snapshot;
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod ui;
