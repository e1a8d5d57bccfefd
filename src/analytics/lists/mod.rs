//! The list pages' queries — filter, sort and page — as pure functions of the workspace,
//! so the pages only render what they get. Each list has a filter struct, a sort key
//! enum whose keys are the column keys the page's headers carry, and a row type that
//! holds exactly what a row shows (and exports to CSV).

pub mod accounts;
pub mod activities;
pub mod contacts;
pub mod deals;
pub mod drill;
pub mod leads;
pub mod page;
pub mod team;

use crate::domain::Id;
use std::cmp::Ordering;

/// Whether a record owned by `owner` passes an owner filter (`None` = every owner).
pub fn owner_matches(filter: Option<&Id>, owner: Option<&Id>) -> bool {
    filter.is_none_or(|f| owner == Some(f))
}

/// `o` in the chosen direction.
fn directed(o: Ordering, ascending: bool) -> Ordering {
    if ascending {
        o
    } else {
        o.reverse()
    }
}

/// Compares ignoring case ("acme" next to "Acme").
fn caseless(a: &str, b: &str) -> Ordering {
    a.to_lowercase().cmp(&b.to_lowercase())
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! Records for the list tests, beside `domain::workspace::tests`.
    pub use crate::domain::workspace::tests::{account, deal, now, seeded};
    use crate::domain::{Activity, ActivityKind, Contact, Id, Lead, LeadStatus, Rep, RepRole};

    pub fn rep(id: Id, name: &str) -> Rep {
        Rep {
            id,
            name: name.into(),
            email: None,
            role: RepRole::Rep,
            manager_id: None,
            territory_id: None,
            active: true,
            created_at: now(),
            updated_at: now(),
        }
    }

    pub fn lead(id: Id, name: &str) -> Lead {
        Lead {
            id,
            name: name.into(),
            company: None,
            email: None,
            phone: None,
            title: None,
            company_size: None,
            source: None,
            status: LeadStatus::New,
            disqualified_reason: None,
            score: None,
            owner_id: None,
            conversion: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    pub fn contact(id: Id, account: &Id, name: &str) -> Contact {
        Contact {
            id,
            account_id: account.clone(),
            name: name.into(),
            title: None,
            email: None,
            phone: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    pub fn activity(id: Id, subject: &str) -> Activity {
        Activity {
            id,
            kind: ActivityKind::Call,
            subject: subject.into(),
            notes: None,
            due: None,
            done: false,
            done_at: None,
            outcome: None,
            owner_id: None,
            deal_id: None,
            account_id: None,
            contact_id: None,
            lead_id: None,
            created_at: now(),
            updated_at: now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_filter() {
        let (a, b) = (Id::from_string("a"), Id::from_string("b"));
        assert!(owner_matches(None, None));
        assert!(owner_matches(None, Some(&a)));
        assert!(owner_matches(Some(&a), Some(&a)));
        assert!(!owner_matches(Some(&a), Some(&b)));
        assert!(!owner_matches(Some(&a), None));
    }
}
