//! Merging a snapshot into the workspace by id. Per record: new (not here yet),
//! unchanged (identical), updated (theirs is newer: taken), or a conflict (both differ
//! and ours is as new or newer: ours is kept unless the user picks theirs). Settings
//! stay the workspace's own. Merging the same snapshot twice changes nothing.
//!
//! A deal's change log and stage history are history, not state: whichever side wins,
//! the deal keeps every entry of both sides, once (`deal_log::merge_logs`).

use crate::domain::deal_log::{merge_logs, merge_stage_histories};
use crate::domain::workspace::Stamp;
use crate::domain::{Change, Id, Kind, Record, Timestamp, Workspace};
use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KindCounts {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub conflicts: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub kind: Kind,
    pub id: Id,
    /// A name people recognise: the record's name or subject.
    pub label: String,
    pub ours_updated: Timestamp,
    pub theirs_updated: Timestamp,
    pub theirs: Record,
    /// What is written when ours is kept: ours with their history entries added, or
    /// `None` when theirs brings none we lack.
    pub ours_with_history: Option<Record>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergePlan {
    pub counts: BTreeMap<Kind, KindCounts>,
    pub conflicts: Vec<Conflict>,
    /// New and updated records, written whatever the conflict choices.
    pub writes: Vec<Change>,
    /// The stamps of our workspace the plan was made against.
    pub based_on: Vec<Stamp>,
}

impl MergePlan {
    pub fn is_noop(&self) -> bool {
        self.writes.is_empty() && self.conflicts.is_empty()
    }

    /// Whether `ours` is still the workspace the plan was made against (a record
    /// changed since would make its writes and conflicts wrong).
    pub fn is_current(&self, ours: &Workspace) -> bool {
        self.based_on == ours.stamps()
    }

    /// The changes to commit: the plan's writes plus the conflicts where the user
    /// chose theirs.
    pub fn changes(&self, take_theirs: &HashSet<(Kind, Id)>) -> Vec<Change> {
        let mut out = self.writes.clone();
        for c in &self.conflicts {
            if take_theirs.contains(&(c.kind, c.id.clone())) {
                out.push(Change::Put(c.theirs.clone()));
            } else if let Some(ours) = &c.ours_with_history {
                out.push(Change::Put(ours.clone()));
            }
        }
        out
    }
}

pub fn plan(ours: &Workspace, theirs: &Workspace) -> MergePlan {
    let mut planner = Planner::new(ours, theirs);
    while !planner.step(ours, theirs, usize::MAX) {}
    planner
        .finish(ours)
        .expect("nothing changes ours meanwhile")
}

/// `plan` a chunk of records at a time (the import preview of a large snapshot shows
/// progress and keeps the page responsive). Both workspaces are lent to each step, so
/// the caller can keep them in signals between steps.
#[derive(Default)]
pub struct Planner {
    plan: MergePlan,
    kind: usize,
    /// The current kind's incoming ids, in id order, and how many were compared.
    ids: Vec<Id>,
    pos: usize,
    counts: KindCounts,
    done: usize,
    total: usize,
}

impl Planner {
    pub fn new(ours: &Workspace, theirs: &Workspace) -> Planner {
        Planner {
            plan: MergePlan {
                based_on: ours.stamps(),
                ..Default::default()
            },
            total: Kind::ALL.iter().map(|k| theirs.count(*k)).sum(),
            ..Default::default()
        }
    }

    /// Share of incoming records compared, 0.0 to 1.0.
    pub fn progress(&self) -> f32 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f32 / self.total as f32).min(1.0)
        }
    }

    /// Compares up to `budget` records; true when all are.
    pub fn step(&mut self, ours: &Workspace, theirs: &Workspace, budget: usize) -> bool {
        let mut left = budget.max(1);
        while let Some(kind) = Kind::ALL.get(self.kind).copied() {
            if self.pos == 0 && self.ids.is_empty() {
                self.ids = theirs.sorted_ids(kind);
            }
            while let Some(id) = self.ids.get(self.pos) {
                if left == 0 {
                    return false;
                }
                left -= 1;
                self.pos += 1;
                self.done += 1;
                let Some(r) = theirs.record(kind, id) else {
                    continue;
                };
                let counts = &mut self.counts;
                match ours.record(kind, id) {
                    None => {
                        counts.new += 1;
                        self.plan.writes.push(Change::Insert(r));
                    }
                    Some(mine) if mine == r => counts.unchanged += 1,
                    Some(mine) if without_history(&mine) == without_history(&r) => {
                        // The same record; at most their history has entries ours lacks.
                        let merged = with_history(mine.clone(), &r);
                        if merged == mine {
                            counts.unchanged += 1;
                        } else {
                            counts.updated += 1;
                            self.plan.writes.push(Change::Put(merged));
                        }
                    }
                    Some(mine) if r.updated_at() > mine.updated_at() => {
                        counts.updated += 1;
                        self.plan.writes.push(Change::Put(with_history(r, &mine)));
                    }
                    Some(mine) => {
                        let ours_with_history =
                            Some(with_history(mine.clone(), &r)).filter(|m| *m != mine);
                        counts.conflicts += 1;
                        self.plan.conflicts.push(Conflict {
                            kind,
                            id: id.clone(),
                            label: r.label(),
                            ours_updated: mine.updated_at(),
                            theirs_updated: r.updated_at(),
                            theirs: with_history(r, &mine),
                            ours_with_history,
                        });
                    }
                }
            }
            self.plan
                .counts
                .insert(kind, std::mem::take(&mut self.counts));
            self.kind += 1;
            self.ids = Vec::new();
            self.pos = 0;
        }
        true
    }

    /// The plan; `None` when `ours` changed while it was being made (plan again).
    pub fn finish(self, ours: &Workspace) -> Option<MergePlan> {
        self.plan.is_current(ours).then_some(self.plan)
    }
}

