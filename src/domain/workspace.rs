//! Queries and multi-record rules over the in-memory workspace. The `Workspace` struct
//! itself is generated in `changes.rs` from the list of record kinds.

use super::changes::{Change, Kind, Record};
pub use super::changes::{Stamp, Table, Workspace};
use super::entities::*;
use super::{Id, Pipeline, Timestamp};

impl Workspace {
    /// What a brand-new workspace is given: settings and the default pipeline.
    pub fn first_start_changes(
        name: &str,
        new_id: impl FnMut() -> Id,
        now: Timestamp,
    ) -> Vec<Change> {
        let settings = Settings {
            workspace_name: name.to_string(),
            updated_at: Some(now),
            ..Settings::default()
        };
        vec![
            Change::Settings(settings),
            Change::Insert(Record::Pipeline(Pipeline::default_sales(new_id, now))),
        ]
    }

    /// Pipelines ordered by creation, the oldest (the default) first.
    pub fn pipelines_in_order(&self) -> Vec<&Pipeline> {
        let mut v: Vec<&Pipeline> = self.pipelines.values().collect();
        v.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.name.cmp(&b.name)));
        v
    }

    pub fn default_pipeline(&self) -> Option<&Pipeline> {
        self.pipelines_in_order().into_iter().next()
    }

    /// The stage a deal is in, with its pipeline.
    pub fn stage_of(&self, deal: &Deal) -> Option<&super::Stage> {
        self.pipelines.get(&deal.pipeline_id)?.stage(&deal.stage_id)
    }

    pub fn rep_name(&self, id: Option<&Id>) -> Option<&str> {
        id.and_then(|id| self.reps.get(id)).map(|r| r.name.as_str())
    }

    pub fn account_name(&self, id: Option<&Id>) -> Option<&str> {
        id.and_then(|id| self.accounts.get(id))
            .map(|a| a.name.as_str())
    }

    /// Active reps sorted by name: the choices for every owner field.
    pub fn active_reps(&self) -> Vec<&Rep> {
        let mut v: Vec<&Rep> = self.reps.values().filter(|r| r.active).collect();
        v.sort_by_key(|r| r.name.to_lowercase());
        v
    }

    /// Accounts sorted by name (case-insensitive).
    pub fn accounts_by_name(&self) -> Vec<&Account> {
        let mut v: Vec<&Account> = self.accounts.values().collect();
        v.sort_by_cached_key(|a| a.name.to_lowercase());
        v
    }

    pub fn deals_of_account(&self, account_id: &Id) -> Vec<&Deal> {
        self.deals
            .values()
            .filter(|d| d.account_id.as_ref() == Some(account_id))
            .collect()
    }

    /// Deleting an account deletes what it owns: its contacts, its deals and every
    /// activity linked to any of them. Leads converted into it keep their status but
    /// lose the links, so nothing points at a missing record.
    pub fn delete_account_changes(&self, account_id: &Id, now: Timestamp) -> Vec<Change> {
        let contacts: Vec<&Id> = self
            .contacts
            .values()
            .filter(|c| &c.account_id == account_id)
            .map(|c| &c.id)
            .collect();
        let deals: Vec<&Id> = self
            .deals
            .values()
            .filter(|d| d.account_id.as_ref() == Some(account_id))
            .map(|d| &d.id)
            .collect();
        let linked = |a: &Activity| {
            a.account_id.as_ref() == Some(account_id)
                || a.deal_id.as_ref().is_some_and(|d| deals.contains(&d))
                || a.contact_id.as_ref().is_some_and(|c| contacts.contains(&c))
        };
        let mut changes: Vec<Change> = self
            .activities
            .values()
            .filter(|a| linked(a))
            .map(|a| Change::Delete(Kind::Activity, a.id.clone()))
            .collect();
        changes.extend(
            deals
                .iter()
                .map(|id| Change::Delete(Kind::Deal, (*id).clone())),
        );
        changes.extend(
            contacts
                .iter()
                .map(|id| Change::Delete(Kind::Contact, (*id).clone())),
        );
        for lead in self.leads.values() {
            if let Some(conv) = &lead.conversion {
                if &conv.account_id == account_id {
                    let mut l = lead.clone();
                    l.conversion = None;
                    l.updated_at = now;
                    changes.push(Change::Put(Record::Lead(l)));
                }
            }
        }
        changes.push(Change::Delete(Kind::Account, account_id.clone()));
        changes
    }

    /// Deleting a deal deletes its activities and clears the link from its source lead.
    pub fn delete_deal_changes(&self, deal_id: &Id, now: Timestamp) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .activities
            .values()
            .filter(|a| a.deal_id.as_ref() == Some(deal_id))
            .map(|a| Change::Delete(Kind::Activity, a.id.clone()))
            .collect();
        for lead in self.leads.values() {
            if let Some(conv) = &lead.conversion {
                if conv.deal_id.as_ref() == Some(deal_id) {
                    let mut l = lead.clone();
                    if let Some(c) = l.conversion.as_mut() {
                        c.deal_id = None;
                    }
                    l.updated_at = now;
                    changes.push(Change::Put(Record::Lead(l)));
                }
            }
        }
        changes.push(Change::Delete(Kind::Deal, deal_id.clone()));
        changes
    }
}

