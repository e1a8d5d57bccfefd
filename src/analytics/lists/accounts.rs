//! The accounts list (filter by status and owner, sort by any column, with each
//! account's open deals and pipeline) and the account page's deals and contacts.

use super::{caseless, directed, owner_matches};
use crate::analytics::totals::{format_full, DealTotals};
use crate::domain::forms::date_label;
use crate::domain::{Contact, CustomerStatus, Date, Id, Workspace};
use std::cmp::Ordering;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AccountFilter {
    pub status: Option<CustomerStatus>,
    pub owner: Option<Id>,
}

/// The column the list sorts by; keys are the column keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountSort {
    Name,
    Domain,
    Status,
    Owner,
    /// Number of open deals.
    Deals,
    /// Open pipeline in the home currency.
    Pipeline,
}

impl AccountSort {
    pub const ALL: [AccountSort; 6] = [
        AccountSort::Name,
        AccountSort::Domain,
        AccountSort::Status,
        AccountSort::Owner,
        AccountSort::Deals,
        AccountSort::Pipeline,
    ];

    pub fn key(self) -> &'static str {
        match self {
            AccountSort::Name => "name",
            AccountSort::Domain => "domain",
            AccountSort::Status => "status",
            AccountSort::Owner => "owner",
            AccountSort::Deals => "deals",
            AccountSort::Pipeline => "pipeline",
        }
    }

    /// Unknown keys sort by name.
    pub fn from_key(k: &str) -> AccountSort {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(AccountSort::Name)
    }
}

/// One row of the accounts list, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountRow {
    pub id: Id,
    pub name: String,
    pub domain: String,
    pub status: CustomerStatus,
    /// "—" when unassigned.
    pub owner: String,
    pub open_deals: usize,
    /// Open pipeline per currency, home currency first.
    pub open_amount: String,
    /// Open pipeline in the home currency (minor units), what "Open pipeline" sorts by.
    pub open_home: i64,
}

impl AccountRow {
    pub const CSV_HEADERS: [&'static str; 6] = [
        "Account",
        "Domain",
        "Status",
        "Owner",
        "Open deals",
        "Open pipeline",
    ];

    pub fn csv_cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.domain.clone(),
            self.status.label().to_string(),
            self.owner.clone(),
            self.open_deals.to_string(),
            self.open_amount.clone(),
        ]
    }
}

/// The accounts that pass `filter`, sorted by `sort` (then by name).
pub fn account_rows(
    ws: &Workspace,
    filter: &AccountFilter,
    sort: AccountSort,
    ascending: bool,
    today: Date,
) -> Vec<AccountRow> {
    let totals = DealTotals::per_account(ws, today);
    let home = &ws.settings.home_currency;
    let mut rows: Vec<AccountRow> = ws
        .accounts
        .values()
        .filter(|a| filter.status.is_none_or(|s| a.status == s))
        .filter(|a| owner_matches(filter.owner.as_ref(), a.owner_id.as_ref()))
        .map(|a| {
            let t = totals.get(&a.id).cloned().unwrap_or_default();
            AccountRow {
                id: a.id.clone(),
                name: a.name.clone(),
                domain: a.domain.clone().unwrap_or_default(),
                status: a.status,
                owner: ws.rep_name(a.owner_id.as_ref()).unwrap_or("—").to_string(),
                open_deals: t.open_count,
                open_amount: format_full(&t.open, home),
                open_home: t.open.home,
            }
        })
        .collect();
    sort_accounts(&mut rows, sort, ascending);
    rows
}

pub fn sort_accounts(rows: &mut [AccountRow], sort: AccountSort, ascending: bool) {
    rows.sort_by(|a, b| {
        let o = match sort {
            AccountSort::Status => a.status.key().cmp(b.status.key()),
            AccountSort::Owner => a.owner.cmp(&b.owner),
            AccountSort::Deals => a.open_deals.cmp(&b.open_deals),
            AccountSort::Pipeline => a.open_home.cmp(&b.open_home),
            AccountSort::Domain => a.domain.cmp(&b.domain),
            AccountSort::Name => Ordering::Equal,
        }
        .then_with(|| caseless(&a.name, &b.name));
        directed(o, ascending)
    });
}

/// One deal in the account page's deals panel.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountDeal {
    pub id: Id,
    pub name: String,
    pub stage: String,
    pub amount: String,
    /// Closed on, else expected close, as shown.
    pub close: String,
}

/// The account's deals, open ones first, each group by expected close; and the panel's
/// summary ("2 open · $1,200.00 · won $500.00").
pub fn account_deals(ws: &Workspace, account_id: &Id, today: Date) -> (Vec<AccountDeal>, String) {
    let mut deals = ws.deals_of_account(account_id);
    deals.sort_by(|a, b| {
        a.closed_on
            .is_some()
            .cmp(&b.closed_on.is_some())
            .then(a.expected_close.cmp(&b.expected_close))
    });
    let totals = DealTotals::of(ws, deals.iter().copied(), today);
    let home = &ws.settings.home_currency;
    let rows = deals
        .iter()
        .map(|d| AccountDeal {
            id: d.id.clone(),
            name: d.name.clone(),
            stage: ws.stage_of(d).map(|s| s.name.clone()).unwrap_or_default(),
            amount: d.amount_text(),
            close: date_label(d.closed_on.or(d.expected_close)),
        })
        .collect();
    let summary = format!(
        "{} open · {} · won {}",
        totals.open_count,
        format_full(&totals.open, home),
        format_full(&totals.won, home)
    );
    (rows, summary)
}

