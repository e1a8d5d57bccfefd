//! Automation that works the process for the seller, locally and in the open: stage
//! playbooks (tasks on entering a stage, fields required to enter), follow-up rules,
//! and the log of every task they made (with its cause, so nothing is made twice).
//!
//! Everything here is a pure function of the workspace, the changes of one action,
//! `now` and `today`: the app appends what it returns to the same transaction.

pub mod links;
pub mod log;
pub mod playbooks;
pub mod rules;
pub mod scoring;
pub mod tasks;

use crate::domain::changes::{Change, Record};
use crate::domain::{Date, Id, Timestamp, Workspace};
use serde::{Deserialize, Serialize};

pub use log::AutomationEntry;
pub use rules::{FollowUpRule, RuleKind};
pub use tasks::TaskMaker;

/// The user's automation settings (kept in the workspace settings).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AutomationSettings {
    #[serde(default = "rules::default_rules")]
    pub rules: Vec<FollowUpRule>,
}

impl Default for AutomationSettings {
    fn default() -> Self {
        AutomationSettings {
            rules: rules::default_rules(),
        }
    }
}

impl AutomationSettings {
    pub fn is_default(&self) -> bool {
        *self == AutomationSettings::default()
    }

    pub fn rule(&self, kind: RuleKind) -> Option<&FollowUpRule> {
        self.rules.iter().find(|r| r.kind == kind)
    }
}

/// What automation adds to one user action: playbook tasks for the deals it moves
/// into a stage, the rules for what it touched, and a full pass of the rules when it
/// changes them. `before` is the workspace the action applies to. Builds the activity
/// index from scratch: the app keeps one current and calls `after_changes_with`.
pub fn after_changes(
    before: &Workspace,
    changes: &[Change],
    new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Vec<Change> {
    let links = links::ActivityLinks::build(before);
    after_changes_with(before, changes, &links, new_id, now, today)
}

/// `after_changes` with an index of `before`'s activities that is up to date. The
/// rules re-check the deals and leads the change touched: edited or created ones, and
/// those an added, edited or deleted activity belongs (or belonged) to; they read
/// only those records' own activities.
pub fn after_changes_with(
    before: &Workspace,
    changes: &[Change],
    links: &links::ActivityLinks,
    new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Vec<Change> {
    use crate::domain::{Activity, Deal, Kind, Lead};
    use std::collections::{HashMap, HashSet};
    let mut maker = TaskMaker::new(before, new_id, now, today);
    playbooks::on_changes(before, changes, &mut maker);
    let new_settings = changes.iter().rev().find_map(|c| match c {
        Change::Settings(s) => Some(s),
        _ => None,
    });
    if let Some(s) = new_settings.filter(|s| s.automation != before.settings.automation) {
        rules::run(before, &s.automation.rules, rules::Scope::All, &mut maker);
        return maker.changes;
    }
    let rules = &before.settings.automation.rules;
    if !rules.iter().any(|r| r.on) {
        return maker.changes;
    }
    // The records as they will be: None for deleted.
    let mut acts: HashMap<&Id, Option<&Activity>> = HashMap::new();
    let mut deals: HashMap<&Id, Option<&Deal>> = HashMap::new();
    let mut leads: HashMap<&Id, Option<&Lead>> = HashMap::new();
    for c in changes {
        match c {
            Change::Insert(Record::Activity(a)) | Change::Put(Record::Activity(a)) => {
                acts.insert(&a.id, Some(a));
            }
            Change::Insert(Record::Deal(d)) | Change::Put(Record::Deal(d)) => {
                deals.insert(&d.id, Some(d));
            }
            Change::Insert(Record::Lead(l)) | Change::Put(Record::Lead(l)) => {
                leads.insert(&l.id, Some(l));
            }
            Change::Delete(Kind::Activity, id) => {
                acts.insert(id, None);
            }
            Change::Delete(Kind::Deal, id) => {
                deals.insert(id, None);
            }
            Change::Delete(Kind::Lead, id) => {
                leads.insert(id, None);
            }
            _ => {}
        }
    }
    // Deals and leads an activity joined or left.
    let mut deal_ids: HashSet<&Id> = deals.keys().copied().collect();
    let mut lead_ids: HashSet<&Id> = leads.keys().copied().collect();
    for (id, new) in &acts {
        let old = before.activities.get(id);
        for a in [old, *new].into_iter().flatten() {
            deal_ids.extend(a.deal_id.as_ref());
            lead_ids.extend(a.lead_id.as_ref());
        }
    }
    let touched_deals: Vec<&Deal> = deal_ids
        .into_iter()
        .filter_map(|id| {
            deals
                .get(id)
                .copied()
                .unwrap_or_else(|| before.deals.get(id))
        })
        .collect();
    let touched_leads: Vec<&Lead> = lead_ids
        .into_iter()
        .filter_map(|id| {
            leads
                .get(id)
                .copied()
                .unwrap_or_else(|| before.leads.get(id))
        })
        .collect();
    let acts = &acts;
    // An owner's activities after the change: the indexed ones as changed, and the
    // changed ones that now point at it.
    let after = move |indexed: Vec<&Id>, belongs: &dyn Fn(&Activity) -> bool| {
        let mut out: Vec<&Activity> = indexed
            .into_iter()
            .filter(|id| !acts.contains_key(id))
            .filter_map(|id| before.activities.get(id))
            .collect();
        out.extend(acts.values().flatten().copied().filter(|a| belongs(a)));
        out
    };
    let touched = rules::Touched {
        deals: touched_deals,
        leads: touched_leads,
        deal_activities: Box::new(move |d: &Id| {
            after(links.of_deal(d).collect(), &|a| {
                a.deal_id.as_ref() == Some(d)
            })
        }),
        lead_activities: Box::new(move |l: &Id| {
            after(links.of_lead(l).collect(), &|a| {
                a.lead_id.as_ref() == Some(l)
            })
        }),
        made_by_automation: Box::new(move |a: &Id| links.made_by_automation(a)),
    };
    rules::run(before, rules, rules::Scope::Touched(&touched), &mut maker);
    maker.changes
}

/// A full pass of the rules, as when the app opens.
pub fn on_open(
    ws: &Workspace,
    new_id: impl FnMut() -> Id,
    now: Timestamp,
    today: Date,
) -> Vec<Change> {
    let mut maker = TaskMaker::new(ws, new_id, now, today);
    rules::run(
        ws,
        &ws.settings.automation.rules,
        rules::Scope::All,
        &mut maker,
    );
    maker.changes
}

#[cfg(test)]
mod tests;

/// The tasks automation made (by id): an open one is a reminder, not something the
/// seller did, so it does not count as activity on its deal.
pub fn automation_tasks(ws: &Workspace) -> std::collections::HashSet<&Id> {
    ws.automation_log
        .values()
        .filter_map(|e| e.activity_id.as_ref())
        .collect()
}

/// The day an activity last touched its deal (created, or completed if later), or
/// `None` for an open task automation made.
pub fn touch_day(
    a: &crate::domain::Activity,
    made: &std::collections::HashSet<&Id>,
) -> Option<Date> {
    if !a.done && made.contains(&a.id) {
        return None;
    }
    let created = crate::domain::time::local_day(a.created_at);
    Some(a.done_at.map_or(created, |done| {
        created.max(crate::domain::time::local_day(done))
    }))
}