impl Workspace {
    /// Deleting a contact deletes its activities and takes it off its deals.
    pub fn delete_contact_changes(&self, contact_id: &Id, now: Timestamp) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .activities
            .values()
            .filter(|a| a.contact_id.as_ref() == Some(contact_id))
            .map(|a| Change::Delete(Kind::Activity, a.id.clone()))
            .collect();
        for d in self
            .deals
            .values()
            .filter(|d| d.contact_ids.contains(contact_id))
        {
            let mut d = d.clone();
            d.contact_ids.retain(|c| c != contact_id);
            d.updated_at = now;
            changes.push(Change::Put(Record::Deal(d)));
        }
        for l in self.leads.values() {
            if l.conversion.as_ref().and_then(|c| c.contact_id.as_ref()) == Some(contact_id) {
                let mut l = l.clone();
                if let Some(c) = l.conversion.as_mut() {
                    c.contact_id = None;
                }
                l.updated_at = now;
                changes.push(Change::Put(Record::Lead(l)));
            }
        }
        changes.push(Change::Delete(Kind::Contact, contact_id.clone()));
        changes
    }

    /// Deleting a lead deletes its activities; deals it became keep existing but no
    /// longer name it as their source.
    pub fn delete_lead_changes(&self, lead_id: &Id, now: Timestamp) -> Vec<Change> {
        let mut changes: Vec<Change> = self
            .activities
            .values()
            .filter(|a| a.lead_id.as_ref() == Some(lead_id))
            .map(|a| Change::Delete(Kind::Activity, a.id.clone()))
            .collect();
        for d in self
            .deals
            .values()
            .filter(|d| d.source_lead_id.as_ref() == Some(lead_id))
        {
            let mut d = d.clone();
            d.source_lead_id = None;
            d.updated_at = now;
            changes.push(Change::Put(Record::Deal(d)));
        }
        changes.push(Change::Delete(Kind::Lead, lead_id.clone()));
        changes
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::id::SeededIds;
    use crate::domain::{Currency, StageKind};
    use chrono::TimeZone;

    pub fn now() -> Timestamp {
        chrono::Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
    }

    pub fn account(id: Id, name: &str) -> Account {
        Account {
            id,
            name: name.into(),
            domain: None,
            industry: None,
            segment: None,
            territory_id: None,
            owner_id: None,
            status: CustomerStatus::Prospect,
            customer_since: None,
            churned_on: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    pub fn deal(ws: &Workspace, id: Id, account: Option<Id>) -> Deal {
        let p = ws.default_pipeline().unwrap();
        let stage = p.first_open_stage().unwrap();
        Deal {
            id,
            name: "Deal".into(),
            account_id: account,
            contact_ids: vec![],
            pipeline_id: p.id.clone(),
            stage_id: stage.id.clone(),
            amount: Some(10_000),
            currency: Currency::usd(),
            owner_id: None,
            expected_close: None,
            closed_on: None,
            forecast_category: None,
            lost_reason: None,
            won_reason: None,
            next_step: None,
            next_step_due: None,
            source_lead_id: None,
            mrr: None,
            external_id: None,
            stage_history: vec![],
            change_log: vec![],
            created_at: now(),
            updated_at: now(),
        }
    }

    pub fn seeded() -> (Workspace, SeededIds) {
        let mut ids = SeededIds::new(42);
        let mut ws = Workspace::default();
        ws.apply(Workspace::first_start_changes(
            "Test",
            || ids.next_id(),
            now(),
        ));
        (ws, ids)
    }

    /// A call on `deal`, made and completed `days_ago` days before `now()`.
    pub fn call(id: Id, deal: &Id, days_ago: i64) -> Activity {
        let at = now() - chrono::Duration::days(days_ago);
        Activity {
            done: true,
            done_at: Some(at),
            created_at: at,
            ..activity(id, Some(deal.clone()), None)
        }
    }

    fn activity(id: Id, deal: Option<Id>, account: Option<Id>) -> Activity {
        Activity {
            id,
            kind: ActivityKind::Call,
            subject: "Call".into(),
            notes: None,
            due: None,
            done: false,
            done_at: None,
            outcome: None,
            owner_id: None,
            deal_id: deal,
            account_id: account,
            contact_id: None,
            lead_id: None,
            created_at: now(),
            updated_at: now(),
        }
    }

    #[test]
    fn first_start_gives_settings_and_the_default_pipeline() {
        let (ws, _) = seeded();
        assert_eq!(ws.settings.workspace_name, "Test");
        assert_eq!(ws.pipelines.len(), 1);
        let p = ws.default_pipeline().unwrap();
        assert_eq!(
            p.stages
                .iter()
                .filter(|s| s.kind == StageKind::Open)
                .count(),
            5
        );
    }

    #[test]
    fn deleting_an_account_removes_what_it_owns_and_nothing_else() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        let other = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        ws.put(account(other.clone(), "Other").into());
        let d1 = ids.next_id();
        let d2 = ids.next_id();
        ws.put(deal(&ws, d1.clone(), Some(acme.clone())).into());
        ws.put(deal(&ws, d2.clone(), Some(other.clone())).into());
        ws.put(activity(ids.next_id(), Some(d1.clone()), None).into());
        ws.put(activity(ids.next_id(), None, Some(acme.clone())).into());
        let kept = ids.next_id();
        ws.put(activity(kept.clone(), Some(d2.clone()), None).into());

        let changes = ws.delete_account_changes(&acme, now());
        ws.apply(changes);
        assert!(!ws.accounts.contains(&acme));
        assert!(!ws.deals.contains(&d1));
        assert!(ws.deals.contains(&d2));
        assert_eq!(ws.activities.len(), 1);
        assert!(ws.activities.contains(&kept));
    }

    #[test]
    fn deleting_a_contact_or_lead_leaves_nothing_pointing_at_it() {
        let (mut ws, mut ids) = seeded();
        let acme = ids.next_id();
        ws.put(account(acme.clone(), "Acme").into());
        let contact = crate::domain::Contact {
            id: ids.next_id(),
            account_id: acme.clone(),
            name: "Wile".into(),
            title: None,
            email: None,
            phone: None,
            created_at: now(),
            updated_at: now(),
        };
        ws.put(contact.clone().into());
        let lead_id = ids.next_id();
        let mut d = deal(&ws, ids.next_id(), Some(acme));
        d.contact_ids = vec![contact.id.clone()];
        d.source_lead_id = Some(lead_id.clone());
        ws.put(d.clone().into());
        let mut a = activity(ids.next_id(), None, None);
        a.contact_id = Some(contact.id.clone());
        ws.put(a.into());

        ws.apply(ws.delete_contact_changes(&contact.id, now()));
        assert!(ws.contacts.is_empty());
        assert!(ws.activities.is_empty());
        assert!(ws.deals.get(&d.id).unwrap().contact_ids.is_empty());

        ws.apply(ws.delete_lead_changes(&lead_id, now()));
        assert_eq!(ws.deals.get(&d.id).unwrap().source_lead_id, None);
    }

    #[test]
    fn deleting_a_deal_removes_its_activities() {
        let (mut ws, mut ids) = seeded();
        let d = ids.next_id();
        ws.put(deal(&ws, d.clone(), None).into());
        ws.put(activity(ids.next_id(), Some(d.clone()), None).into());
        ws.apply(ws.delete_deal_changes(&d, now()));
        assert_eq!(ws.deals.len(), 0);
        assert_eq!(ws.activities.len(), 0);
    }
}