/// The people at an account, by name.
pub fn account_contacts<'a>(ws: &'a Workspace, account_id: &Id) -> Vec<&'a Contact> {
    let mut v: Vec<&Contact> = ws
        .contacts
        .values()
        .filter(|c| &c.account_id == account_id)
        .collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn today() -> Date {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }
    use chrono::NaiveDate;

    fn workspace() -> (Workspace, Vec<Id>, Id) {
        let (mut ws, mut ids) = seeded();
        let ana = ids.next_id();
        ws.put(rep(ana.clone(), "Ana").into());
        let mut accounts = Vec::new();
        for (name, status, domain, owner) in [
            (
                "Globex",
                CustomerStatus::Customer,
                "globex.com",
                Some(ana.clone()),
            ),
            ("acme", CustomerStatus::Prospect, "acme.com", None),
            ("Initech", CustomerStatus::Churned, "", None),
        ] {
            let mut a = account(ids.next_id(), name);
            a.status = status;
            a.domain = (!domain.is_empty()).then(|| domain.into());
            a.owner_id = owner;
            accounts.push(a.id.clone());
            ws.put(a.into());
        }
        // Globex: two open deals ($1 + $2); acme: one open ($5).
        for (account, amount) in [(0, 100), (0, 200), (1, 500)] {
            let mut d = deal(&ws, ids.next_id(), Some(accounts[account].clone()));
            d.amount = Some(amount);
            ws.put(d.into());
        }
        (ws, accounts, ana)
    }

    fn names(rows: &[AccountRow]) -> String {
        rows.iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn filters_by_status_and_owner() {
        let (ws, _, ana) = workspace();
        let rows =
            |f: AccountFilter| names(&account_rows(&ws, &f, AccountSort::Name, true, today()));
        assert_eq!(rows(AccountFilter::default()), "acme,Globex,Initech");
        let churned = AccountFilter {
            status: Some(CustomerStatus::Churned),
            owner: None,
        };
        assert_eq!(rows(churned), "Initech");
        let mine = AccountFilter {
            status: None,
            owner: Some(ana),
        };
        assert_eq!(rows(mine), "Globex");
    }

    #[test]
    fn sorts_by_each_column_then_name() {
        let (ws, _, _) = workspace();
        let sorted = |s, asc| {
            names(&account_rows(
                &ws,
                &AccountFilter::default(),
                s,
                asc,
                today(),
            ))
        };
        assert_eq!(sorted(AccountSort::Name, false), "Initech,Globex,acme");
        assert_eq!(sorted(AccountSort::Deals, false), "Globex,acme,Initech");
        assert_eq!(sorted(AccountSort::Pipeline, false), "acme,Globex,Initech");
        assert_eq!(sorted(AccountSort::Status, true), "Initech,Globex,acme");
        assert_eq!(sorted(AccountSort::Domain, true), "Initech,acme,Globex");
        assert_eq!(AccountSort::from_key("?"), AccountSort::Name);
    }

    #[test]
    fn rows_carry_open_deals_and_pipeline() {
        let (ws, accounts, _) = workspace();
        let rows = account_rows(
            &ws,
            &AccountFilter::default(),
            AccountSort::Name,
            true,
            today(),
        );
        let globex = rows.iter().find(|r| r.id == accounts[0]).unwrap();
        assert_eq!((globex.open_deals, globex.open_home), (2, 300));
        assert_eq!(
            globex.csv_cells(),
            ["Globex", "globex.com", "Customer", "Ana", "2", "$3.00"]
        );
        let initech = rows.iter().find(|r| r.id == accounts[2]).unwrap();
        assert_eq!(
            (initech.open_deals, initech.open_amount.as_str()),
            (0, "$0.00")
        );
    }

    #[test]
    fn account_page_panels() {
        let (mut ws, accounts, _) = workspace();
        let p = ws.default_pipeline().unwrap().clone();
        let globex = &accounts[0];
        let mut ids = crate::domain::id::SeededIds::new(7);
        let mut won = deal(&ws, ids.next_id(), Some(globex.clone()));
        won.name = "Won".into();
        won.stage_id = p.stages[5].id.clone();
        won.closed_on = NaiveDate::from_ymd_opt(2026, 1, 5);
        won.amount = Some(700);
        ws.put(won.into());
        let mut soon = deal(&ws, ids.next_id(), Some(globex.clone()));
        soon.name = "Soon".into();
        soon.expected_close = NaiveDate::from_ymd_opt(2026, 12, 1);
        ws.put(soon.into());
        let (rows, summary) = account_deals(&ws, globex, today());
        // Open first (undated before dated), closed last.
        let order: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(order[2], "Soon");
        assert_eq!(order[3], "Won");
        assert_eq!(summary, "3 open · $103.00 · won $7.00");
        for (n, name) in ["Zoe", "Al"].into_iter().enumerate() {
            ws.put(contact(Id::from_string(format!("c{n}")), globex, name).into());
        }
        ws.put(contact(Id::from_string("other"), &accounts[1], "Bo").into());
        let names: Vec<&str> = account_contacts(&ws, globex)
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["Al", "Zoe"]);
    }
}
