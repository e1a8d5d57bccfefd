//! The contacts list: filter by a text the name, e-mail or account contains; sort by
//! any column; CSV rows.

use super::{caseless, directed};
use crate::domain::{Id, Workspace};

/// The column the list sorts by; keys are the column keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContactSort {
    Name,
    Title,
    Account,
    Email,
}

impl ContactSort {
    pub const ALL: [ContactSort; 4] = [
        ContactSort::Name,
        ContactSort::Title,
        ContactSort::Account,
        ContactSort::Email,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContactSort::Name => "name",
            ContactSort::Title => "title",
            ContactSort::Account => "account",
            ContactSort::Email => "email",
        }
    }

    /// Unknown keys sort by name.
    pub fn from_key(k: &str) -> ContactSort {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(ContactSort::Name)
    }
}

/// One row of the contacts list, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct ContactRow {
    pub id: Id,
    pub name: String,
    pub title: String,
    pub account: String,
    pub email: String,
    pub phone: String,
}

impl ContactRow {
    pub const CSV_HEADERS: [&'static str; 5] = ["Name", "Title", "Account", "E-mail", "Phone"];

    pub fn csv_cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.title.clone(),
            self.account.clone(),
            self.email.clone(),
            self.phone.clone(),
        ]
    }
}

/// The contacts whose name, e-mail or account contains `text` (any case; all when it is
/// blank), sorted by `sort`.
pub fn contact_rows(
    ws: &Workspace,
    text: &str,
    sort: ContactSort,
    ascending: bool,
) -> Vec<ContactRow> {
    let needle = text.trim().to_lowercase();
    let mut rows: Vec<ContactRow> = ws
        .contacts
        .values()
        .filter(|c| {
            needle.is_empty()
                || c.name.to_lowercase().contains(&needle)
                || c.email
                    .as_deref()
                    .is_some_and(|m| m.to_lowercase().contains(&needle))
                || ws
                    .account_name(Some(&c.account_id))
                    .is_some_and(|a| a.to_lowercase().contains(&needle))
        })
        .map(|c| ContactRow {
            id: c.id.clone(),
            name: c.name.clone(),
            title: c.title.clone().unwrap_or_default(),
            account: ws
                .account_name(Some(&c.account_id))
                .unwrap_or("")
                .to_string(),
            email: c.email.clone().unwrap_or_default(),
            phone: c.phone.clone().unwrap_or_default(),
        })
        .collect();
    sort_contacts(&mut rows, sort, ascending);
    rows
}

pub fn sort_contacts(rows: &mut [ContactRow], sort: ContactSort, ascending: bool) {
    rows.sort_by(|a, b| {
        let o = match sort {
            ContactSort::Account => caseless(&a.account, &b.account),
            ContactSort::Title => a.title.cmp(&b.title),
            ContactSort::Email => a.email.cmp(&b.email),
            ContactSort::Name => caseless(&a.name, &b.name),
        };
        directed(o, ascending)
    });
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn workspace() -> Workspace {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let zeta = ids.next_id();
        ws.put(account(zeta.clone(), "zeta").into());
        for (name, at, email, title) in [
            ("bo", &acme, "bo@acme.com", "CTO"),
            ("Al", &zeta, "al@mail.com", "Buyer"),
            ("Cy", &zeta, "", "Analyst"),
        ] {
            let mut c = contact(ids.next_id(), at, name);
            c.email = (!email.is_empty()).then(|| email.into());
            c.title = Some(title.into());
            ws.put(c.into());
        }
        ws
    }

    fn names(rows: &[ContactRow]) -> String {
        rows.iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn text_matches_name_email_or_account_in_any_case() {
        let ws = workspace();
        let rows = |t| names(&contact_rows(&ws, t, ContactSort::Name, true));
        assert_eq!(rows(""), "Al,bo,Cy");
        assert_eq!(rows("  "), "Al,bo,Cy");
        assert_eq!(rows("ZETA"), "Al,Cy");
        assert_eq!(rows("@ACME"), "bo");
        assert_eq!(rows("cy"), "Cy");
        assert_eq!(rows("nobody"), "");
    }

    #[test]
    fn sorts_by_each_column() {
        let ws = workspace();
        let sorted = |s, asc| names(&contact_rows(&ws, "", s, asc));
        assert_eq!(sorted(ContactSort::Name, false), "Cy,bo,Al");
        assert_eq!(sorted(ContactSort::Title, true), "Cy,Al,bo");
        assert_eq!(sorted(ContactSort::Email, true), "Cy,Al,bo");
        assert_eq!(&sorted(ContactSort::Account, true)[..2], "bo");
        let rows = contact_rows(&ws, "bo", ContactSort::Name, true);
        assert_eq!(
            rows[0].csv_cells(),
            ["bo", "CTO", "Acme", "bo@acme.com", ""]
        );
        assert_eq!(ContactSort::from_key("phone"), ContactSort::Name);
    }
}
