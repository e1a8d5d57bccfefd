//! What a delete takes with it, counted for the confirmation ("Delete the deal Acme and
//! its 3 activities?"). The changes themselves are `Workspace::delete_*_changes`.

use super::text::plural;
use crate::domain::{Id, Workspace};

/// A record about to be deleted and what goes with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeleteImpact {
    pub what: Deleted,
    pub name: String,
    pub deals: usize,
    pub contacts: usize,
    pub activities: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deleted {
    Deal,
    Lead,
    Contact,
    Account,
}

impl DeleteImpact {
    /// A deal and its activities.
    pub fn deal(ws: &Workspace, id: &Id) -> DeleteImpact {
        DeleteImpact {
            what: Deleted::Deal,
            name: ws.deals.get(id).map(|d| d.name.clone()).unwrap_or_default(),
            deals: 0,
            contacts: 0,
            activities: ws
                .activities
                .values()
                .filter(|a| a.deal_id.as_ref() == Some(id))
                .count(),
        }
    }

    /// A lead and its activities.
    pub fn lead(ws: &Workspace, id: &Id) -> DeleteImpact {
        DeleteImpact {
            what: Deleted::Lead,
            name: ws.leads.get(id).map(|l| l.name.clone()).unwrap_or_default(),
            deals: 0,
            contacts: 0,
            activities: ws
                .activities
                .values()
                .filter(|a| a.lead_id.as_ref() == Some(id))
                .count(),
        }
    }

    /// A contact and their activities.
    pub fn contact(ws: &Workspace, id: &Id) -> DeleteImpact {
        DeleteImpact {
            what: Deleted::Contact,
            name: ws
                .contacts
                .get(id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            deals: 0,
            contacts: 0,
            activities: ws
                .activities
                .values()
                .filter(|a| a.contact_id.as_ref() == Some(id))
                .count(),
        }
    }

    /// An account with its deals and contacts (their activities go too).
    pub fn account(ws: &Workspace, id: &Id) -> DeleteImpact {
        DeleteImpact {
            what: Deleted::Account,
            name: ws
                .account_name(Some(id))
                .unwrap_or("this account")
                .to_string(),
            deals: ws.deals_of_account(id).len(),
            contacts: ws.contacts.values().filter(|c| &c.account_id == id).count(),
            activities: 0,
        }
    }

    /// The confirmation question.
    pub fn question(&self) -> String {
        let name = &self.name;
        let activities = plural(self.activities, "activity", "activities");
        match self.what {
            Deleted::Deal | Deleted::Lead => {
                let kind = if self.what == Deleted::Deal {
                    "deal"
                } else {
                    "lead"
                };
                if self.activities == 0 {
                    format!("Delete the {kind} {name}?")
                } else {
                    format!("Delete the {kind} {name} and its {activities}?")
                }
            }
            Deleted::Contact if self.activities == 0 => format!("Delete {name}?"),
            Deleted::Contact => format!("Delete {name} and their {activities}?"),
            Deleted::Account if self.deals + self.contacts == 0 => format!("Delete {name}?"),
            Deleted::Account => format!(
                "Delete {name} with its {} and {}? Their activities are deleted too.",
                plural(self.deals, "deal", "deals"),
                plural(self.contacts, "contact", "contacts")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::lists::fixtures::*;

    #[test]
    fn counts_what_goes_with_each_record() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let mut d = deal(&ws, ids.next_id(), Some(acme.clone()));
        d.name = "Big one".into();
        let deal_id = d.id.clone();
        ws.put(d.into());
        let ana = contact(ids.next_id(), &acme, "Ana");
        let ana_id = ana.id.clone();
        ws.put(ana.into());
        let l = lead(ids.next_id(), "Bo");
        let lead_id = l.id.clone();
        ws.put(l.into());
        for n in 0..3 {
            let mut a = activity(ids.next_id(), "Call");
            a.deal_id = Some(deal_id.clone());
            a.contact_id = (n == 0).then(|| ana_id.clone());
            ws.put(a.into());
        }

        let deal = DeleteImpact::deal(&ws, &deal_id);
        assert_eq!(deal.activities, 3);
        assert_eq!(
            deal.question(),
            "Delete the deal Big one and its 3 activities?"
        );
        let contact = DeleteImpact::contact(&ws, &ana_id);
        assert_eq!(contact.question(), "Delete Ana and their 1 activity?");
        let lead = DeleteImpact::lead(&ws, &lead_id);
        assert_eq!(lead.question(), "Delete the lead Bo?");
        let account = DeleteImpact::account(&ws, &acme);
        assert_eq!((account.deals, account.contacts), (1, 1));
        assert_eq!(
            account.question(),
            "Delete Acme with its 1 deal and 1 contact? Their activities are deleted too."
        );
    }

    #[test]
    fn nothing_else_to_delete() {
        let (mut ws, mut ids) = seeded();
        let empty = ids.next_id();
        ws.put(account(empty.clone(), "Initech").into());
        assert_eq!(
            DeleteImpact::account(&ws, &empty).question(),
            "Delete Initech?"
        );
        let lonely = deal(&ws, ids.next_id(), None);
        let id = lonely.id.clone();
        ws.put(lonely.into());
        assert_eq!(
            DeleteImpact::deal(&ws, &id).question(),
            "Delete the deal Deal?"
        );
        let c = contact(ids.next_id(), &empty, "Cy");
        let cid = c.id.clone();
        ws.put(c.into());
        assert_eq!(DeleteImpact::contact(&ws, &cid).question(), "Delete Cy?");
        // Gone already (another tab): still a sensible question.
        assert_eq!(
            DeleteImpact::account(&ws, &Id::from_string("gone")).question(),
            "Delete this account?"
        );
    }
}
