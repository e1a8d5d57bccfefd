//! IndexedDB persistence through rexie: the only module that touches IndexedDB.
//!
//! - `schema`: object stores and indexes per schema version.
//! - data migrations are pure functions in `snapshot::migrate`, shared with imports.
//! - `db` (browser only): open/upgrade, load with `getAll`, one transaction per action.
//! - `load_worker` (browser only): the Web Worker that reads and stringifies rows for `load`.

pub mod registry;
pub mod schema;

#[cfg(target_arch = "wasm32")]
mod codec;
#[cfg(target_arch = "wasm32")]
mod db;
#[cfg(target_arch = "wasm32")]
mod load_worker;
#[cfg(target_arch = "wasm32")]
mod watcher;

#[cfg(target_arch = "wasm32")]
pub use db::{Db, Loaded, Replacement, ReplacementEncoder};

use std::fmt;

/// What a refused write says wherever it is shown as text (the storage-full alert in
/// the shell says the same, with the buttons and links to act on it).
pub const STORAGE_FULL: &str = "Nothing was saved: the browser's storage for this site is full. Everything saved before is kept. To make room, export a snapshot, then delete a workspace you no longer need (Data › Workspaces).";

/// Why a storage operation failed, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (private mode, disabled storage).
    Unavailable(String),
    /// The database was written by a newer Salesdeck.
    TooNew,
    /// Another tab upgraded the database; this tab must reload.
    Superseded,
    /// The browser refused the write because this site's storage quota is full
    /// (QuotaExceededError); it was rolled back like any failed write.
    StorageFull,
    /// A write failed and was rolled back.
    Write(String),
    Read(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Unavailable(m) => write!(
                f,
                "This browser would not open Salesdeck's storage ({m}). Private windows and some privacy settings block it."
            ),
            StoreError::TooNew => write!(
                f,
                "This workspace was saved by a newer version of Salesdeck. Update the app (reload, or deploy the newer build) to open it."
            ),
            StoreError::Superseded => write!(
                f,
                "Salesdeck was updated in another tab. Reload this tab to continue."
            ),
            StoreError::StorageFull => f.write_str(STORAGE_FULL),
            StoreError::Write(m) => write!(f, "Nothing was saved: {m}"),
            StoreError::Read(m) => write!(f, "Could not read your data: {m}"),
        }
    }
}
