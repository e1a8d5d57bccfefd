//! Every method's number for one period, one scope and one day: the deals as they
//! stood at the end of that day (`cut`, through the KPI facts' replay), the model
//! learned from what had closed by then, and the trend fitted on the months finished
//! by then. The same code answers "what does each method say now" (cut = today) and
//! "what would it have said" in the backtest (cut = the day before an as-of date), so
//! the backtest measures exactly what the page shows.

use super::facts::ForecastFacts;
use super::model::{is_stale, Group, Model, When, WinChance};
use super::trend::TrendFit;
use super::Method;
use crate::analytics::kpi::facts::KpiFacts;
use crate::analytics::period::Period;
use crate::analytics::scope::{Matcher, Place};
use crate::domain::{Date, ForecastCategory, Rates, StageKind, Workspace};
use chrono::{Datelike, Days, NaiveDate};
use rustc_hash::FxHashMap;

/// What the forecasts read.
pub struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub facts: &'a KpiFacts,
    pub ff: &'a ForecastFacts,
    pub rates: &'a Rates,
}

impl Ctx<'_> {
    /// One whole unit of the home currency, in minor units.
    pub fn unit(&self) -> i64 {
        10i64.pow(self.rates.home().minor_digits())
    }
}

/// A deal at the end of the cut day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DealAt {
    pub slot: u32,
    pub stage: u32,
    pub kind: StageKind,
    pub place: Place<u32>,
    /// In minor units of the home currency: open deals at the cut day's rate, closed
    /// ones at their close day's; `None` without an amount or a rate (`no_rate`).
    pub amount: Option<i64>,
    pub no_rate: bool,
    pub expected: Option<Date>,
    pub closed: Option<Date>,
    /// The category then (the override, else the stage's).
    pub category: ForecastCategory,
    /// The day it entered the stage it was in.
    pub entered: Date,
    pub created: Date,
}

/// Every deal that existed at the end of `cut`, as it stood then.
pub fn states_at(ctx: &Ctx, cut: Date) -> Vec<DealAt> {
    ctx.facts
        .live_deals()
        .filter_map(|(slot, _)| deal_at(ctx, slot, cut).map(|(d, _)| d))
        .collect()
}

/// Deal `slot` as it stood at the end of `cut` (`None` before it was created), and
/// whether its amount was read at the cut's rate (open, in another currency).
fn deal_at(ctx: &Ctx, slot: usize, cut: Date) -> Option<(DealAt, bool)> {
    let f = ctx.facts;
    let row = &f.deals[slot];
    let t = f.deal_on(slot, cut)?;
    let kind = ctx.ff.kind(t.stage);
    let home = Some(t.currency) == f.currencies.get(&ctx.rates.home());
    let at_rate = kind == StageKind::Open && t.amount.is_some() && !home;
    let (amount, no_rate) = match t.amount {
        None => (None, false),
        Some(a) if home => (Some(a), false),
        Some(a) => {
            let on = match kind {
                StageKind::Open => cut,
                _ => t.closed.unwrap_or(cut),
            };
            match ctx.rates.to_home(a, f.currency(t.currency), on) {
                Some(h) => (Some(h), false),
                None => (None, true),
            }
        }
    };
    let category = ctx.ff.category_on(slot, cut).unwrap_or_else(|| {
        ctx.ff
            .stage(t.stage)
            .map_or(ForecastCategory::Pipeline, |s| s.category)
    });
    let entered = row
        .history
        .iter()
        .rev()
        .find(|(s, on)| *s == t.stage && *on <= cut)
        .map_or(row.created, |(_, on)| *on);
    let d = DealAt {
        slot: slot as u32,
        stage: t.stage,
        kind,
        place: t.place,
        amount,
        no_rate,
        expected: t.expected,
        closed: t.closed,
        category,
        entered,
        created: row.created,
    };
    Some((d, at_rate))
}

