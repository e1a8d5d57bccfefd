//! Deals: the list, the create/edit page, its contact picker and stage history.

mod contacts;
mod edit;
mod history;
mod list;

pub use edit::DealEditPage;
pub use list::DealsPage;
