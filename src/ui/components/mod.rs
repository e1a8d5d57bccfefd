//! Reusable pieces: the shell, page headers, empty states and form fields.

pub mod fields;
pub mod file_drop;
pub mod layout;
pub mod progress;
pub mod safety;
pub mod search;
pub mod table;