/// The deals as of one day after another (`states_at` for each), each day worked out
/// from the one before: a deal's state at the end of a day changes only on a day it
/// was created, had a logged change, a stage move or a category change, so moving
/// from day `A` to a later day `B` reads again only the deals with such a day in
/// `(A, B]` (found in one list of every deal's days, sorted), plus the open deals in
/// another currency than the home one (converted at each day's rate), and writes them
/// in place in the list it keeps. A backtest's week-to-week steps cost what changed
/// in the week, not a replay and a copy of every deal. An earlier day than the last
/// starts over.
#[derive(Debug, Default)]
pub struct Sweep {
    /// (day, slot): every day a deal's state may change on, in day order.
    events: Vec<(Date, u32)>,
    /// By slot: its place in `out` (`NOT_YET` before it was created).
    index: Vec<u32>,
    /// Slots whose state is read at the day's rate.
    volatile: Vec<u32>,
    /// By slot: the step that last read it again.
    mark: Vec<u32>,
    step: u32,
    at: Option<Date>,
    /// The first event after `at`.
    next: usize,
    /// The deals as of `at` (those `states_at` gives, perhaps in another order).
    out: Vec<DealAt>,
}

const NOT_YET: u32 = u32::MAX;

impl Sweep {
    fn events(ctx: &Ctx) -> Vec<(Date, u32)> {
        let mut ev = Vec::new();
        for (slot, row) in ctx.facts.live_deals() {
            let s = slot as u32;
            ev.push((row.created, s));
            ev.extend(row.log.iter().map(|(day, _)| (*day, s)));
            ev.extend(row.history.iter().map(|(_, day)| (*day, s)));
            ev.extend(
                ctx.ff.deals[slot]
                    .category_log
                    .iter()
                    .map(|(day, _)| (*day, s)),
            );
        }
        ev.sort_unstable();
        ev.dedup();
        ev
    }

    /// Every deal as it stood at the end of `cut`: `states_at(ctx, cut)`, in slot order
    /// on the first day and after starting over, deals created later after them.
    pub fn states(&mut self, ctx: &Ctx, cut: Date) -> &[DealAt] {
        let n = ctx.facts.deals.len();
        if self.at.is_none() {
            self.events = Sweep::events(ctx);
        }
        let forward = self.at.is_some_and(|at| at <= cut) && self.index.len() == n;
        if !forward {
            self.index = vec![NOT_YET; n];
            self.mark = vec![0; n];
            self.volatile.clear();
            self.out.clear();
            for (slot, _) in ctx.facts.live_deals() {
                if let Some((d, v)) = deal_at(ctx, slot, cut) {
                    if v {
                        self.volatile.push(slot as u32);
                    }
                    self.out.push(d);
                }
            }
            for (i, d) in self.out.iter().enumerate() {
                self.index[d.slot as usize] = i as u32;
            }
            self.next = self.events.partition_point(|(day, _)| *day <= cut);
        } else {
            self.step += 1;
            let step = self.step;
            let mut again = std::mem::take(&mut self.volatile);
            for v in &again {
                self.mark[*v as usize] = step;
            }
            while let Some(&(day, slot)) = self.events.get(self.next) {
                if day > cut {
                    break;
                }
                self.next += 1;
                if self.mark[slot as usize] != step {
                    self.mark[slot as usize] = step;
                    again.push(slot);
                }
            }
            // Deals created since are appended: the list is in slot order on the first
            // day, then in the order deals appeared (what it holds is `states_at`'s).
            for slot in again.drain(..) {
                let Some((d, v)) = deal_at(ctx, slot as usize, cut) else {
                    continue;
                };
                if v {
                    self.volatile.push(slot);
                }
                match self.index[slot as usize] {
                    NOT_YET => {
                        self.index[slot as usize] = self.out.len() as u32;
                        self.out.push(d);
                    }
                    i => self.out[i as usize] = d,
                }
            }
        }
        self.at = Some(cut);
        &self.out
    }
}

