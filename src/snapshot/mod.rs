//! Snapshots: the whole workspace as one versioned JSON document, validated before
//! anything is written, migrated forward from older versions, and merged by id.

pub mod backup;
pub mod csv_in;
pub mod csv_out;
pub mod cursor;
pub mod encrypted;
pub mod format;
pub mod json_rows;
pub mod merge;
pub mod migrate;
pub mod validate;