/// The record without its history (deals' change log and stage history), to tell
/// whether two copies hold the same state.
fn without_history(r: &Record) -> std::borrow::Cow<'_, Record> {
    match r {
        Record::Deal(d) => {
            let mut d = d.clone();
            d.change_log.clear();
            d.stage_history.clear();
            std::borrow::Cow::Owned(Record::Deal(d))
        }
        other => std::borrow::Cow::Borrowed(other),
    }
}

/// `winner` with the history entries of `other` added (deals only; other records
/// have no history and are returned as they are).
fn with_history(winner: Record, other: &Record) -> Record {
    match (winner, other) {
        (Record::Deal(mut w), Record::Deal(o)) => {
            w.change_log = merge_logs(&w.change_log, &o.change_log);
            w.stage_history = merge_stage_histories(&w.stage_history, &o.stage_history);
            Record::Deal(w)
        }
        (w, _) => w,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::workspace::tests::{account, deal, now, seeded};
    use chrono::Duration;

    #[test]
    fn planning_in_small_steps_gives_the_same_plan() {
        let (mut ours, mut ids) = seeded();
        let mut theirs = ours.clone();
        for i in 0..7 {
            theirs.put(account(ids.next_id(), &format!("New {i}")).into());
        }
        let shared = ids.next_id();
        ours.put(account(shared.clone(), "Mine").into());
        let mut newer = account(shared, "Theirs");
        newer.updated_at = now() + Duration::hours(1);
        theirs.put(newer.into());
        let whole = plan(&ours, &theirs);
        let mut p = Planner::new(&ours, &theirs);
        let mut steps = 0;
        let mut last = 0.0;
        while !p.step(&ours, &theirs, 2) {
            steps += 1;
            assert!(p.progress() >= last && p.progress() < 1.0);
            last = p.progress();
        }
        assert!(steps > 3);
        assert_eq!(p.progress(), 1.0);
        assert_eq!(p.finish(&ours), Some(whole.clone()));
        assert_eq!(whole.counts[&Kind::Account].new, 7);
        assert_eq!(whole.counts[&Kind::Account].updated, 1);
        // A change to ours while planning, or after, makes the plan stale.
        let mut p = Planner::new(&ours, &theirs);
        p.step(&ours, &theirs, 2);
        ours.put(account(ids.next_id(), "Typed meanwhile").into());
        while !p.step(&ours, &theirs, 2) {}
        assert_eq!(p.finish(&ours), None);
        assert!(!whole.is_current(&ours));
        assert!(plan(&ours, &theirs).is_current(&ours));
    }

    #[test]
    fn classifies_new_updated_unchanged_and_conflicting_records() {
        let (mut ours, mut ids) = seeded();
        let a = account(ids.next_id(), "Acme");
        let b = account(ids.next_id(), "Bravo");
        let c = account(ids.next_id(), "Charlie");
        for x in [&a, &b, &c] {
            ours.put(x.clone().into());
        }
        let mut theirs = ours.clone();
        // b: they renamed it later → updated. c: we changed it later → conflict.
        let mut b2 = b.clone();
        b2.name = "Bravo Ltd".into();
        b2.updated_at = now() + Duration::hours(1);
        theirs.put(b2.clone().into());
        let mut c_ours = c.clone();
        c_ours.name = "Charlie (ours)".into();
        c_ours.updated_at = now() + Duration::hours(2);
        ours.put(c_ours.into());
        let mut c_theirs = c.clone();
        c_theirs.name = "Charlie (theirs)".into();
        c_theirs.updated_at = now() + Duration::hours(1);
        theirs.put(c_theirs.into());
        let d = account(ids.next_id(), "Delta");
        theirs.put(d.clone().into());

        let p = plan(&ours, &theirs);
        assert_eq!(
            p.counts[&Kind::Account],
            KindCounts {
                new: 1,
                updated: 1,
                unchanged: 1,
                conflicts: 1
            }
        );
        assert_eq!(p.counts[&Kind::Pipeline].unchanged, 1);
        assert_eq!(p.conflicts[0].label, "Charlie (theirs)");

        // Keep ours for the conflict.
        let mut kept = ours.clone();
        kept.apply(p.changes(&HashSet::new()));
        assert_eq!(kept.accounts.get(&b.id).unwrap().name, "Bravo Ltd");
        assert_eq!(kept.accounts.get(&c.id).unwrap().name, "Charlie (ours)");
        assert!(kept.accounts.contains(&d.id));

        // Or take theirs.
        let mut took = ours.clone();
        took.apply(p.changes(&HashSet::from([(Kind::Account, c.id.clone())])));
        assert_eq!(took.accounts.get(&c.id).unwrap().name, "Charlie (theirs)");
    }

    #[test]
    fn merging_the_same_snapshot_twice_changes_nothing() {
        let (mut ours, mut ids) = seeded();
        let mut theirs = ours.clone();
        let acme = ids.next_id();
        theirs.put(account(acme.clone(), "Acme").into());
        theirs.put(deal(&theirs, ids.next_id(), Some(acme)).into());
        let first = plan(&ours, &theirs);
        ours.apply(first.changes(&HashSet::new()));
        let second = plan(&ours, &theirs);
        assert!(second.is_noop(), "{second:?}");
        assert_eq!(second.counts[&Kind::Deal].unchanged, 1);
    }

    #[test]
    fn reps_snapshots_merge_into_one_team_view_without_duplicates() {
        // Two reps start from the manager's workspace and each adds deals they own.
        let (manager, mut ids) = seeded();
        let mut ana = manager.clone();
        let mut bo = manager.clone();
        let ana_id = ids.next_id();
        let bo_id = ids.next_id();
        for _ in 0..2 {
            let mut d = deal(&ana, ids.next_id(), None);
            d.owner_id = Some(ana_id.clone());
            ana.put(d.into());
        }
        let mut d = deal(&bo, ids.next_id(), None);
        d.owner_id = Some(bo_id.clone());
        bo.put(d.into());

        let mut team = manager.clone();
        for snapshot in [&ana, &bo, &ana] {
            let p = plan(&team, snapshot);
            team.apply(p.changes(&HashSet::new()));
        }
        assert_eq!(team.deals.len(), 3);
        assert_eq!(
            team.pipelines.len(),
            1,
            "the shared pipeline is not duplicated"
        );
        let owners: HashSet<_> = team
            .deals
            .values()
            .filter_map(|d| d.owner_id.clone())
            .collect();
        assert_eq!(owners, HashSet::from([ana_id, bo_id]));
    }

    #[test]
    fn merged_deals_keep_both_sides_history_without_duplicates() {
        use crate::domain::deal_log::{DealChange, FieldChange};
        let (mut ours, mut ids) = seeded();
        let mut base = deal(&ours, ids.next_id(), None);
        let shared = DealChange {
            at: now(),
            field: FieldChange::Amount(Some(1), Some(10_000)),
        };
        base.change_log = vec![shared.clone()];
        ours.put(base.clone().into());
        let theirs_ws = |ours: &Workspace, d: &crate::domain::Deal| {
            let mut t = ours.clone();
            t.put(d.clone().into());
            t
        };
        // They pushed the close date later than our last edit: theirs wins, our
        // entries stay.
        let mut mine = base.clone();
        let ours_entry = DealChange {
            at: now() + Duration::hours(1),
            field: FieldChange::Owner(None, Some(ids.next_id())),
        };
        mine.owner_id = Some(match &ours_entry.field {
            FieldChange::Owner(_, Some(o)) => o.clone(),
            _ => unreachable!(),
        });
        mine.change_log.push(ours_entry.clone());
        mine.updated_at = now() + Duration::hours(1);
        ours.put(mine.clone().into());
        let mut theirs = base.clone();
        let their_entry = DealChange {
            at: now() + Duration::hours(2),
            field: FieldChange::ExpectedClose(None, Some(now().date_naive())),
        };
        theirs.expected_close = Some(now().date_naive());
        theirs.change_log.push(their_entry.clone());
        theirs.updated_at = now() + Duration::hours(2);
        let t = theirs_ws(&ours, &theirs);
        let p = plan(&ours, &t);
        let mut merged = ours.clone();
        merged.apply(p.changes(&HashSet::new()));
        let d = merged.deals.get(&base.id).unwrap();
        assert_eq!(d.expected_close, theirs.expected_close, "theirs is newer");
        assert_eq!(
            d.change_log,
            [shared.clone(), ours_entry.clone(), their_entry.clone()]
        );
        // Merging again changes nothing.
        assert!(plan(&merged, &t).is_noop());

        // Ours newer and kept on a conflict: their entries still arrive.
        let mut older_theirs = base.clone();
        older_theirs.name = "Their name".into();
        let old_entry = DealChange {
            at: now() + Duration::minutes(30),
            field: FieldChange::Amount(Some(10_000), Some(20_000)),
        };
        older_theirs.amount = Some(20_000);
        older_theirs.change_log.push(old_entry.clone());
        older_theirs.updated_at = now() + Duration::minutes(30);
        let t = theirs_ws(&ours, &older_theirs);
        let p = plan(&ours, &t);
        assert_eq!(p.conflicts.len(), 1);
        let mut kept = ours.clone();
        kept.apply(p.changes(&HashSet::new()));
        let d = kept.deals.get(&base.id).unwrap();
        assert_eq!(d.name, mine.name);
        assert_eq!(
            d.change_log,
            [shared.clone(), old_entry.clone(), ours_entry.clone()]
        );
        let mut took = ours.clone();
        took.apply(p.changes(&HashSet::from([(Kind::Deal, base.id.clone())])));
        let d = took.deals.get(&base.id).unwrap();
        assert_eq!(d.name, "Their name");
        assert_eq!(d.change_log, [shared, old_entry, ours_entry]);
    }
}