/// The numbers of one scope (or one rep in it), in minor units of the home currency.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Numbers {
    /// Won in the period by the cut.
    pub closed: f64,
    pub closed_n: usize,
    /// Won so far in the month that was not over at the cut (the trend's start).
    pub closed_open_month: f64,
    /// Open deals expected in the period, by category then (omitted never counts).
    pub commit: f64,
    pub best_case: f64,
    pub pipeline: f64,
    pub open_n: usize,
    /// Σ a·p over open deals expected in the period (stage probabilities) and its
    /// variance Σ a²p(1 − p).
    pub weighted: f64,
    pub weighted_var: f64,
    /// Σ a·π over every open deal (π: the model's chance it is won in the period).
    pub model: f64,
    pub model_var: f64,
    /// Deals not yet created that will be won in the period (last year's run rate).
    pub fresh: f64,
    pub fresh_var: f64,
    /// The trend: (forecast, P10, P90).
    pub trend: Option<(f64, f64, f64)>,
    /// Deals left out because their amount has no rate.
    pub left_out: usize,
}

impl Numbers {
    fn add(&mut self, o: &Numbers) {
        self.closed += o.closed;
        self.closed_n += o.closed_n;
        self.closed_open_month += o.closed_open_month;
        self.commit += o.commit;
        self.best_case += o.best_case;
        self.pipeline += o.pipeline;
        self.open_n += o.open_n;
        self.weighted += o.weighted;
        self.weighted_var += o.weighted_var;
        self.model += o.model;
        self.model_var += o.model_var;
        self.left_out += o.left_out;
    }

    /// What `m` says for the whole period.
    pub fn method(&self, m: Method) -> Option<f64> {
        Some(match m {
            Method::Commit => self.closed + self.commit,
            Method::BestCase => self.closed + self.commit + self.best_case,
            Method::Weighted => self.closed + self.weighted,
            Method::Historical => self.closed + self.model + self.fresh,
            Method::Trend => self.trend?.0,
        })
    }

    /// P10 and P90 where the method has them.
    pub fn band(&self, m: Method) -> Option<(f64, f64)> {
        use super::stats::band;
        match m {
            Method::Weighted => Some(band(
                self.closed + self.weighted,
                self.weighted_var,
                self.closed,
            )),
            Method::Historical => Some(band(
                self.closed + self.model + self.fresh,
                self.model_var + self.fresh_var,
                self.closed,
            )),
            Method::Trend => self.trend.map(|t| (t.1, t.2)),
            Method::Commit | Method::BestCase => None,
        }
    }
}

/// One open deal's forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct DealForecast {
    pub at: DealAt,
    /// The stage's set probability.
    pub p0: f64,
    pub win: WinChance,
    pub when: When,
    /// The chance it is won in the period: win.p × when.q.
    pub pi: f64,
    pub in_period: bool,
}

/// The part of a period after the cut: days `a..=b` after it (`None` when the period
/// is over by then).
pub fn window(period: &Period, cut: Date) -> Option<(i64, i64)> {
    let start = period.start().max(cut + Days::new(1));
    (start <= period.end()).then(|| {
        (
            (start - cut).num_days(),
            (period.end().min(NaiveDate::MAX) - cut).num_days(),
        )
    })
}

/// What `compute` gives back.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub team: Numbers,
    /// Per owner in scope (the KPI facts' key; `model::NO_OWNER` for none), by key.
    pub by_owner: Vec<(u32, Numbers)>,
    /// The open deals in scope, when asked for.
    pub deals: Vec<DealForecast>,
}

/// Options of `compute`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ask {
    pub per_owner: bool,
    pub deals: bool,
}

/// The first day of the month after the cut's last complete month: the month that
/// was not over at the cut.
fn open_month_start(cut: Date) -> Date {
    let next = cut + Days::new(1);
    NaiveDate::from_ymd_opt(next.year(), next.month(), 1).expect("a month's first day")
}

