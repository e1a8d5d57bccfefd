//! Lead rules: status changes and conversion into an account, a contact and a deal in
//! one action. The converted lead keeps links to what it became, so lead-to-opportunity
//! conversion can be counted.

use super::changes::{Change, Record};
use super::entities::*;
use super::{Currency, Date, FieldErrors, Id, StageChange, Timestamp, Workspace};

/// Where the converted lead's company goes.
#[derive(Clone, Debug, PartialEq)]
pub enum AccountChoice {
    Existing(Id),
    New {
        name: String,
        domain: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct DealChoice {
    pub name: String,
    pub amount: i64,
    pub currency: Currency,
    pub pipeline_id: Id,
    pub stage_id: Id,
    pub expected_close: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Conversion {
    pub account: AccountChoice,
    pub create_contact: bool,
    pub deal: Option<DealChoice>,
}

fn email_domain(email: &str) -> Option<String> {
    email
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
        .filter(|d| d.contains('.'))
}

/// An existing account the lead probably belongs to: same company name (ignoring
/// case and spacing) or the lead's e-mail domain equal to the account's domain.
pub fn matching_account<'a>(ws: &'a Workspace, lead: &Lead) -> Option<&'a Account> {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let company = lead.company.as_deref().map(norm).filter(|c| !c.is_empty());
    let domain = lead.email.as_deref().and_then(email_domain);
    let mut candidates: Vec<&Account> = ws
        .accounts
        .values()
        .filter(|a| {
            company.as_ref().is_some_and(|c| &norm(&a.name) == c)
                || domain
                    .as_ref()
                    .is_some_and(|d| a.domain.as_deref().map(str::to_lowercase).as_ref() == Some(d))
        })
        .collect();
    candidates.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.name.cmp(&b.name)));
    candidates.into_iter().next()
}

