//! Leads: the list, the lead page, its status panel and the one-step conversion.

mod convert;
mod edit;
mod list;
mod status;

pub use edit::LeadEditPage;
pub use list::LeadsPage;
