//! What the KPIs read, in compact arrays: one row per deal, activity, lead and
//! account, ids made small numbers and places (`scope::*_place`) worked out once.
//! At 50,000 deals and 200,000 activities, scanning the records themselves (hash maps
//! of structs full of strings) made a full recompute take a quarter of a second; these
//! rows are scanned in a few milliseconds. They are built from the workspace in one
//! pass (`build`) and rebuilt when one of the tables they read changed
//! (`is_current`), so a page shows them current the next time it asks.

use super::StageInfo;
use crate::analytics::deal_index::Interner;
use crate::analytics::scope::{deal_place, rules, Matcher, Place, Scope};
use crate::domain::deal_log::{as_of, DealState, FieldChange};
use crate::domain::time::local_day;
use crate::domain::workspace::Stamp;
use crate::domain::{ActivityKind, Currency, Date, Deal, Id, Workspace};
use rustc_hash::FxHashMap;

/// No account, no lead.
pub const NONE: u32 = u32::MAX;

#[derive(Clone, Debug, PartialEq)]
pub struct DealFact {
    pub place: Place<u32>,
    pub stage: u32,
    pub currency: u32,
    pub account: u32,
    pub amount: Option<i64>,
    pub mrr: Option<i64>,
    pub created: Date,
    pub closed: Option<Date>,
    pub expected: Option<Date>,
    /// Its stage history: `history[from..to]`.
    pub history: (u32, u32),
    /// The last day a logged change or a stage move happened: the deal as of any
    /// later day is the deal as it is.
    pub last_change: Date,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityFact {
    pub place: Place<u32>,
    pub kind: ActivityKind,
    /// The day it was completed, if it was.
    pub done: Option<Date>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadFact {
    pub place: Place<u32>,
    pub created: Date,
    pub became_deal: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AccountFact {
    pub place: Place<u32>,
    /// When it was a customer (see `customers::customer_spans`).
    pub spans: Vec<(Date, Option<Date>)>,
}

#[derive(Debug, Default)]
pub struct KpiFacts {
    read: Vec<Stamp>,
    /// Reps, pipelines and territories share one numbering (they are all ids).
    pub keys: Interner<Id>,
    pub stages: Interner<Id>,
    pub currencies: Interner<Currency>,
    pub accounts: Interner<Id>,
    /// By stage number.
    pub stage_info: Vec<Option<StageInfo>>,
    pub deals: Vec<DealFact>,
    pub deal_ids: Vec<Id>,
    /// (stage number, day entered), every deal's history one after another.
    pub history: Vec<(u32, Date)>,
    pub activities: Vec<ActivityFact>,
    pub leads: Vec<LeadFact>,
    /// Each rep's territory, by key (for places of past owners).
    pub rep_territory: Vec<Option<u32>>,
    /// By account number.
    pub account_facts: Vec<AccountFact>,
}

/// The stamps of the tables the facts read.
fn stamps(ws: &Workspace) -> Vec<Stamp> {
    vec![
        ws.deals.stamp(),
        ws.activities.stamp(),
        ws.leads.stamp(),
        ws.accounts.stamp(),
        ws.pipelines.stamp(),
        ws.reps.stamp(),
        ws.territories.stamp(),
    ]
}

impl KpiFacts {
    pub fn build(ws: &Workspace) -> KpiFacts {
        let mut f = KpiFacts {
            read: stamps(ws),
            ..Default::default()
        };
        // Each rep's territory, by key.
        let mut rep_territory: Vec<Option<u32>> = Vec::new();
        for r in ws.reps.values() {
            let k = f.keys.intern(&r.id) as usize;
            let t = r.territory_id.as_ref().map(|t| f.keys.intern(t));
            if rep_territory.len() <= k {
                rep_territory.resize(k + 1, None);
            }
            rep_territory[k] = t;
        }
        let territory_of = |owner: Option<u32>| {
            owner.and_then(|o| rep_territory.get(o as usize).copied().flatten())
        };
        for p in ws.pipelines.values() {
            for (order, s) in p.stages.iter().enumerate() {
                let n = f.stages.intern(&s.id) as usize;
                if f.stage_info.len() <= n {
                    f.stage_info.resize(n + 1, None);
                }
                f.stage_info[n] = Some(StageInfo {
                    kind: s.kind,
                    probability: s.probability,
                    order,
                });
            }
        }
        // Accounts first, so an account's number is its row in `account_facts`.
        for a in ws.accounts.values() {
            f.accounts.intern(&a.id);
            let owner = a.owner_id.as_ref().map(|o| f.keys.intern(o));
            let territory = a.territory_id.as_ref().map(|t| f.keys.intern(t));
            let place = rules::account(owner, territory, a.segment, || {
                a.territory_id
                    .as_ref()
                    .and_then(|t| ws.territories.get(t))
                    .and_then(|t| t.segment)
            });
            f.account_facts.push(AccountFact {
                place,
                spans: super::customers::customer_spans(a),
            });
        }
        let mut sources: FxHashMap<&Id, ()> = FxHashMap::default();
        let mut slots: FxHashMap<&Id, u32> = FxHashMap::default();
        slots.reserve(ws.deals.len());
        f.deals.reserve(ws.deals.len());
        for d in ws.deals.values() {
            if let Some(l) = &d.source_lead_id {
                sources.insert(l, ());
            }
            slots.insert(&d.id, f.deals.len() as u32);
            let fact = f.deal_fact(d, &territory_of);
            f.deals.push(fact);
            f.deal_ids.push(d.id.clone());
        }
        f.activities.reserve(ws.activities.len());
        for a in ws.activities.values() {
            let owner = a.owner_id.as_ref().map(|o| f.keys.intern(o));
            let within = match a.deal_id.as_ref().and_then(|d| slots.get(d)) {
                Some(&slot) => Some(f.deals[slot as usize].place),
                None => a
                    .account_id
                    .as_ref()
                    .and_then(|id| f.accounts.get(id))
                    .and_then(|n| f.account_facts.get(n as usize))
                    .map(|acc| acc.place),
            };
            f.activities.push(ActivityFact {
                place: rules::activity(owner, within, || territory_of(owner)),
                kind: a.kind,
                done: a.done.then_some(a.done_at).flatten().map(local_day),
            });
        }
        for l in ws.leads.values() {
            let owner = l.owner_id.as_ref().map(|o| f.keys.intern(o));
            let converted = l.conversion.as_ref().is_some_and(|c| c.deal_id.is_some());
            f.leads.push(LeadFact {
                place: rules::lead(owner, || territory_of(owner)),
                created: local_day(l.created_at),
                became_deal: converted || sources.contains_key(&l.id),
            });
        }
        f.rep_territory = rep_territory;
        f
    }

    /// Whether nothing the facts read changed since they were built.
    pub fn is_current(&self, ws: &Workspace) -> bool {
        self.read == stamps(ws)
    }

    fn deal_fact(
        &mut self,
        d: &Deal,
        territory_of: &dyn Fn(Option<u32>) -> Option<u32>,
    ) -> DealFact {
        let owner = d.owner_id.as_ref().map(|o| self.keys.intern(o));
        let pipeline = self.keys.intern(&d.pipeline_id);
        let account = d.account_id.as_ref().map(|a| self.accounts.intern(a));
        let account_place = account
            .and_then(|n| self.account_facts.get(n as usize))
            .map(|a| a.place);
        let place = rules::deal(owner, pipeline, account_place.as_ref(), || {
            territory_of(owner)
        });
        let from = self.history.len() as u32;
        let mut last_change = local_day(d.created_at);
        for h in &d.stage_history {
            let day = local_day(h.at);
            last_change = last_change.max(day);
            let stage = self.stages.intern(&h.stage_id);
            self.history.push((stage, day));
        }
        for c in &d.change_log {
            last_change = last_change.max(local_day(c.at));
            // What an as-of replay can meet must have a number too.
            match &c.field {
                FieldChange::Currency(a, b) => {
                    self.currencies.intern(a);
                    self.currencies.intern(b);
                }
                FieldChange::Owner(a, b) => {
                    for o in [a, b].into_iter().flatten() {
                        self.keys.intern(o);
                    }
                }
                FieldChange::Pipeline(a, b) => {
                    self.keys.intern(a);
                    self.keys.intern(b);
                }
                _ => {}
            }
        }
        DealFact {
            place,
            stage: self.stages.intern(&d.stage_id),
            currency: self.currencies.intern(&d.currency),
            account: account.unwrap_or(NONE),
            amount: d.amount,
            mrr: d.mrr,
            created: local_day(d.created_at),
            closed: d.closed_on,
            expected: d.expected_close,
            history: (from, self.history.len() as u32),
            last_change,
        }
    }

    pub fn stage(&self, n: u32) -> Option<&StageInfo> {
        self.stage_info.get(n as usize).and_then(Option::as_ref)
    }

    pub fn currency(&self, n: u32) -> &Currency {
        self.currencies.key(n)
    }

    pub fn history(&self, d: &DealFact) -> &[(u32, Date)] {
        &self.history[d.history.0 as usize..d.history.1 as usize]
    }

    /// The scope as a matcher of these facts' places.
    pub fn matcher(&self, scope: &Scope, ws: &Workspace) -> Matcher<u32> {
        scope.matcher(ws, |id| self.keys.get(id))
    }

    /// A deal as it stood at the end of `day`: its place, stage, amount, currency and
    /// expected close then. Read from the facts when nothing changed after `day`,
    /// otherwise replayed from its change log (`as_of`). `None` before it existed.
    pub fn deal_on(&self, ws: &Workspace, slot: usize, day: Date) -> Option<DealThen> {
        let f = &self.deals[slot];
        if f.created > day {
            return None;
        }
        if f.last_change <= day {
            return Some(DealThen {
                place: f.place,
                stage: Some(f.stage),
                amount: f.amount,
                currency: Some(f.currency),
                expected: f.expected,
                closed: f.closed,
            });
        }
        let d = ws.deals.get(&self.deal_ids[slot])?;
        let s: DealState = as_of(d, day)?;
        Some(DealThen {
            place: deal_place(ws, d, s.owner_id).map(|id| self.keys.get(id)),
            stage: self.stages.get(s.stage_id),
            amount: s.amount,
            currency: self.currencies.get(s.currency),
            expected: s.expected_close,
            closed: s.closed_on,
        })
    }
}

/// A deal on some day, in the facts' numbers (`None` where a number is unknown to
/// them: a stage since deleted, a currency no deal has now).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DealThen {
    pub place: Place<u32>,
    pub stage: Option<u32>,
    pub amount: Option<i64>,
    pub currency: Option<u32>,
    pub expected: Option<Date>,
    pub closed: Option<Date>,
}