/// A month as a number (year·12 + month − 1).
pub fn month_number(d: Date) -> i32 {
    d.year() * 12 + d.month0() as i32
}

pub fn month_start(n: i32) -> Date {
    NaiveDate::from_ymd_opt(n.div_euclid(12), n.rem_euclid(12) as u32 + 1, 1)
        .expect("a month's first day")
}

/// Every method for `period` in scope `m` at the end of `cut` (the trend is added by
/// `add_trend`).
pub fn compute(
    ctx: &Ctx,
    model: &Model,
    states: &[DealAt],
    cut: Date,
    period: &Period,
    m: &Matcher<u32>,
    ask: Ask,
) -> Outcome {
    let mut by_owner: FxHashMap<u32, Numbers> = FxHashMap::default();
    let mut deals = Vec::new();
    let win = window(period, cut);
    let open_month = open_month_start(cut);
    let unit = ctx.unit();
    let upto = cut.min(period.end());
    for st in states {
        if !m.holds(&st.place) {
            continue;
        }
        let owner = st.place.owner.unwrap_or(super::model::NO_OWNER);
        let n = by_owner.entry(owner).or_default();
        if st.no_rate {
            n.left_out += 1;
        }
        match st.kind {
            StageKind::Won => {
                let (Some(c), Some(a)) = (st.closed, st.amount) else {
                    continue;
                };
                if c >= period.start() && c <= upto {
                    n.closed += a as f64;
                    n.closed_n += 1;
                    if c >= open_month {
                        n.closed_open_month += a as f64;
                    }
                }
            }
            StageKind::Lost => {}
            StageKind::Open => {
                if st.category == ForecastCategory::Omitted {
                    continue;
                }
                let Some(meta) = ctx.ff.stage(st.stage) else {
                    continue;
                };
                let a = st.amount.unwrap_or(0) as f64;
                let in_period = st.expected.is_some_and(|e| period.contains(e));
                if in_period {
                    n.open_n += 1;
                    match st.category {
                        ForecastCategory::Commit => n.commit += a,
                        ForecastCategory::BestCase => n.best_case += a,
                        _ => n.pipeline += a,
                    }
                    let p = meta.probability;
                    n.weighted += a * p;
                    n.weighted_var += a * a * p * (1.0 - p);
                }
                let Some((wa, wb)) = win else {
                    continue;
                };
                if st.amount.is_none() && !ask.deals {
                    continue;
                }
                let group = Group::of(st.place.segment, st.amount, unit);
                let chance = model.win_chance(
                    meta,
                    st.stage,
                    group,
                    st.place.owner,
                    is_stale(st.expected, cut),
                );
                let when = model.timing(
                    meta.pipeline,
                    st.stage,
                    st.place.owner,
                    st.expected,
                    st.entered,
                    wa,
                    wb,
                );
                let pi = (chance.p * when.q).clamp(0.0, 1.0);
                n.model += a * pi;
                n.model_var += a * a * pi * (1.0 - pi);
                if ask.deals {
                    deals.push(DealForecast {
                        at: *st,
                        p0: meta.probability,
                        win: chance,
                        when,
                        pi,
                        in_period,
                    });
                }
            }
        }
    }
    let mut team = Numbers::default();
    let mut owners: Vec<(u32, Numbers)> = by_owner.into_iter().collect();
    owners.sort_by_key(|(k, _)| *k);
    for (_, n) in &owners {
        team.add(n);
    }
    if let Some((a, b)) = win {
        let fresh = fresh_business(ctx, states, cut, a, b, m, ask.per_owner);
        team.fresh = fresh.team.0;
        team.fresh_var = fresh.team.1;
        for (k, n) in owners.iter_mut() {
            if let Some((mean, var)) = fresh.by_owner.get(k) {
                n.fresh = *mean;
                n.fresh_var = *var;
            }
        }
    }
    Outcome {
        team,
        by_owner: if ask.per_owner { owners } else { Vec::new() },
        deals,
    }
}

