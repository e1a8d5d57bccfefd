//! What the KPIs read, in compact arrays: one row per deal, activity, lead and
//! account, ids made small numbers and places (`scope::rules`) worked out once.
//!
//! Why: at 50,000 deals and 200,000 activities, scanning the records themselves (hash
//! maps of structs full of 36-character ids) made a full recompute take a quarter of
//! a second, nearly all of it cache misses on scattered strings. These rows are
//! scanned in a few milliseconds.
//!
//! How they stay current: `refresh` follows the deals table record by record
//! (`Table::changed_since`), as the deal index does; the activity and lead rows are
//! read again when their tables (or the set of deals) changed; a change to pipelines,
//! reps, territories or accounts, which move records between places, rebuilds all.
//! A removed deal leaves a dead row until the next rebuild, so activity rows can keep
//! pointing at deal rows by number.

use super::StageInfo;
use crate::analytics::deal_index::Interner;
use crate::analytics::scope::{rules, Matcher, Place, Scope};
use crate::domain::deal_log::FieldChange;
use crate::domain::time::local_day;
use crate::domain::workspace::Stamp;
use crate::domain::{ActivityKind, Currency, Date, Deal, Id, Workspace};
use rustc_hash::FxHashMap;

/// No account, no deal.
pub const NONE: u32 = u32::MAX;

