//! Accounts: the list, and the account page with its deals, contacts and timeline panels.

mod contacts;
mod deals;
mod edit;
mod list;
mod timeline;

pub use edit::AccountEditPage;
pub use list::AccountsPage;