/// The run rate of deals created and won within a window: (mean, variance).
pub struct Fresh {
    pub team: (f64, f64),
    pub by_owner: FxHashMap<u32, (f64, f64)>,
    /// The windows averaged over.
    pub windows: usize,
}

/// The days `t` whose windows `t + a ..= t + b` are like the cut's: the same point of
/// the quarter (± a week) in each of the last four quarters that are over by the cut.
pub fn like_days(cut: Date, b: i64, first: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let latest = cut - Days::new(b as u64);
    let mut quarters = 0;
    for k in 1..=16u32 {
        let centre = cut - chrono::Months::new(3 * k);
        let mut any = false;
        for o in -7i64..=7 {
            let t = centre + chrono::Duration::days(o);
            if t <= latest && t >= first {
                out.push(t);
                any = true;
            }
        }
        if any {
            quarters += 1;
            if quarters == 4 {
                break;
            }
        }
    }
    out.sort_unstable();
    out
}

/// Deals not created yet at the cut that will be won in days `a..=b` after it,
/// estimated from windows of the same shape at the same point of the last four
/// quarters (`like_days`): for each day `t`, the won amount of deals created after `t`
/// and won in `t + a ..= t + b`; their mean, and their variance as the uncertainty.
pub fn fresh_business(
    ctx: &Ctx,
    states: &[DealAt],
    cut: Date,
    a: i64,
    b: i64,
    m: &Matcher<u32>,
    per_owner: bool,
) -> Fresh {
    let empty = Fresh {
        team: (0.0, 0.0),
        by_owner: FxHashMap::default(),
        windows: 0,
    };
    let Some(first) = ctx.ff.first_day else {
        return empty;
    };
    let days = like_days(cut, b, first + Days::new(30));
    let (Some(&t0), Some(&t1)) = (days.first(), days.last()) else {
        return empty;
    };
    let w = (t1 - t0).num_days() as usize + 1;
    let picks: Vec<usize> = days.iter().map(|t| (*t - t0).num_days() as usize).collect();
    let mut team = vec![0.0f64; w + 1];
    let mut owners: FxHashMap<u32, Vec<f64>> = FxHashMap::default();
    for st in states {
        let (StageKind::Won, Some(c), Some(amount)) = (st.kind, st.closed, st.amount) else {
            continue;
        };
        if c > cut || !m.holds(&st.place) {
            continue;
        }
        let lo = (c - Days::new(b as u64)).max(t0);
        let hi = (c - Days::new(a as u64))
            .min(st.created - Days::new(1))
            .min(t1);
        if lo > hi {
            continue;
        }
        let (i, j) = (
            (lo - t0).num_days() as usize,
            (hi - t0).num_days() as usize + 1,
        );
        let v = amount as f64;
        team[i] += v;
        team[j] -= v;
        if per_owner {
            let o = owners
                .entry(st.place.owner.unwrap_or(super::model::NO_OWNER))
                .or_insert_with(|| vec![0.0; w + 1]);
            o[i] += v;
            o[j] -= v;
        }
    }
    let stats = |diff: &[f64]| {
        let mut s = 0.0;
        let sums: Vec<f64> = diff[..w]
            .iter()
            .map(|d| {
                s += d;
                s
            })
            .collect();
        let n = picks.len() as f64;
        let mean = picks.iter().map(|i| sums[*i]).sum::<f64>() / n;
        let var = picks
            .iter()
            .map(|i| (sums[*i] - mean) * (sums[*i] - mean))
            .sum::<f64>()
            / n;
        (mean, var)
    };
    Fresh {
        team: stats(&team),
        by_owner: owners.iter().map(|(k, v)| (*k, stats(v))).collect(),
        windows: picks.len(),
    }
}