/// A logged change in the facts' numbers, with the value the field had before it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Before {
    Amount(Option<i64>),
    Currency(u32),
    Owner(Option<u32>),
    Expected(Option<Date>),
    Pipeline(u32),
    Closed(Option<Date>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct DealFact {
    pub alive: bool,
    pub place: Place<u32>,
    pub owner: Option<u32>,
    pub pipeline: u32,
    pub stage: u32,
    pub currency: u32,
    pub account: u32,
    pub amount: Option<i64>,
    pub mrr: Option<i64>,
    pub created: Date,
    pub closed: Option<Date>,
    pub expected: Option<Date>,
    /// (stage number, day entered), oldest first.
    pub history: Vec<(u32, Date)>,
    /// The change log as (day, value before), oldest first.
    pub log: Vec<(Date, Before)>,
    /// The last day of a logged change or a stage move: the deal as of any later day is
    /// the deal as it is.
    pub last_change: Date,
    /// Its lost reason's number in `KpiFacts::lost_reasons` (trimmed), if it has one.
    pub lost_reason: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ActivityFact {
    pub owner: Option<u32>,
    /// The deal's row, or `NONE`.
    pub deal: u32,
    /// The account's number, or `NONE`.
    pub account: u32,
    pub kind: ActivityKind,
    /// The day it was completed, if it was.
    pub done: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadFact {
    pub place: Place<u32>,
    pub created: Date,
    pub became_deal: bool,
    /// Its source's number in `KpiFacts::lead_sources` (the text trimmed), if it has one.
    pub source: Option<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AccountFact {
    pub place: Place<u32>,
    /// When it was a customer (see `customers::customer_spans`).
    pub spans: Vec<(Date, Option<Date>)>,
}

/// A deal on some day, in the facts' numbers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DealThen {
    pub place: Place<u32>,
    pub stage: u32,
    pub amount: Option<i64>,
    pub currency: u32,
    pub expected: Option<Date>,
    pub closed: Option<Date>,
}

#[derive(Debug, Default)]
pub struct KpiFacts {
    /// What the rows were read from: deals, activities, leads, and the tables that
    /// decide places (pipelines, reps, territories, accounts).
    deals_seen: Option<Stamp>,
    activities_seen: Option<Stamp>,
    leads_seen: Option<Stamp>,
    structure_seen: Vec<Stamp>,
    /// Reps, pipelines and territories share one numbering (they are all ids).
    pub keys: Interner<Id>,
    pub stages: Interner<Id>,
    pub currencies: Interner<Currency>,
    pub accounts: Interner<Id>,
    /// By stage number.
    pub stage_info: Vec<Option<StageInfo>>,
    /// Each rep's territory, by key.
    pub rep_territory: Vec<Option<u32>>,
    /// By account number.
    pub account_facts: Vec<AccountFact>,
    deal_slots: FxHashMap<Id, u32>,
    pub deals: Vec<DealFact>,
    pub deal_ids: Vec<Id>,
    dead: usize,
    pub activities: Vec<ActivityFact>,
    /// Each activity's row by its id as a number (`Id::uuid_key`), so a change to a few is
    /// followed row by row; `None` when some id is not a UUID as the app writes them.
    activity_slots: Option<FxHashMap<u128, u32>>,
    /// Per deal row: whether the deal names a source lead (its change re-reads leads).
    from_lead: Vec<bool>,
    /// A build done a slice at a time (`build_slice`), until it is complete.
    pending: Option<Pending>,
    pub leads: Vec<LeadFact>,
    /// The id of each lead row (a chart's drill-down names the leads behind a bar).
    pub lead_ids: Vec<Id>,
    /// Lost reasons of deals, as typed (trimmed).
    pub lost_reasons: Interner<String>,
    /// Lead sources, as typed (trimmed).
    pub lead_sources: Interner<String>,
    /// How many times everything was read from scratch (for tests).
    pub rebuilds: usize,
}

/// How far a sliced build got, and what it was reading.
#[derive(Debug)]
struct Pending {
    seen: Vec<Stamp>,
    deals: usize,
    activities: usize,
}

fn all_stamps(ws: &Workspace) -> Vec<Stamp> {
    let mut s = structure(ws);
    s.extend([ws.deals.stamp(), ws.activities.stamp(), ws.leads.stamp()]);
    s
}

fn structure(ws: &Workspace) -> Vec<Stamp> {
    vec![
        ws.pipelines.stamp(),
        ws.reps.stamp(),
        ws.territories.stamp(),
        ws.accounts.stamp(),
    ]
}

impl KpiFacts {
    pub fn build(ws: &Workspace) -> KpiFacts {
        let mut f = KpiFacts::default();
        f.refresh(ws);
        f
    }

    /// Brings the rows up to date with `ws` (see the module's header).
    pub fn refresh(&mut self, ws: &Workspace) {
        if self.pending.is_some() {
            while !self.build_slice(ws, usize::MAX) {}
            return;
        }
        if self.structure_seen != structure(ws) || self.dead > self.deals.len() / 4 + 64 {
            self.rebuild(ws);
            return;
        }
        let deals_now = ws.deals.stamp();
        let mut deal_set_changed = false;
        if self.deals_seen != Some(deals_now) {
            let changed: Option<Vec<Id>> = self
                .deals_seen
                .and_then(|s| ws.deals.changed_since(s))
                .map(|ids| ids.cloned().collect());
            let Some(changed) = changed else {
                self.rebuild(ws);
                return;
            };
            // A lead became a deal when a deal names it: the leads are read again
            // when a changed deal names one, or did.
            let mut leads_touched = false;
            for id in changed {
                match (ws.deals.get(&id), self.deal_slots.get(&id).copied()) {
                    (Some(d), Some(slot)) => {
                        let named = d.source_lead_id.is_some();
                        leads_touched |= named || self.from_lead[slot as usize];
                        self.from_lead[slot as usize] = named;
                        self.deals[slot as usize] = self.deal_fact(d);
                    }
                    (Some(d), None) => {
                        leads_touched = true;
                        self.push_deal(d);
                        deal_set_changed = true;
                    }
                    (None, Some(slot)) => {
                        leads_touched = true;
                        self.deal_slots.remove(&id);
                        self.deals[slot as usize].alive = false;
                        self.dead += 1;
                        deal_set_changed = true;
                    }
                    (None, None) => {}
                }
            }
            self.deals_seen = Some(deals_now);
            if leads_touched {
                self.leads_seen = None;
            }
        }
        if deal_set_changed {
            self.read_activities(ws);
        } else if self.activities_seen != Some(ws.activities.stamp()) {
            self.follow_activities(ws);
        }
        if self.leads_seen != Some(ws.leads.stamp()) {
            self.read_leads(ws);
        }
    }

    fn rebuild(&mut self, ws: &Workspace) {
        self.start(ws);
        while !self.build_slice(ws, usize::MAX) {}
    }

    /// Builds from scratch a slice at a time, so the work fits in idle moments: reads
    /// up to `max_rows` deals or activities and says whether the facts are complete.
    /// When `ws` changed since the last slice the build starts again; `refresh` on an
    /// unfinished build finishes it.
    pub fn build_slice(&mut self, ws: &Workspace, max_rows: usize) -> bool {
        let fresh = match &self.pending {
            Some(p) => p.seen != all_stamps(ws),
            // Complete already (`refresh` follows later changes).
            None if self.deals_seen.is_some() => return true,
            None => true,
        };
        if fresh {
            self.start(ws);
        }
        let Some(mut p) = self.pending.take() else {
            return true;
        };
        let mut budget = max_rows;
        if p.deals < ws.deals.len() {
            for d in ws.deals.values().skip(p.deals).take(budget) {
                self.push_deal(d);
                p.deals += 1;
                budget -= 1;
            }
            if p.deals < ws.deals.len() {
                self.pending = Some(p);
                return false;
            }
        }
        if p.activities < ws.activities.len() {
            let start = p.activities;
            for a in ws.activities.values().skip(start).take(budget) {
                self.push_activity(a);
                p.activities += 1;
            }
            if p.activities < ws.activities.len() {
                self.pending = Some(p);
                return false;
            }
        }
        self.deals_seen = Some(ws.deals.stamp());
        self.activities_seen = Some(ws.activities.stamp());
        self.read_leads(ws);
        true
    }

    /// Empties the facts and reads what decides places (reps, pipelines, accounts).
    fn start(&mut self, ws: &Workspace) {
        *self = KpiFacts {
            rebuilds: self.rebuilds + 1,
            structure_seen: structure(ws),
            pending: Some(Pending {
                seen: all_stamps(ws),
                deals: 0,
                activities: 0,
            }),
            ..Default::default()
        };
        for r in ws.reps.values() {
            let k = self.keys.intern(&r.id) as usize;
            let t = r.territory_id.as_ref().map(|t| self.keys.intern(t));
            if self.rep_territory.len() <= k {
                self.rep_territory.resize(k + 1, None);
            }
            self.rep_territory[k] = t;
        }
        for p in ws.pipelines.values() {
            self.keys.intern(&p.id);
            for (order, s) in p.stages.iter().enumerate() {
                let n = self.stages.intern(&s.id) as usize;
                if self.stage_info.len() <= n {
                    self.stage_info.resize(n + 1, None);
                }
                self.stage_info[n] = Some(StageInfo {
                    kind: s.kind,
                    probability: s.probability,
                    order,
                });
            }
        }
        // Accounts first, so an account's number is its row in `account_facts`.
        for a in ws.accounts.values() {
            self.accounts.intern(&a.id);
            let owner = a.owner_id.as_ref().map(|o| self.keys.intern(o));
            let territory = a.territory_id.as_ref().map(|t| self.keys.intern(t));
            let place = rules::account(owner, territory, a.segment, || {
                a.territory_id
                    .as_ref()
                    .and_then(|t| ws.territories.get(t))
                    .and_then(|t| t.segment)
            });
            self.account_facts.push(AccountFact {
                place,
                spans: super::customers::customer_spans(a),
            });
        }
        self.deal_slots.reserve(ws.deals.len());
        self.deals.reserve(ws.deals.len());
        self.activities.reserve(ws.activities.len());
        self.activity_slots = Some(FxHashMap::default());
        if let Some(m) = &mut self.activity_slots {
            m.reserve(ws.activities.len());
        }
    }

    fn push_activity(&mut self, a: &crate::domain::Activity) {
        let row = self.activity_fact(a);
        let slot = self.activities.len() as u32;
        if let Some(m) = &mut self.activity_slots {
            match a.id.uuid_key() {
                Some(k) => {
                    m.insert(k, slot);
                }
                None => self.activity_slots = None,
            }
        }
        self.activities.push(row);
    }

    fn push_deal(&mut self, d: &Deal) {
        let fact = self.deal_fact(d);
        self.deal_slots
            .insert(d.id.clone(), self.deals.len() as u32);
        self.deals.push(fact);
        self.deal_ids.push(d.id.clone());
        self.from_lead.push(d.source_lead_id.is_some());
    }

    fn territory_of(&self, owner: Option<u32>) -> Option<u32> {
        owner.and_then(|o| self.rep_territory.get(o as usize).copied().flatten())
    }

    fn activity_fact(&mut self, a: &crate::domain::Activity) -> ActivityFact {
        ActivityFact {
            owner: a.owner_id.as_ref().map(|o| self.keys.intern(o)),
            deal: a
                .deal_id
                .as_ref()
                .and_then(|d| self.deal_slots.get(d).copied())
                .unwrap_or(NONE),
            account: a
                .account_id
                .as_ref()
                .and_then(|id| self.accounts.get(id))
                .unwrap_or(NONE),
            kind: a.kind,
            done: a.done.then_some(a.done_at).flatten().map(local_day),
        }
    }

    fn read_activities(&mut self, ws: &Workspace) {
        self.activities = Vec::with_capacity(ws.activities.len());
        let mut slots = FxHashMap::default();
        slots.reserve(ws.activities.len());
        self.activity_slots = Some(slots);
        for a in ws.activities.values() {
            self.push_activity(a);
        }
        self.activities_seen = Some(ws.activities.stamp());
    }

    /// Follows the activities table record by record (a move on the board logs one or
    /// two); a removal, which would leave a hole in the rows, reads them all again.
    fn follow_activities(&mut self, ws: &Workspace) {
        let changed: Option<Vec<Id>> = self
            .activities_seen
            .and_then(|s| ws.activities.changed_since(s))
            .map(|ids| ids.cloned().collect());
        let (Some(changed), Some(_)) = (changed, &self.activity_slots) else {
            return self.read_activities(ws);
        };
        for id in changed {
            let (Some(a), Some(key)) = (ws.activities.get(&id), id.uuid_key()) else {
                return self.read_activities(ws);
            };
            let slot = self
                .activity_slots
                .as_ref()
                .and_then(|m| m.get(&key).copied());
            match slot {
                Some(slot) => self.activities[slot as usize] = self.activity_fact(a),
                None => self.push_activity(a),
            }
        }
        self.activities_seen = Some(ws.activities.stamp());
    }

    fn read_leads(&mut self, ws: &Workspace) {
        let sources: FxHashMap<&Id, ()> = ws
            .deals
            .values()
            .filter_map(|d| d.source_lead_id.as_ref().map(|l| (l, ())))
            .collect();
        let mut rows = Vec::with_capacity(ws.leads.len());
        let mut ids = Vec::with_capacity(ws.leads.len());
        for l in ws.leads.values() {
            let owner = l.owner_id.as_ref().map(|o| self.keys.intern(o));
            let converted = l.conversion.as_ref().is_some_and(|c| c.deal_id.is_some());
            let source = l
                .source
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| self.lead_sources.intern(&s.to_string()));
            rows.push(LeadFact {
                place: rules::lead(owner, || self.territory_of(owner)),
                created: local_day(l.created_at),
                became_deal: converted || sources.contains_key(&l.id),
                source,
            });
            ids.push(l.id.clone());
        }
        self.leads = rows;
        self.lead_ids = ids;
        self.leads_seen = Some(ws.leads.stamp());
    }

    fn deal_place(&self, owner: Option<u32>, pipeline: u32, account: u32) -> Place<u32> {
        let account = self.account_facts.get(account as usize).map(|a| a.place);
        rules::deal(owner, pipeline, account.as_ref(), || {
            self.territory_of(owner)
        })
    }

    fn deal_fact(&mut self, d: &Deal) -> DealFact {
        let owner = d.owner_id.as_ref().map(|o| self.keys.intern(o));
        let pipeline = self.keys.intern(&d.pipeline_id);
        let account = d
            .account_id
            .as_ref()
            .map_or(NONE, |a| self.accounts.intern(a));
        let created = local_day(d.created_at);
        let mut last_change = created;
        let history: Vec<(u32, Date)> = d
            .stage_history
            .iter()
            .map(|h| {
                let day = local_day(h.at);
                last_change = last_change.max(day);
                (self.stages.intern(&h.stage_id), day)
            })
            .collect();
        let mut log = Vec::with_capacity(d.change_log.len());
        for c in &d.change_log {
            let day = local_day(c.at);
            last_change = last_change.max(day);
            let before = match &c.field {
                FieldChange::Amount(from, _) => Before::Amount(*from),
                FieldChange::Currency(from, _) => Before::Currency(self.currencies.intern(from)),
                FieldChange::Owner(from, _) => {
                    Before::Owner(from.as_ref().map(|o| self.keys.intern(o)))
                }
                FieldChange::ExpectedClose(from, _) => Before::Expected(*from),
                FieldChange::Pipeline(from, _) => Before::Pipeline(self.keys.intern(from)),
                FieldChange::ClosedOn(from, _) => Before::Closed(*from),
                FieldChange::ForecastCategory(..) | FieldChange::Status(..) => continue,
            };
            log.push((day, before));
        }
        let lost_reason = d
            .lost_reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(|r| self.lost_reasons.intern(&r.to_string()));
        DealFact {
            lost_reason,
            alive: true,
            place: self.deal_place(owner, pipeline, account),
            owner,
            pipeline,
            stage: self.stages.intern(&d.stage_id),
            currency: self.currencies.intern(&d.currency),
            account,
            amount: d.amount,
            mrr: d.mrr,
            created,
            closed: d.closed_on,
            expected: d.expected_close,
            history,
            log,
            last_change,
        }
    }

    pub fn stage(&self, n: u32) -> Option<&StageInfo> {
        self.stage_info.get(n as usize).and_then(Option::as_ref)
    }

    pub fn currency(&self, n: u32) -> &Currency {
        self.currencies.key(n)
    }

    /// The live deal rows, with their numbers.
    pub fn live_deals(&self) -> impl Iterator<Item = (usize, &DealFact)> {
        self.deals.iter().enumerate().filter(|(_, d)| d.alive)
    }

    /// Where an activity sits: where its deal sits, else its account, else its
    /// owner's territory (`rules::activity`).
    pub fn activity_place(&self, a: &ActivityFact) -> Place<u32> {
        let within = match self.deals.get(a.deal as usize).filter(|d| d.alive) {
            Some(d) => Some(d.place),
            None => self
                .account_facts
                .get(a.account as usize)
                .map(|acc| acc.place),
        };
        rules::activity(a.owner, within, || self.territory_of(a.owner))
    }

    /// The scope as a matcher of these facts' places.
    pub fn matcher(&self, scope: &Scope, ws: &Workspace) -> Matcher<u32> {
        scope.matcher(ws, |id| self.keys.get(id))
    }

    /// A deal as it stood at the end of `day`, `None` before it existed: the current
    /// row when nothing changed after `day`, else the row with every logged change
    /// after `day` taken back, newest first, and the stage it was in then (the same
    /// replay as `deal_log::as_of`, on numbers; a test holds them equal).
    pub fn deal_on(&self, slot: usize, day: Date) -> Option<DealThen> {
        let f = &self.deals[slot];
        if !f.alive || f.created > day {
            return None;
        }
        let mut t = DealThen {
            place: f.place,
            stage: f.stage,
            amount: f.amount,
            currency: f.currency,
            expected: f.expected,
            closed: f.closed,
        };
        if f.last_change <= day {
            return Some(t);
        }
        let (mut owner, mut pipeline) = (f.owner, f.pipeline);
        for (on, before) in f.log.iter().rev() {
            if *on <= day {
                continue;
            }
            match *before {
                Before::Amount(a) => t.amount = a,
                Before::Currency(c) => t.currency = c,
                Before::Owner(o) => owner = o,
                Before::Expected(e) => t.expected = e,
                Before::Pipeline(p) => pipeline = p,
                Before::Closed(c) => t.closed = c,
            }
        }
        if let Some((stage, _)) = f
            .history
            .iter()
            .rev()
            .find(|(_, on)| *on <= day)
            .or(f.history.first())
        {
            t.stage = *stage;
        }
        t.place = self.deal_place(owner, pipeline, f.account);
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deal_log::as_of;
    use crate::domain::{Change, Record};

    #[test]
    fn replays_match_the_change_logs_as_of_on_every_day() {
        let today = crate::analytics::kpi::fixture::today();
        let now = crate::analytics::kpi::fixture::noon(today);
        let mut ws = crate::demo::generate(crate::demo::DemoSize::Small, 11, today, now);
        // Give some deals changes of every tracked kind, the way the app logs them.
        let ids: Vec<Id> = ws.deals.values().take(40).map(|d| d.id.clone()).collect();
        let reps: Vec<Id> = ws.reps.values().map(|r| r.id.clone()).collect();
        for (i, id) in ids.iter().enumerate() {
            let mut d = ws.deals.get(id).unwrap().clone();
            d.amount = d.amount.map(|a| a + 1_000 * i as i64);
            d.expected_close = d.expected_close.map(|e| e + chrono::Days::new(30));
            d.owner_id = Some(reps[i % reps.len()].clone());
            if i % 3 == 0 {
                d.currency = Currency::new("EUR").unwrap();
            }
            d.updated_at = now - chrono::Duration::days(i as i64 * 5);
            let mut changes = vec![Change::Put(Record::Deal(d))];
            crate::domain::deal_log::log_edits(&ws, &mut changes);
            ws.apply(changes);
        }
        let f = KpiFacts::build(&ws);
        let mut replayed = 0;
        for (slot, fact) in f.live_deals() {
            let d = ws.deals.get(&f.deal_ids[slot]).unwrap();
            for back in [0u64, 3, 20, 45, 90, 200, 400, 800] {
                let day = today - chrono::Days::new(back);
                let mine = f.deal_on(slot, day);
                let theirs = as_of(d, day);
                assert_eq!(mine.is_some(), theirs.is_some(), "{} on {day}", d.name);
                let (Some(m), Some(t)) = (mine, theirs) else {
                    continue;
                };
                replayed += usize::from(fact.last_change > day);
                assert_eq!(m.amount, t.amount);
                assert_eq!(f.currency(m.currency), t.currency);
                assert_eq!(m.expected, t.expected_close);
                assert_eq!(m.closed, t.closed_on);
                assert_eq!(f.stages.key(m.stage), t.stage_id);
                assert_eq!(m.place.owner.map(|o| f.keys.key(o)), t.owner_id);
            }
        }
        assert!(replayed > 100, "the replays were exercised ({replayed})");
    }

    #[test]
    fn follows_changes_record_by_record_and_rebuilds_only_when_places_move() {
        let kn = crate::analytics::kpi::fixture::known();
        let mut ws = kn.fx.ws;
        let mut f = KpiFacts::build(&ws);
        assert_eq!(f.rebuilds, 1);
        let mut d = ws.deals.get(&kn.o1).unwrap().clone();
        d.amount = Some(42);
        ws.put(d.into());
        ws.remove(crate::domain::Kind::Deal, &kn.l1);
        f.refresh(&ws);
        assert_eq!(f.rebuilds, 1, "followed, not rebuilt");
        let fresh = KpiFacts::build(&ws);
        let live = |f: &KpiFacts| {
            let mut v: Vec<(Id, Option<i64>)> = f
                .live_deals()
                .map(|(s, d)| (f.deal_ids[s].clone(), d.amount))
                .collect();
            v.sort();
            v
        };
        assert_eq!(live(&f), live(&fresh));
        assert_eq!(f.activities.len(), fresh.activities.len());
        // A territory change moves deals between places: everything is read again.
        let mut t = crate::domain::Territory {
            id: Id::from_string("t1"),
            name: "West".into(),
            region: None,
            segment: None,
            created_at: crate::domain::workspace::tests::now(),
            updated_at: crate::domain::workspace::tests::now(),
        };
        ws.put(t.clone().into());
        f.refresh(&ws);
        assert_eq!(f.rebuilds, 2);
        t.name = "East".into();
        ws.put(t.into());
        f.refresh(&ws);
        assert_eq!(f.rebuilds, 3);
    }

    /// The rows that decide every number, comparable between two builds.
    fn rows(f: &KpiFacts) -> (Vec<(Id, DealFact)>, Vec<ActivityFact>, Vec<LeadFact>) {
        let mut deals: Vec<(Id, DealFact)> = f
            .live_deals()
            .map(|(s, d)| (f.deal_ids[s].clone(), d.clone()))
            .collect();
        deals.sort_by(|a, b| a.0.cmp(&b.0));
        // Activity rows name deal rows by number: compare them by the deal's id.
        let mut acts: Vec<ActivityFact> = f
            .activities
            .iter()
            .map(|a| ActivityFact {
                deal: if a.deal == NONE {
                    NONE
                } else {
                    deals
                        .binary_search_by(|d| d.0.cmp(&f.deal_ids[a.deal as usize]))
                        .unwrap() as u32
                },
                ..*a
            })
            .collect();
        acts.sort_by_key(|a| (a.deal, a.done, a.owner, a.account, a.kind as u8));
        (deals, acts, f.leads.clone())
    }

    #[test]
    fn a_build_in_slices_is_the_build_in_one_go_and_starts_again_when_the_data_changes() {
        let today = crate::analytics::kpi::fixture::today();
        let now = crate::analytics::kpi::fixture::noon(today);
        let mut ws = crate::demo::generate(crate::demo::DemoSize::Small, 5, today, now);
        let whole = KpiFacts::build(&ws);
        let mut sliced = KpiFacts::default();
        let mut slices = 1;
        while !sliced.build_slice(&ws, 97) {
            slices += 1;
        }
        assert!(slices > 10, "it took slices ({slices})");
        assert_eq!(rows(&sliced), rows(&whole));
        assert!(sliced.build_slice(&ws, 97), "complete stays complete");

        // A change between slices: the build starts again and ends current.
        let mut part = KpiFacts::default();
        assert!(!part.build_slice(&ws, 50));
        let id = ws.deals.values().next().unwrap().id.clone();
        let mut d = ws.deals.get(&id).unwrap().clone();
        d.amount = Some(123_456);
        ws.put(d.into());
        while !part.build_slice(&ws, 50) {}
        assert_eq!(rows(&part), rows(&KpiFacts::build(&ws)));
        // And `refresh` finishes an unfinished build.
        let mut half = KpiFacts::default();
        assert!(!half.build_slice(&ws, 50));
        half.refresh(&ws);
        assert_eq!(rows(&half), rows(&KpiFacts::build(&ws)));
    }

    #[test]
    fn activities_are_followed_row_by_row_and_removals_read_them_again() {
        let today = crate::analytics::kpi::fixture::today();
        let now = crate::analytics::kpi::fixture::noon(today);
        let mut ws = crate::demo::generate(crate::demo::DemoSize::Small, 6, today, now);
        let mut f = KpiFacts::build(&ws);
        let mut acts: Vec<crate::domain::Activity> =
            ws.activities.values().take(3).cloned().collect();
        // Completed now, moved to another deal, and a new one.
        acts[0].done = true;
        acts[0].done_at = Some(now);
        let other = ws.deals.values().nth(7).unwrap().id.clone();
        acts[1].deal_id = Some(other);
        let mut new = acts[2].clone();
        new.id = Id::from_random_bytes([9; 16]);
        new.done = true;
        new.done_at = Some(now);
        ws.put(acts[0].clone().into());
        ws.put(acts[1].clone().into());
        ws.put(new.into());
        // A deal edit that names no lead leaves the leads as they were.
        let mut d = ws
            .deals
            .values()
            .find(|d| d.source_lead_id.is_none())
            .unwrap()
            .clone();
        d.amount = Some(7);
        ws.put(d.into());
        f.refresh(&ws);
        assert_eq!(f.rebuilds, 1);
        assert_eq!(f.activities.len(), ws.activities.len());
        assert_eq!(rows(&f), rows(&KpiFacts::build(&ws)));
        // A deal that names a lead, changed: the leads are read again.
        let mut d = ws
            .deals
            .values()
            .find(|d| d.source_lead_id.is_some())
            .unwrap()
            .clone();
        let lead = d.source_lead_id.take().unwrap();
        ws.put(d.into());
        f.refresh(&ws);
        assert_eq!(rows(&f), rows(&KpiFacts::build(&ws)));
        let _ = lead;
        ws.remove(crate::domain::Kind::Activity, &acts[2].id);
        f.refresh(&ws);
        assert_eq!(f.activities.len(), ws.activities.len());
        assert_eq!(rows(&f), rows(&KpiFacts::build(&ws)));
        // An id of another form (imported): the rows are read again, still right.
        let mut odd = acts[0].clone();
        odd.id = Id::from_string("imported-7");
        ws.put(odd.into());
        f.refresh(&ws);
        assert_eq!(rows(&f), rows(&KpiFacts::build(&ws)));
        let mut again = acts[1].clone();
        again.done = !again.done;
        again.done_at = again.done.then_some(now);
        ws.put(again.into());
        f.refresh(&ws);
        assert_eq!(rows(&f), rows(&KpiFacts::build(&ws)));
    }
}
