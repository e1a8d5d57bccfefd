//! A compact, always-current copy of what the board and the stalled check read from
//! each deal, so they scan plain numbers in one array instead of 50,000 hash-map
//! entries whose ids and histories each live in their own allocation (at that size the
//! cache misses, not the arithmetic, were the cost of every move on the board).
//!
//! Ids, stages and currencies become small numbers (`Interner`); the index follows the
//! deals table record by record through `Table::changed_since`, and rebuilds only when
//! it falls too far behind or the workspace is replaced.

use super::stalled::{stalled_reasons, StalledReason};
use crate::domain::workspace::Stamp;
use crate::domain::{Currency, Date, Deal, Id, Stage, Workspace};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashMap;
use std::hash::Hash;

/// Dense numbers for keys, in first-seen order; numbers are never reused.
#[derive(Debug)]
pub struct Interner<K> {
    // Fx: the keys are the user's own ids, and hashing them is most of a rebuild.
    numbers: FxHashMap<K, u32>,
    keys: Vec<K>,
}

impl<K> Default for Interner<K> {
    fn default() -> Self {
        Interner {
            numbers: FxHashMap::default(),
            keys: Vec::new(),
        }
    }
}

impl<K: Hash + Eq + Clone> Interner<K> {
    pub fn intern(&mut self, key: &K) -> u32 {
        if let Some(&n) = self.numbers.get(key) {
            return n;
        }
        let n = self.keys.len() as u32;
        self.keys.push(key.clone());
        self.numbers.insert(key.clone(), n);
        n
    }

    pub fn get(&self, key: &K) -> Option<u32> {
        self.numbers.get(key).copied()
    }

    pub fn key(&self, n: u32) -> &K {
        &self.keys[n as usize]
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// No owner, or no account.
pub const NONE: u32 = u32::MAX;

/// One deal as the board reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DealRow {
    pub pipeline: u32,
    pub stage: u32,
    pub owner: u32,
    pub account: u32,
    pub currency: u32,
    /// `None` for an open deal without an amount yet.
    pub amount: Option<i64>,
    pub expected_close: Option<Date>,
    pub closed_on: Option<Date>,
    /// The first eight bytes of the name, big-endian: orders cards by name without
    /// reading the name unless two start alike.
    pub name_key: u64,
}

fn name_key(name: &str) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(name.bytes()) {
        *d = s;
    }
    u64::from_be_bytes(b)
}

#[derive(Debug, Default)]
pub struct DealIndex {
    deals_seen: Option<Stamp>,
    activities_seen: Option<Stamp>,
    pub pipelines: Interner<Id>,
    pub stages: Interner<Id>,
    pub people: Interner<Id>,
    pub accounts: Interner<Id>,
    pub currencies: Interner<Currency>,
    slots: FxHashMap<Id, usize>,
    ids: Vec<Id>,
    rows: Vec<DealRow>,
    /// Per slot: the day of the deal's latest activity (created or completed).
    last_activity: Vec<Option<Date>>,
    /// The activities the last-activity dates were made from, as numbers
    /// (`Id::uuid_key`); `None` when some id is not one, and every change rescans.
    activities_known: Option<FxHashSet<u128>>,
    /// How many times the deal rows were rebuilt from scratch (for tests).
    pub rebuilds: usize,
    /// How many times every activity was scanned for the dates (for tests).
    pub activity_scans: usize,
}

impl DealIndex {
    /// Brings the index up to date with `ws`: changed deals one by one while the deals
    /// table remembers them, otherwise a rebuild; last-activity dates are recomputed
    /// when the activities changed.
    pub fn refresh(&mut self, ws: &Workspace) {
        let deals_now = Some(ws.deals.stamp());
        if self.deals_seen != deals_now {
            match self.deals_seen.and_then(|s| ws.deals.changed_since(s)) {
                Some(ids) => {
                    for id in ids {
                        match ws.deals.get(id) {
                            Some(d) => self.upsert(d),
                            None => self.remove(id),
                        }
                    }
                }
                None => self.rebuild(ws),
            }
            self.deals_seen = deals_now;
        }
        let activities_now = Some(ws.activities.stamp());
        if self.activities_seen != activities_now {
            // New activities only (a logged call, a playbook's tasks): a date can only
            // move later, so they are added one by one. An edit or a delete can move
            // it earlier: then every activity is read again.
            let added = self
                .activities_seen
                .and_then(|s| ws.activities.changed_since(s))
                .and_then(|ids| self.only_new(ids));
            match added {
                Some(new) => {
                    let made =
                        (!new.is_empty()).then(|| crate::domain::automation::automation_tasks(ws));
                    for (key, id) in new {
                        let Some(a) = ws.activities.get(id) else {
                            continue;
                        };
                        if let Some(known) = self.activities_known.as_mut() {
                            known.insert(key);
                        }
                        self.touch(a, made.as_ref().expect("made for new activities"));
                    }
                }
                None => self.scan_activities(ws),
            }
            self.activities_seen = activities_now;
        }
    }

