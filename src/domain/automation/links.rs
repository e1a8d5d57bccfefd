//! Which activities belong to which deal and lead, kept current record by record
//! (`Table::changed_since`), so the follow-up rules can re-check what one change
//! touched without walking every activity of the workspace.

use crate::domain::workspace::Stamp;
use crate::domain::{Activity, Id, Workspace};
use std::collections::{HashMap, HashSet};

#[derive(Debug, Default)]
pub struct ActivityLinks {
    seen: Option<Stamp>,
    by_deal: HashMap<Id, HashSet<Id>>,
    by_lead: HashMap<Id, HashSet<Id>>,
    /// Each activity's (deal, lead) as last indexed, to unlink it when it changes.
    of: HashMap<Id, (Option<Id>, Option<Id>)>,
    log_seen: Option<Stamp>,
    /// The task each automation log entry made, and the set of them (see `touch_day`).
    task_of_entry: HashMap<Id, Id>,
    made: HashSet<Id>,
}

impl ActivityLinks {
    pub fn build(ws: &Workspace) -> Self {
        let mut l = ActivityLinks::default();
        l.refresh(ws);
        l
    }

    /// Brings the index up to date with `ws`: only the activities written since the
    /// last call, or everything when it fell too far behind or `ws` is another table.
    pub fn refresh(&mut self, ws: &Workspace) {
        self.refresh_log(ws);
        let now = Some(ws.activities.stamp());
        if self.seen == now {
            return;
        }
        match self.seen.and_then(|s| ws.activities.changed_since(s)) {
            Some(ids) => {
                let ids: Vec<Id> = ids.cloned().collect();
                for id in ids {
                    self.unlink(&id);
                    if let Some(a) = ws.activities.get(&id) {
                        self.link(a);
                    }
                }
            }
            None => {
                self.by_deal.clear();
                self.by_lead.clear();
                self.of.clear();
                for a in ws.activities.values() {
                    self.link(a);
                }
            }
        }
        self.seen = now;
    }

    fn refresh_log(&mut self, ws: &Workspace) {
        let now = Some(ws.automation_log.stamp());
        if self.log_seen == now {
            return;
        }
        match self
            .log_seen
            .and_then(|s| ws.automation_log.changed_since(s))
        {
            Some(ids) => {
                let ids: Vec<Id> = ids.cloned().collect();
                for id in ids {
                    if let Some(a) = self.task_of_entry.remove(&id) {
                        self.made.remove(&a);
                    }
                    if let Some(a) = ws
                        .automation_log
                        .get(&id)
                        .and_then(|e| e.activity_id.clone())
                    {
                        self.made.insert(a.clone());
                        self.task_of_entry.insert(id, a);
                    }
                }
            }
            None => {
                self.task_of_entry.clear();
                self.made.clear();
                for e in ws.automation_log.values() {
                    if let Some(a) = &e.activity_id {
                        self.made.insert(a.clone());
                        self.task_of_entry.insert(e.id.clone(), a.clone());
                    }
                }
            }
        }
        self.log_seen = now;
    }

    /// Whether automation made this activity (an open one is a reminder, not a touch).
    pub fn made_by_automation(&self, activity: &Id) -> bool {
        self.made.contains(activity)
    }

    fn link(&mut self, a: &Activity) {
        if let Some(d) = &a.deal_id {
            self.by_deal
                .entry(d.clone())
                .or_default()
                .insert(a.id.clone());
        }
        if let Some(l) = &a.lead_id {
            self.by_lead
                .entry(l.clone())
                .or_default()
                .insert(a.id.clone());
        }
        self.of
            .insert(a.id.clone(), (a.deal_id.clone(), a.lead_id.clone()));
    }

    fn unlink(&mut self, id: &Id) {
        let Some((deal, lead)) = self.of.remove(id) else {
            return;
        };
        for (key, map) in [(deal, &mut self.by_deal), (lead, &mut self.by_lead)] {
            if let Some(k) = key {
                if let Some(set) = map.get_mut(&k) {
                    set.remove(id);
                    if set.is_empty() {
                        map.remove(&k);
                    }
                }
            }
        }
    }

    /// The activities of a deal, by id.
    pub fn of_deal(&self, deal: &Id) -> impl Iterator<Item = &Id> {
        self.by_deal.get(deal).into_iter().flatten()
    }

    pub fn of_lead(&self, lead: &Id) -> impl Iterator<Item = &Id> {
        self.by_lead.get(lead).into_iter().flatten()
    }
}