/// Changes a lead's status (not to converted: that is `convert`). Disqualifying needs
/// a reason; a converted lead stays converted.
pub fn set_status(
    lead: &Lead,
    status: LeadStatus,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<Lead, FieldErrors> {
    let mut e = FieldErrors::new();
    if lead.status == LeadStatus::Converted {
        e.add("status", "This lead is converted already");
    }
    if status == LeadStatus::Converted {
        e.add("status", "Use Convert to turn a lead into a deal");
    }
    let reason = reason
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if status == LeadStatus::Disqualified && reason.is_none() {
        e.add("disqualified_reason", "Say why the lead is disqualified");
    }
    let mut l = lead.clone();
    l.status = status;
    l.disqualified_reason = if status == LeadStatus::Disqualified {
        reason
    } else {
        None
    };
    l.updated_at = now;
    e.into_result(l)
}

/// Everything one conversion writes, as one list of changes (one transaction).
pub fn convert(
    ws: &Workspace,
    lead_id: &Id,
    conv: &Conversion,
    mut new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Result<Vec<Change>, FieldErrors> {
    let mut e = FieldErrors::new();
    let Some(lead) = ws.leads.get(lead_id) else {
        e.add("lead", "This lead no longer exists");
        return Err(e);
    };
    if lead.status == LeadStatus::Converted {
        e.add("lead", "This lead is converted already");
    }
    if lead.status == LeadStatus::Disqualified {
        e.add("lead", "Requalify the lead before converting it");
    }
    let mut changes = Vec::new();
    let account_id = match &conv.account {
        AccountChoice::Existing(id) => {
            if !ws.accounts.contains(id) {
                e.add("account", "That account no longer exists");
            }
            id.clone()
        }
        AccountChoice::New { name, domain } => {
            let name = name.trim();
            if name.is_empty() {
                e.add("account_name", "Name the new account");
            }
            let id = new_id();
            changes.push(Change::Insert(Record::Account(Account {
                id: id.clone(),
                name: name.to_string(),
                domain: domain.clone().filter(|d| !d.trim().is_empty()),
                industry: None,
                segment: None,
                territory_id: None,
                owner_id: lead.owner_id.clone(),
                status: CustomerStatus::Prospect,
                customer_since: None,
                churned_on: None,
                created_at: now,
                updated_at: now,
            })));
            id
        }
    };
    let contact_id = conv.create_contact.then(|| {
        let id = new_id();
        changes.push(Change::Insert(Record::Contact(Contact {
            id: id.clone(),
            account_id: account_id.clone(),
            name: lead.name.clone(),
            title: None,
            email: lead.email.clone(),
            phone: lead.phone.clone(),
            created_at: now,
            updated_at: now,
        })));
        id
    });
    let deal_id = match &conv.deal {
        None => None,
        Some(dc) => {
            let stage_ok = ws
                .pipelines
                .get(&dc.pipeline_id)
                .and_then(|p| p.stage(&dc.stage_id))
                .is_some();
            if !stage_ok {
                e.add("stage_id", "Choose a stage of the pipeline");
            }
            if dc.name.trim().is_empty() {
                e.add("deal_name", "Name the deal");
            }
            if dc.amount < 0 {
                e.add("deal_amount", "The amount cannot be negative");
            }
            let id = new_id();
            changes.push(Change::Insert(Record::Deal(Deal {
                id: id.clone(),
                name: dc.name.trim().to_string(),
                account_id: Some(account_id.clone()),
                contact_ids: contact_id.iter().cloned().collect(),
                pipeline_id: dc.pipeline_id.clone(),
                stage_id: dc.stage_id.clone(),
                amount: Some(dc.amount),
                currency: dc.currency.clone(),
                owner_id: lead.owner_id.clone(),
                expected_close: dc.expected_close,
                closed_on: None,
                forecast_category: None,
                lost_reason: None,
                won_reason: None,
                next_step: None,
                next_step_due: None,
                source_lead_id: Some(lead.id.clone()),
                mrr: None,
                external_id: None,
                stage_history: vec![StageChange {
                    stage_id: dc.stage_id.clone(),
                    at: now,
                }],
                change_log: Vec::new(),
                created_at: now,
                updated_at: now,
            })));
            Some(id)
        }
    };
    let mut converted = lead.clone();
    converted.status = LeadStatus::Converted;
    converted.conversion = Some(LeadConversion {
        account_id,
        contact_id,
        deal_id,
        converted_on: today,
    });
    converted.updated_at = now;
    changes.push(Change::Put(Record::Lead(converted)));
    e.into_result(changes)
}

/// The leads a deal can name as its source: qualified or converted ones whose name or
/// company contains `query` (any case), sorted by name then company, at most `cap` of
/// them, and how many matched in all. "None" comes first, then the current choice
/// whatever the query, so a menu never loses what is selected. Values are lead ids.
pub fn source_lead_choices(
    ws: &Workspace,
    current: &str,
    query: &str,
    cap: usize,
) -> (Vec<(String, String)>, usize) {
    let query = query.trim().to_lowercase();
    let matches = |text: &str| text.to_lowercase().contains(&query);
    let label = |l: &Lead| match &l.company {
        Some(c) => format!("{} ({c})", l.name),
        None => l.name.clone(),
    };
    // Runs on every keystroke: labels are made for the shown leads only.
    let mut found: Vec<&Lead> = ws
        .leads
        .values()
        .filter(|l| matches!(l.status, LeadStatus::Qualified | LeadStatus::Converted))
        .filter(|l| l.id.as_str() != current)
        .filter(|l| {
            query.is_empty() || matches(&l.name) || l.company.as_deref().is_some_and(matches)
        })
        .collect();
    let matched = found.len();
    let order = |a: &&Lead, b: &&Lead| (&a.name, &a.company).cmp(&(&b.name, &b.company));
    if found.len() > cap {
        found.select_nth_unstable_by(cap, order);
        found.truncate(cap);
    }
    found.sort_unstable_by(order);
    let mut choices = vec![(String::new(), "None".to_string())];
    if let Some(l) = ws.leads.get(&Id::from_string(current)) {
        choices.push((current.to_string(), label(l)));
    }
    choices.extend(found.into_iter().map(|l| (l.id.to_string(), label(l))));
    (choices, matched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, now, seeded};
    use chrono::NaiveDate;

    fn today() -> Date {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    pub fn lead(id: Id, name: &str, company: &str, email: &str) -> Lead {
        Lead {
            id,
            name: name.into(),
            company: Some(company.into()),
            email: Some(email.into()),
            phone: Some("+1 555 0101".into()),
            title: None,
            company_size: None,
            source: Some("Web".into()),
            status: LeadStatus::Qualified,
            disqualified_reason: None,
            score: None,
            owner_id: None,
            conversion: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn matches_accounts_by_name_or_email_domain() {
        let (mut ws, mut ids) = seeded();
        let mut acme = account(ids.next_id(), "Acme  Corp");
        acme.domain = Some("acme.com".into());
        ws.put(acme.clone().into());
        let by_name = lead(ids.next_id(), "Ana", "acme corp", "ana@gmail.com");
        assert_eq!(matching_account(&ws, &by_name).unwrap().id, acme.id);
        let by_domain = lead(ids.next_id(), "Bo", "ACME Inc", "bo@ACME.com");
        assert_eq!(matching_account(&ws, &by_domain).unwrap().id, acme.id);
        let none = lead(ids.next_id(), "Cy", "Globex", "cy@globex.io");
        assert!(matching_account(&ws, &none).is_none());
    }

    #[test]
    fn conversion_creates_account_contact_and_deal_and_links_them() {
        let (mut ws, mut ids) = seeded();
        let l = lead(ids.next_id(), "Ana Silva", "Globex", "ana@globex.io");
        ws.put(l.clone().into());
        let p = ws.default_pipeline().unwrap().clone();
        let conv = Conversion {
            account: AccountChoice::New {
                name: "Globex".into(),
                domain: Some("globex.io".into()),
            },
            create_contact: true,
            deal: Some(DealChoice {
                name: "Globex pilot".into(),
                amount: 500_000,
                currency: Currency::usd(),
                pipeline_id: p.id.clone(),
                stage_id: p.stages[1].id.clone(),
                expected_close: None,
            }),
        };
        let changes = convert(&ws, &l.id, &conv, || ids.next_id(), now(), today()).unwrap();
        assert_eq!(changes.len(), 4);
        ws.apply(changes);
        let converted = ws.leads.get(&l.id).unwrap();
        assert_eq!(converted.status, LeadStatus::Converted);
        let link = converted.conversion.clone().unwrap();
        let account = ws.accounts.get(&link.account_id).unwrap();
        assert_eq!(account.name, "Globex");
        let contact = ws.contacts.get(link.contact_id.as_ref().unwrap()).unwrap();
        assert_eq!(contact.email.as_deref(), Some("ana@globex.io"));
        assert_eq!(contact.account_id, account.id);
        let deal = ws.deals.get(link.deal_id.as_ref().unwrap()).unwrap();
        assert_eq!(deal.source_lead_id.as_ref(), Some(&l.id));
        assert_eq!(deal.account_id.as_ref(), Some(&account.id));
        assert_eq!(deal.stage_history.len(), 1);
        assert_eq!(link.converted_on, today());

        // Converting twice is refused.
        let again = convert(&ws, &l.id, &conv, || ids.next_id(), now(), today()).unwrap_err();
        assert_eq!(again.get("lead"), Some("This lead is converted already"));
    }

    #[test]
    fn conversion_into_an_existing_account_without_a_deal() {
        let (mut ws, mut ids) = seeded();
        let acme = account(ids.next_id(), "Acme");
        ws.put(acme.clone().into());
        let l = lead(ids.next_id(), "Wile", "Acme", "w@acme.com");
        ws.put(l.clone().into());
        let conv = Conversion {
            account: AccountChoice::Existing(acme.id.clone()),
            create_contact: false,
            deal: None,
        };
        let changes = convert(&ws, &l.id, &conv, || ids.next_id(), now(), today()).unwrap();
        assert_eq!(changes.len(), 1);
        ws.apply(changes);
        assert_eq!(ws.accounts.len(), 1);
        assert_eq!(
            ws.leads
                .get(&l.id)
                .unwrap()
                .conversion
                .as_ref()
                .unwrap()
                .account_id,
            acme.id
        );
    }

    #[test]
    fn status_rules() {
        let (_, mut ids) = seeded();
        let mut l = lead(ids.next_id(), "A", "B", "a@b.co");
        l.status = LeadStatus::New;
        let working = set_status(&l, LeadStatus::Working, None, now()).unwrap();
        assert_eq!(working.status, LeadStatus::Working);
        let err = set_status(&l, LeadStatus::Disqualified, Some(" "), now()).unwrap_err();
        assert_eq!(
            err.get("disqualified_reason"),
            Some("Say why the lead is disqualified")
        );
        let dq = set_status(&l, LeadStatus::Disqualified, Some("No budget"), now()).unwrap();
        assert_eq!(dq.disqualified_reason.as_deref(), Some("No budget"));
        let back = set_status(&dq, LeadStatus::Working, None, now()).unwrap();
        assert_eq!(back.disqualified_reason, None);
        assert!(set_status(&l, LeadStatus::Converted, None, now()).is_err());
    }

    #[test]
    fn source_lead_choices_narrow_by_query_and_keep_the_current_one() {
        let (mut ws, mut ids) = seeded();
        let mut leads = Vec::new();
        for i in 0..600 {
            let mut l = lead(ids.next_id(), &format!("Lead {i:03}"), "Acme", "a@acme.com");
            if i % 3 == 0 {
                l.status = LeadStatus::New;
            }
            ws.put(l.clone().into());
            leads.push(l);
        }
        // 400 qualified leads; the menu shows 250 of them after "None".
        let (all, matched) = source_lead_choices(&ws, "", "", 250);
        assert_eq!(matched, 400);
        assert_eq!(all.len(), 251);
        assert_eq!(all[0], (String::new(), "None".to_string()));
        assert_eq!(all[1].1, "Lead 001 (Acme)");
        // One far past the cap is found by typing part of its name, in any case.
        let (some, matched) = source_lead_choices(&ws, "", "  lead 59", 250);
        let labels: Vec<&str> = some.iter().skip(1).map(|c| c.1.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Lead 590 (Acme)",
                "Lead 592 (Acme)",
                "Lead 593 (Acme)",
                "Lead 595 (Acme)",
                "Lead 596 (Acme)",
                "Lead 598 (Acme)",
                "Lead 599 (Acme)"
            ]
        );
        assert_eq!(matched, 7);
        // The current choice stays, second, whatever the query and even if not qualified.
        let current = leads[3].id.to_string();
        let (kept, _) = source_lead_choices(&ws, &current, "lead 59", 250);
        assert_eq!(kept[1], (current.clone(), "Lead 003 (Acme)".to_string()));
        assert_eq!(kept.iter().filter(|c| c.0 == current).count(), 1);
        let (none, matched) = source_lead_choices(&ws, "", "zz", 250);
        assert_eq!((none.len(), matched), (1, 0));
    }
}