    /// The changed activity ids as numbers if every one is new to the index.
    fn only_new<'a>(&self, ids: impl Iterator<Item = &'a Id>) -> Option<Vec<(u128, &'a Id)>> {
        let known = self.activities_known.as_ref()?;
        let mut out = Vec::new();
        for id in ids {
            let key = id.uuid_key()?;
            if known.contains(&key) {
                return None;
            }
            out.push((key, id));
        }
        Some(out)
    }

    fn touch(&mut self, a: &crate::domain::Activity, made: &std::collections::HashSet<&Id>) {
        let Some(slot) = a.deal_id.as_ref().and_then(|d| self.slots.get(d)) else {
            return;
        };
        let Some(date) = crate::domain::automation::touch_day(a, made) else {
            return;
        };
        let last = &mut self.last_activity[*slot];
        *last = Some(last.map_or(date, |l| l.max(date)));
    }

    fn scan_activities(&mut self, ws: &Workspace) {
        self.activity_scans += 1;
        self.last_activity = vec![None; self.rows.len()];
        // Open tasks automation made are reminders, not activity (see `touch_day`).
        let made = crate::domain::automation::automation_tasks(ws);
        let mut known = FxHashSet::default();
        known.reserve(ws.activities.len());
        let mut all_keyed = true;
        for a in ws.activities.values() {
            match a.id.uuid_key() {
                Some(k) if all_keyed => {
                    known.insert(k);
                }
                _ => all_keyed = false,
            }
            self.touch(a, &made);
        }
        self.activities_known = all_keyed.then_some(known);
    }

    fn rebuild(&mut self, ws: &Workspace) {
        // Fresh interners too: another workspace's ids would only make them grow.
        *self = DealIndex {
            rebuilds: self.rebuilds + 1,
            ..Default::default()
        };
        self.slots.reserve(ws.deals.len());
        for d in ws.deals.values() {
            self.upsert(d);
        }
    }

    fn row_of(&mut self, d: &Deal) -> DealRow {
        DealRow {
            pipeline: self.pipelines.intern(&d.pipeline_id),
            stage: self.stages.intern(&d.stage_id),
            owner: d.owner_id.as_ref().map_or(NONE, |o| self.people.intern(o)),
            account: d
                .account_id
                .as_ref()
                .map_or(NONE, |a| self.accounts.intern(a)),
            currency: self.currencies.intern(&d.currency),
            amount: d.amount,
            expected_close: d.expected_close,
            closed_on: d.closed_on,
            name_key: name_key(&d.name),
        }
    }

    fn upsert(&mut self, d: &Deal) {
        let row = self.row_of(d);
        match self.slots.get(&d.id) {
            Some(&slot) => self.rows[slot] = row,
            None => {
                self.slots.insert(d.id.clone(), self.rows.len());
                self.ids.push(d.id.clone());
                self.rows.push(row);
                self.last_activity.push(None);
                // A deal new to the index may have activities already (restored, or
                // merged in after them): match them again on this refresh.
                self.activities_seen = None;
            }
        }
    }

    fn remove(&mut self, id: &Id) {
        let Some(slot) = self.slots.remove(id) else {
            return;
        };
        let last = self.rows.len() - 1;
        self.rows.swap_remove(slot);
        self.ids.swap_remove(slot);
        self.last_activity.swap_remove(slot);
        if slot < last {
            self.slots.insert(self.ids[slot].clone(), slot);
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every deal as (slot, row).
    pub fn rows(&self) -> impl Iterator<Item = (usize, &DealRow)> {
        self.rows.iter().enumerate()
    }

    pub fn row(&self, slot: usize) -> &DealRow {
        &self.rows[slot]
    }

    pub fn id(&self, slot: usize) -> &Id {
        &self.ids[slot]
    }

    pub fn last_activity(&self, slot: usize) -> Option<Date> {
        self.last_activity.get(slot).copied().flatten()
    }

    /// The stages of every pipeline by their interned number (`None` for a stage that
    /// no longer exists).
    pub fn stage_table<'a>(&self, ws: &'a Workspace) -> Vec<Option<&'a Stage>> {
        let mut table = vec![None; self.stages.len()];
        for p in ws.pipelines.values() {
            for s in &p.stages {
                if let Some(n) = self.stages.get(&s.id) {
                    table[n as usize] = Some(s);
                }
            }
        }
        table
    }

    /// Why the deal in `slot` is stalled on `today`, if it is.
    pub fn stalled_reasons(
        &self,
        ws: &Workspace,
        stages: &[Option<&Stage>],
        slot: usize,
        today: Date,
    ) -> Vec<StalledReason> {
        let Some(stage) = stages[self.rows[slot].stage as usize] else {
            return Vec::new();
        };
        if stage.kind != crate::domain::StageKind::Open {
            return Vec::new();
        }
        let Some(deal) = ws.deals.get(&self.ids[slot]) else {
            return Vec::new();
        };
        stalled_reasons(
            deal,
            stage,
            self.last_activity(slot),
            today,
            ws.settings.stalled_after_days,
        )
    }

    /// Every stalled open deal with its reasons (the same as
    /// `stalled::stalled_deals`, reading only the open deals' records).
    pub fn stalled_deals(&self, ws: &Workspace, today: Date) -> HashMap<Id, Vec<StalledReason>> {
        let stages = self.stage_table(ws);
        self.rows()
            .filter(|(_, r)| {
                stages[r.stage as usize].is_some_and(|s| s.kind == crate::domain::StageKind::Open)
            })
            .filter_map(|(slot, _)| {
                let reasons = self.stalled_reasons(ws, &stages, slot, today);
                (!reasons.is_empty()).then(|| (self.ids[slot].clone(), reasons))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::stalled::stalled_deals;
    use crate::domain::workspace::tests::{call, deal, now, seeded};
    use crate::domain::Kind;
    use chrono::Duration;

    /// The index read back as (deal id, row, last activity), sorted by id, with the
    /// interned numbers turned back into what they stand for (two indexes may number
    /// the same stage differently: a rebuild interns in the table's hash order).
    #[allow(clippy::type_complexity)]
    fn contents(ix: &DealIndex) -> Vec<(Id, [Option<String>; 5], DealRow, Option<Date>)> {
        let id = |i: &Interner<Id>, n: u32| (n != u32::MAX).then(|| i.key(n).as_str().to_string());
        let mut v: Vec<_> = ix
            .rows()
            .map(|(slot, r)| {
                let names = [
                    id(&ix.pipelines, r.pipeline),
                    id(&ix.stages, r.stage),
                    id(&ix.people, r.owner),
                    id(&ix.accounts, r.account),
                    (r.currency != u32::MAX)
                        .then(|| format!("{:?}", ix.currencies.key(r.currency))),
                ];
                let plain = DealRow {
                    pipeline: 0,
                    stage: 0,
                    owner: 0,
                    account: 0,
                    currency: 0,
                    ..*r
                };
                (ix.id(slot).clone(), names, plain, ix.last_activity(slot))
            })
            .collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    }

    #[test]
    fn follows_puts_and_removes_without_rebuilding_and_matches_a_fresh_index() {
        let (mut ws, mut ids) = seeded();
        let mut deals = Vec::new();
        for i in 0..20 {
            let mut d = deal(&ws, ids.next_id(), None);
            d.name = format!("Deal {i}");
            d.amount = Some(100 * i);
            deals.push(d.clone());
            ws.put(d.into());
        }
        ws.put(call(ids.next_id(), &deals[3].id, 4).into());
        let mut ix = DealIndex::default();
        ix.refresh(&ws);
        assert_eq!(ix.rebuilds, 1);
        assert_eq!(ix.len(), 20);

        // A move, a delete from the middle, a new deal and a new activity.
        let mut moved = deals[5].clone();
        moved.stage_id = ws.default_pipeline().unwrap().stages[2].id.clone();
        moved.amount = Some(777);
        ws.put(moved.into());
        ws.remove(Kind::Deal, &deals[3].id);
        ws.remove(Kind::Deal, &deals[0].id);
        let extra = deal(&ws, ids.next_id(), None);
        ws.put(extra.clone().into());
        ws.put(call(ids.next_id(), &extra.id, 1).into());
        ix.refresh(&ws);
        assert_eq!(ix.rebuilds, 1, "followed record by record");
        assert_eq!(ix.len(), 19);
        // A fresh index has the same rows.
        let mut full = DealIndex::default();
        full.refresh(&ws);
        assert_eq!(contents(&ix), contents(&full));
        let extra_row = contents(&ix).into_iter().find(|c| c.0 == extra.id).unwrap();
        assert_eq!(extra_row.3, Some((now() - Duration::days(1)).date_naive()));
        assert!(!contents(&ix).iter().any(|c| c.0 == deals[3].id));
    }

    #[test]
    fn new_activities_are_added_one_by_one_and_an_edit_or_delete_reads_them_all_again() {
        let (mut ws, mut ids) = seeded();
        let d = deal(&ws, ids.next_id(), None);
        ws.put(d.clone().into());
        let old_call = call(ids.next_id(), &d.id, 9);
        ws.put(old_call.clone().into());
        let mut ix = DealIndex::default();
        ix.refresh(&ws);
        assert_eq!(ix.activity_scans, 1);
        let date = |ix: &DealIndex| contents(ix).into_iter().find(|c| c.0 == d.id).unwrap().3;
        let day = |n: i64| Some((now() - Duration::days(n)).date_naive());
        assert_eq!(date(&ix), day(9));
        // A new call (as logging one, or a playbook's tasks): followed without a scan.
        let recent = call(ids.next_id(), &d.id, 2);
        ws.put(recent.clone().into());
        ix.refresh(&ws);
        assert_eq!(ix.activity_scans, 1, "added one by one");
        assert_eq!(date(&ix), day(2));
        // Deleting it moves the date back: every activity is read again.
        ws.remove(Kind::Activity, &recent.id);
        ix.refresh(&ws);
        assert_eq!(ix.activity_scans, 2);
        assert_eq!(date(&ix), day(9));
        // An edit to an earlier date, too.
        ws.put(call(old_call.id.clone(), &d.id, 20).into());
        ix.refresh(&ws);
        assert_eq!(ix.activity_scans, 3);
        assert_eq!(date(&ix), day(20));
        let mut fresh = DealIndex::default();
        fresh.refresh(&ws);
        assert_eq!(contents(&ix), contents(&fresh));
    }

    #[test]
    fn a_deal_restored_after_its_activities_gets_their_date() {
        let (mut ws, mut ids) = seeded();
        let d = deal(&ws, ids.next_id(), None);
        ws.put(call(ids.next_id(), &d.id, 3).into());
        let mut ix = DealIndex::default();
        ix.refresh(&ws);
        ws.put(d.clone().into());
        ix.refresh(&ws);
        assert_eq!(ix.rebuilds, 1);
        let row = contents(&ix).into_iter().find(|c| c.0 == d.id).unwrap();
        assert_eq!(row.3, Some((now() - Duration::days(3)).date_naive()));
    }

    #[test]
    fn a_replaced_workspace_or_a_long_gap_rebuilds() {
        let (mut ws, mut ids) = seeded();
        ws.put(deal(&ws, ids.next_id(), None).into());
        let mut ix = DealIndex::default();
        ix.refresh(&ws);
        let copy = ws.clone();
        ix.refresh(&copy);
        assert_eq!(ix.rebuilds, 2, "a copy is another table");
        for _ in 0..300 {
            ws.put(deal(&ws, ids.next_id(), None).into());
        }
        ix.refresh(&ws);
        assert_eq!(ix.rebuilds, 3, "too far behind the log");
        assert_eq!(ix.len(), 301);
    }

    #[test]
    fn stalled_deals_agree_with_the_direct_computation() {
        let (mut ws, mut ids) = seeded();
        ws.settings.stalled_after_days = 14;
        let won = ws.default_pipeline().unwrap().stages[5].id.clone();
        let mut ix = DealIndex::default();
        for i in 0..12i64 {
            let mut d = deal(&ws, ids.next_id(), None);
            d.created_at = now() - Duration::days(10 + 3 * i);
            if i % 4 == 0 {
                d.stage_id = won.clone();
            }
            ws.put(d.clone().into());
            if i % 3 == 0 {
                ws.put(call(ids.next_id(), &d.id, i).into());
            }
            ix.refresh(&ws);
        }
        let today = now().date_naive();
        let direct = stalled_deals(&ws, today);
        assert!(!direct.is_empty());
        assert_eq!(ix.stalled_deals(&ws, today), direct);
    }
}
