//! Contacts: the list and the contact page.

mod edit;
mod list;

pub use edit::ContactEditPage;
pub use list::ContactsPage;
