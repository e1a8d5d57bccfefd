//! Data: workspaces, demo data, snapshot export and import, and CSV import.

mod csv_import;
mod csv_values;
mod demo;
mod import_preview;
mod page;
mod snapshot_export;
mod snapshot_import;
mod workspaces;

pub use csv_import::CsvImportPage;
pub use page::DataPage;