/// Monthly won amounts as known at the cut: months from the first whole month of the
/// history to the last month over by the cut, for the scope and per owner.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Monthly {
    /// The month number of the first value.
    pub first: i32,
    /// The last month over by the cut.
    pub last: i32,
    pub team: Vec<f64>,
    pub by_owner: FxHashMap<u32, Vec<f64>>,
}

pub fn monthly(ctx: &Ctx, states: &[DealAt], cut: Date, m: &Matcher<u32>) -> Monthly {
    let last = month_number(open_month_start(cut)) - 1;
    let Some(first_day) = ctx.ff.first_day else {
        return Monthly {
            first: last + 1,
            last,
            ..Monthly::default()
        };
    };
    let first = month_number(first_day) + i32::from(first_day.day() > 1);
    let len = (last - first + 1).max(0) as usize;
    let mut out = Monthly {
        first,
        last,
        team: vec![0.0; len],
        by_owner: FxHashMap::default(),
    };
    for st in states {
        let (StageKind::Won, Some(c), Some(a)) = (st.kind, st.closed, st.amount) else {
            continue;
        };
        let i = month_number(c) - first;
        if i < 0 || i as usize >= len || c > cut || !m.holds(&st.place) {
            continue;
        }
        out.team[i as usize] += a as f64;
        out.by_owner
            .entry(st.place.owner.unwrap_or(super::model::NO_OWNER))
            .or_insert_with(|| vec![0.0; len])[i as usize] += a as f64;
    }
    out
}

/// A series without its leading months of nothing (before the scope sold anything).
pub fn trimmed(series: &[f64]) -> &[f64] {
    let start = series
        .iter()
        .position(|v| *v != 0.0)
        .unwrap_or(series.len());
    &series[start..]
}

/// The trend for `period` from a fit whose last month is `last` (a month number):
/// what is won in the period plus the projection of its months not over at the cut
/// (or what is already won in the month under way, if more), with P10–P90.
pub fn trend_numbers(
    fit: Option<&TrendFit>,
    last: i32,
    period: &Period,
    numbers: &Numbers,
) -> Option<(f64, f64, f64)> {
    let known = numbers.closed - numbers.closed_open_month;
    let mut months: Vec<(usize, f64)> = Vec::new();
    let (from, to) = if period.is_all_time() {
        return None;
    } else {
        (month_number(period.start()), month_number(period.end()))
    };
    for n in from.max(last + 1)..=to {
        let ms = month_start(n);
        let me = month_start(n + 1) - Days::new(1);
        let s = ms.max(period.start());
        let e = me.min(period.end());
        let share = ((e - s).num_days() + 1) as f64 / ((me - ms).num_days() + 1) as f64;
        months.push(((n - last) as usize, share));
    }
    if months.is_empty() {
        return Some((numbers.closed, numbers.closed, numbers.closed));
    }
    let fit = fit?;
    let (mean, sd) = fit.sum(&months);
    let z = super::stats::Z90;
    let partial = numbers.closed_open_month;
    let at = |x: f64| known + x.max(partial);
    Some((at(mean), at(mean - z * sd), at(mean + z * sd)))
}

/// What really closed: each deal won in `period` (as it is now), with the place it
/// had on the day it was won and its amount in the home currency.
pub fn actuals(ctx: &Ctx, period: &Period) -> Vec<(Place<u32>, f64)> {
    let f = ctx.facts;
    let home = ctx.rates.home();
    let mut out = Vec::new();
    for (slot, d) in f.live_deals() {
        let (Some(c), Some(a)) = (d.closed, d.amount) else {
            continue;
        };
        if !period.contains(c) || ctx.ff.kind(d.stage) != StageKind::Won {
            continue;
        }
        let cur = f.currency(d.currency);
        let Some(h) = (if *cur == home {
            Some(a)
        } else {
            ctx.rates.to_home(a, cur, c)
        }) else {
            continue;
        };
        let place = f.deal_on(slot, c).map_or(d.place, |t| t.place);
        out.push((place, h as f64));
    }
    out
}
