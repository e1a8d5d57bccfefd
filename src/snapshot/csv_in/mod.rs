//! CSV import from spreadsheets and other CRMs (Salesforce, HubSpot, Pipedrive).
//!
//! The steps follow the import screens: `read_bytes` the file into a `CsvTable` (its
//! encoding from `detect_encoding`, or the user's choice; `read` takes text already
//! decoded); map its columns to fields (`guess_mapping` proposes); map the values of the
//! stage and owner columns (`guess_stage`, `guess_owner`) and choose what happens to
//! stages the pipeline lacks (`NewStages`); pick the date format (`guess_date_format`);
//! then `plan` turns the rows into changes and per-row errors for the user to confirm
//! (`review.rs` counts what the review shows), and `rejects_csv` gives back the rows
//! that were skipped. A file is records of one kind (`Target::ALL`) or the change
//! history of deals already imported (`Target::DealHistory`, `history.rs`). Pure: no
//! browser, no clock, no random source (`now` and ids are passed in).

mod cells;
mod convert;
mod dates;
mod encoding;
mod fields;
mod guess;
mod history;
mod read;
mod records;
mod rejects;
mod review;
mod stages;
mod values;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_history;
#[cfg(test)]
mod tests_moving_in;

pub use convert::{date_samples, plan, ImportOptions, ImportPlan, RowError};
pub use dates::{guess_date_format, parse_date, parse_date_time, DateFormat};
pub use encoding::{decode, detect_encoding, Encoding};
pub use fields::{fields, missing_required, required, Field, Target};
pub use guess::guess_mapping;
pub use history::HistorySummary;
pub use read::{detect_delimiter, read, read_bytes, CsvTable};
pub use rejects::rejects_csv;
pub use review::{
    open_deals_without_amount, pipeline_reviews, rows_in_file, PipelineReview, StagePlacement,
};
pub use stages::{
    category_from_probability, kind_from_name, unknown_stages, NewStages, PipelineUpdate,
    StageAdded,
};
pub use values::{
    distinct_values, guess_owner, guess_stage, guess_values, reps_for_guessing, OwnerChoice,
    ValueMap,
};
