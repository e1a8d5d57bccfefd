//! CSV import from spreadsheets and other CRMs (Salesforce, HubSpot, Pipedrive).
//!
//! The steps follow the import screens: `read` the file into a `CsvTable`; map its
//! columns to fields (`guess_mapping` proposes); map the values of the stage and owner
//! columns (`guess_stage`, `guess_owner`); pick the date format (`guess_date_format`);
//! then `plan` turns the rows into changes and per-row errors for the user to confirm,
//! and `rejects_csv` gives back the rows that were skipped. Pure: no browser, no clock,
//! no random source (`now` and ids are passed in).

mod cells;
mod convert;
mod dates;
mod fields;
mod guess;
mod read;
mod records;
mod rejects;
mod values;

#[cfg(test)]
mod tests;

pub use convert::{date_samples, plan, ImportOptions, ImportPlan, RowError};
pub use dates::{guess_date_format, parse_date, parse_date_time, DateFormat};
pub use fields::{fields, missing_required, required, Field, Target};
pub use guess::guess_mapping;
pub use read::{detect_delimiter, read, CsvTable};
pub use rejects::rejects_csv;
pub use values::{
    distinct_values, guess_owner, guess_stage, guess_values, reps_for_guessing, OwnerChoice,
    ValueMap,
};
