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

/// Why a storage operation failed, in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// IndexedDB is missing or refused (private mode, disabled storage).
    Unavailable(String),
    /// The database was written by a newer Salesdeck.
    TooNew,
    /// Another tab upgraded the database; this tab must reload.
    Superseded,
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
            StoreError::Write(m) => write!(f, "Nothing was saved: {m}"),
            StoreError::Read(m) => write!(f, "Could not read your data: {m}"),
        }
    }
}
