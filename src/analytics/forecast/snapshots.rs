//! Stored forecast snapshots: what every method said, kept as it was said. Once a
//! week (the first time the app is opened in a week, `due`) and on demand, `take`
//! records each method's number for the current and the next month and quarter, for
//! the whole team (`rep_id: None`) and for each rep. When a period is over, `compare`
//! sets every snapshot of it against what closed: error, WMAPE = Σ|F − A| ÷ Σ A and
//! bias = Σ(F − A) ÷ Σ A per method and per rep. Unlike the backtest nothing is
//! replayed: these are the numbers the page showed then.
//!
//! A snapshot's id is made from its day, period, rep and method, so taking one twice
//! on a day (two tabs opened together, the button pressed again) replaces that day's
//! instead of doubling it.

use super::engine::{compute, month_number, monthly, states_at, trend_numbers, trimmed, Ask, Ctx};
use super::model::{Model, NO_OWNER};
use super::stats::ErrorSum;
use super::trend::fit;
use super::Method;
use crate::analytics::period::{Period, PeriodKind};
use crate::analytics::scope::Scope;
use crate::domain::{Date, ForecastSnapshot, Id, Timestamp};
use chrono::{Datelike, Days};
use rustc_hash::FxHashMap;

/// The kinds of period a snapshot covers (the current and the next of each).
pub const KINDS: [PeriodKind; 2] = [PeriodKind::Month, PeriodKind::Quarter];

/// Whether the weekly snapshot is still to be taken: no snapshot was taken in the
/// week (Monday to Sunday) `today` is in.
pub fn due<'a>(stored: impl IntoIterator<Item = &'a ForecastSnapshot>, today: Date) -> bool {
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    !stored
        .into_iter()
        .any(|s| s.taken_on >= monday && s.taken_on <= today)
}

/// The period a snapshot is about, when it is a whole month or quarter.
pub fn period_of(s: &ForecastSnapshot, fiscal_start_month: u32) -> Option<Period> {
    [
        Period::month_of(s.period_start, fiscal_start_month),
        Period::quarter_of(s.period_start, fiscal_start_month),
    ]
    .into_iter()
    .find(|p| p.start() == s.period_start && p.end() == s.period_end)
}

fn snapshot_id(taken_on: Date, p: &Period, rep: Option<&Id>, m: Method) -> Id {
    let kind = if p.kind == PeriodKind::Quarter {
        "q"
    } else {
        "m"
    };
    let who = rep.map_or_else(|| "team".to_string(), |r| r.to_string());
    Id::from_string(format!(
        "fs:{taken_on}:{kind}{}:{who}:{}",
        p.start(),
        m.key()
    ))
}

/// Every method's number, as of the end of `today`, for the current and the next
/// month and quarter, for the team and each rep who has deals; each with its P10–P90
/// where the method has one. Amounts in minor units of the home currency.
pub fn take(ctx: &Ctx, today: Date, now: Timestamp) -> Vec<ForecastSnapshot> {
    let f = ctx.facts;
    let fiscal = ctx.ws.settings.fiscal_year_start_month;
    let m = f.matcher(&Scope::everyone(), ctx.ws);
    let cut = today;
    let states = states_at(ctx, cut);
    let model = Model::train(f, ctx.ff, &states, cut, ctx.unit());
    let series = monthly(ctx, &states, cut, &m);
    let last = month_number(cut + Days::new(1)) - 1;
    let team_fit = fit(trimmed(&series.team));
    let owner_fits: FxHashMap<u32, _> = series
        .by_owner
        .iter()
        .map(|(k, v)| (*k, fit(trimmed(v))))
        .collect();
    let home = ctx.rates.home();
    let mut out = Vec::new();
    for kind in KINDS {
        let current = Period::of_kind(kind, today, fiscal);
        let next = current.next().expect("a month or quarter has a next");
        for p in [current, next] {
            let o = compute(
                ctx,
                &model,
                &states,
                cut,
                &p,
                &m,
                Ask {
                    per_owner: true,
                    deals: false,
                },
            );
            let mut rows = vec![(None, o.team, team_fit.as_ref())];
            for (k, n) in o.by_owner {
                if k == NO_OWNER || (k as usize) >= f.keys.len() {
                    continue;
                }
                let id = f.keys.key(k).clone();
                if !ctx.ws.reps.contains(&id) {
                    continue;
                }
                rows.push((Some(id), n, owner_fits.get(&k).and_then(Option::as_ref)));
            }
            for (rep, mut n, tf) in rows {
                n.trend = trend_numbers(tf, last, &p, &n);
                for method in Method::ALL {
                    let Some(v) = n.method(method) else {
                        continue;
                    };
                    let band = n.band(method);
                    out.push(ForecastSnapshot {
                        id: snapshot_id(today, &p, rep.as_ref(), method),
                        taken_on: today,
                        period_start: p.start(),
                        period_end: p.end(),
                        rep_id: rep.clone(),
                        method: method.key().to_string(),
                        amount: v.round() as i64,
                        low: band.map(|b| b.0.round() as i64),
                        high: band.map(|b| b.1.round() as i64),
                        currency: home.clone(),
                        created_at: now,
                        updated_at: now,
                    });
                }
            }
        }
    }
    out
}

/// What closed in a period: for the team, and per rep.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Closed {
    pub team: f64,
    pub by_rep: FxHashMap<Id, f64>,
}

/// What closed in `p` (as known now), by the rep who owned each deal when it was won.
pub fn closed_in(ctx: &Ctx, p: &Period) -> Closed {
    let f = ctx.facts;
    let mut c = Closed::default();
    for (place, a) in super::engine::actuals(ctx, p) {
        c.team += a;
        if let Some(k) = place.owner {
            if (k as usize) < f.keys.len() {
                *c.by_rep.entry(f.keys.key(k).clone()).or_default() += a;
            }
        }
    }
    c
}

/// One period that is over: what closed and each method's first stored forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredPeriod {
    pub period: Period,
    pub actual: f64,
    /// The day of the earliest team snapshot of the period.
    pub first_taken: Date,
    /// Per method (`Method::ALL` order): the earliest team snapshot's number.
    pub first: [Option<f64>; 5],
}

/// The stored snapshots of one kind of period against what closed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredAccuracy {
    /// Team snapshots, per method (`Method::ALL` order), every snapshot of a period
    /// that is over.
    pub methods: [ErrorSum; 5],
    /// The periods that are over and have a team snapshot, oldest first.
    pub periods: Vec<StoredPeriod>,
    /// Per rep (by id, sorted), per method.
    pub reps: Vec<(Id, [ErrorSum; 5])>,
    /// Snapshots of this kind whose period is not over yet (compared once it is).
    pub waiting: usize,
    /// Snapshots stored in a currency other than today's home currency (left out).
    pub other_currency: usize,
}

impl StoredAccuracy {
    pub fn is_empty(&self) -> bool {
        self.periods.is_empty()
    }

    /// The method with the lowest WMAPE over the stored snapshots.
    pub fn best(&self) -> Option<Method> {
        Method::ALL
            .iter()
            .filter_map(|m| self.methods[m.index()].wmape().map(|w| (w, *m)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, m)| m)
    }
}

/// Compares every snapshot of a `kind` of period that ended before `today` (and was
/// taken by its last day) with what closed in it (`closed`, asked once per period).
/// A rep's snapshot is compared with what that rep won; a rep with no snapshot in a
/// period is not counted for it.
pub fn compare<'a>(
    stored: impl IntoIterator<Item = &'a ForecastSnapshot>,
    kind: PeriodKind,
    fiscal_start_month: u32,
    home: &crate::domain::Currency,
    today: Date,
    closed: &mut dyn FnMut(&Period) -> Closed,
) -> StoredAccuracy {
    let mut out = StoredAccuracy::default();
    let mut by_period: FxHashMap<Date, (Period, Vec<&ForecastSnapshot>)> = FxHashMap::default();
    for s in stored {
        let Some(p) = period_of(s, fiscal_start_month).filter(|p| p.kind == kind) else {
            continue;
        };
        if s.taken_on > p.end() {
            continue;
        }
        if &s.currency != home {
            out.other_currency += 1;
            continue;
        }
        if p.end() >= today {
            out.waiting += 1;
            continue;
        }
        by_period
            .entry(p.start())
            .or_insert_with(|| (p, Vec::new()))
            .1
            .push(s);
    }
    let mut periods: Vec<(Period, Vec<&ForecastSnapshot>)> = by_period.into_values().collect();
    periods.sort_by_key(|(p, _)| p.start());
    let mut reps: FxHashMap<Id, [ErrorSum; 5]> = FxHashMap::default();
    for (p, snaps) in periods {
        let actual = closed(&p);
        let mut first: [Option<(Date, f64)>; 5] = [None; 5];
        for s in snaps {
            let Some(m) = Method::from_key(&s.method) else {
                continue;
            };
            let i = m.index();
            let f = s.amount as f64;
            match &s.rep_id {
                None => {
                    out.methods[i].add(f, actual.team);
                    if first[i].is_none_or(|(d, _)| s.taken_on < d) {
                        first[i] = Some((s.taken_on, f));
                    }
                }
                Some(r) => {
                    let a = actual.by_rep.get(r).copied().unwrap_or(0.0);
                    reps.entry(r.clone()).or_default()[i].add(f, a);
                }
            }
        }
        if let Some(taken) = first.iter().flatten().map(|(d, _)| *d).min() {
            out.periods.push(StoredPeriod {
                period: p,
                actual: actual.team,
                first_taken: taken,
                first: first.map(|x| x.map(|(_, f)| f)),
            });
        }
    }
    let mut reps: Vec<(Id, [ErrorSum; 5])> = reps.into_iter().collect();
    reps.sort_by(|a, b| a.0.cmp(&b.0));
    out.reps = reps;
    out
}

/// The kind of period the stored snapshots are compared by for a page showing periods
/// of `kind`: months and quarters are stored; a year has none.
pub fn stored_kind(kind: PeriodKind) -> Option<PeriodKind> {
    match kind {
        PeriodKind::Quarter => Some(PeriodKind::Quarter),
        PeriodKind::Year | PeriodKind::AllTime => None,
        _ => Some(PeriodKind::Month),
    }
}

/// The workspace's stored snapshots of `kind` against what closed, as of `today`.
pub fn accuracy(ctx: &Ctx, kind: PeriodKind, today: Date) -> StoredAccuracy {
    compare(
        ctx.ws.forecast_snapshots.values(),
        kind,
        ctx.ws.settings.fiscal_year_start_month,
        &ctx.rates.home(),
        today,
        &mut |p| closed_in(ctx, p),
    )
}

/// The day of the latest snapshot and how many numbers it stored, if any.
pub fn latest<'a>(stored: impl IntoIterator<Item = &'a ForecastSnapshot>) -> Option<(Date, usize)> {
    let mut out: Option<(Date, usize)> = None;
    for s in stored {
        out = match out {
            Some((d, n)) if d == s.taken_on => Some((d, n + 1)),
            Some((d, n)) if d > s.taken_on => Some((d, n)),
            _ => Some((s.taken_on, 1)),
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::forecast::facts::ForecastFacts;
    use crate::analytics::kpi::facts::KpiFacts;
    use crate::analytics::kpi::fixture::{d, noon, Fx};
    use crate::domain::{Currency, Rates};

    fn snap(
        taken: Date,
        p: &Period,
        rep: Option<&str>,
        m: Method,
        amount: i64,
    ) -> ForecastSnapshot {
        ForecastSnapshot {
            id: snapshot_id(taken, p, rep.map(Id::from_string).as_ref(), m),
            taken_on: taken,
            period_start: p.start(),
            period_end: p.end(),
            rep_id: rep.map(Id::from_string),
            method: m.key().into(),
            amount,
            low: None,
            high: None,
            currency: Currency::new("USD").unwrap(),
            created_at: noon(taken),
            updated_at: noon(taken),
        }
    }

    #[test]
    fn the_weekly_snapshot_is_due_once_a_week() {
        let p = Period::month_of(d(2026, 11, 1), 1);
        // Thursday 19 Nov 2026; its week runs from Monday 16 Nov.
        let thu = d(2026, 11, 19);
        assert!(due(&[], thu), "never taken");
        let last_week = [snap(d(2026, 11, 15), &p, None, Method::Weighted, 1)];
        assert!(due(&last_week, thu), "Sunday before is last week");
        let monday = [snap(d(2026, 11, 16), &p, None, Method::Weighted, 1)];
        assert!(!due(&monday, thu), "taken on Monday of this week");
        assert!(!due(&monday, d(2026, 11, 22)), "still this week on Sunday");
        assert!(due(&monday, d(2026, 11, 23)), "due again next Monday");
        let both = [monday[0].clone(), last_week[0].clone(), monday[0].clone()];
        assert_eq!(latest(&both), Some((d(2026, 11, 16), 2)));
        assert_eq!(latest(&[]), None);
    }

    #[test]
    fn stored_snapshots_against_what_closed_by_hand() {
        let usd = Currency::new("USD").unwrap();
        let oct = Period::month_of(d(2026, 10, 1), 1);
        let nov = Period::month_of(d(2026, 11, 1), 1);
        let q4 = Period::quarter_of(d(2026, 10, 1), 1);
        let snaps = vec![
            // October, team: weighted 120 on 1 Oct, 90 on 8 Oct; commit 70 on 8 Oct.
            snap(d(2026, 10, 1), &oct, None, Method::Weighted, 120),
            snap(d(2026, 10, 8), &oct, None, Method::Weighted, 90),
            snap(d(2026, 10, 8), &oct, None, Method::Commit, 70),
            // Taken for October from September (the "next period" snapshot).
            snap(d(2026, 9, 28), &oct, None, Method::Historical, 110),
            // Ann's: 60 against her 40 won.
            snap(d(2026, 10, 1), &oct, Some("ann"), Method::Weighted, 60),
            // Bob won nothing: his 30 is all error.
            snap(d(2026, 10, 1), &oct, Some("bob"), Method::Weighted, 30),
            // After October was over: not a forecast.
            snap(d(2026, 11, 2), &oct, None, Method::Weighted, 999),
            // November is not over on 20 Nov: waits.
            snap(d(2026, 11, 2), &nov, None, Method::Weighted, 50),
            // A quarter: another kind.
            snap(d(2026, 10, 1), &q4, None, Method::Weighted, 500),
        ];
        let mut asked = Vec::new();
        let mut closed = |p: &Period| {
            asked.push(p.start());
            let mut c = Closed {
                team: 100.0,
                ..Closed::default()
            };
            c.by_rep.insert(Id::from_string("ann"), 40.0);
            c
        };
        let a = compare(
            &snaps,
            PeriodKind::Month,
            1,
            &usd,
            d(2026, 11, 20),
            &mut closed,
        );
        assert_eq!(asked, vec![d(2026, 10, 1)], "asked once per period over");
        assert_eq!(a.waiting, 1);
        let w = a.methods[Method::Weighted.index()];
        // |120 − 100| + |90 − 100| = 30 over 200 closed; bias (20 − 10) ÷ 200.
        assert_eq!(w.n, 2);
        assert_eq!(w.wmape(), Some(30.0 / 200.0));
        assert_eq!(w.bias(), Some(10.0 / 200.0));
        let c = a.methods[Method::Commit.index()];
        assert_eq!((c.wmape(), c.bias()), (Some(0.3), Some(-0.3)));
        assert_eq!(a.methods[Method::Historical.index()].wmape(), Some(0.1));
        assert_eq!(a.methods[Method::Trend.index()].n, 0);
        assert_eq!(a.best(), Some(Method::Historical));
        assert_eq!(a.periods.len(), 1);
        let p = &a.periods[0];
        assert_eq!(
            (p.period, p.actual, p.first_taken),
            (oct, 100.0, d(2026, 9, 28))
        );
        assert_eq!(
            p.first[Method::Weighted.index()],
            Some(120.0),
            "the earliest"
        );
        assert_eq!(p.first[Method::Commit.index()], Some(70.0));
        assert_eq!(p.first[Method::Trend.index()], None);
        let rep = |r: &str| a.reps.iter().find(|x| x.0.as_str() == r).unwrap().1;
        let ann = rep("ann")[Method::Weighted.index()];
        assert_eq!((ann.wmape(), ann.bias()), (Some(0.5), Some(0.5)));
        let bob = rep("bob")[Method::Weighted.index()];
        assert_eq!(
            (bob.n, bob.abs, bob.wmape()),
            (1, 30.0, None),
            "nothing closed: undefined"
        );
        // The chart: October's earliest weighted 120 against 100 closed is 20% off.
        let chart = crate::analytics::charts::accuracy::from_stored(&a, &usd);
        assert_eq!(chart.periods[0].error[Method::Weighted.index()], Some(0.2));
        let c: serde_json::Value = serde_json::from_str(&chart.chart().to_string()).unwrap();
        assert_eq!(
            c["title"][0]["text"],
            crate::analytics::charts::accuracy::STORED_TITLE
        );
        assert_eq!(c["xAxis"]["data"], serde_json::json!(["October 2026"]));
        assert_eq!(c["series"][2]["data"], serde_json::json!([20.0]));
        // Quarters: Q4 2026 is not over on 20 Nov.
        let q = compare(
            &snaps,
            PeriodKind::Quarter,
            1,
            &usd,
            d(2026, 11, 20),
            &mut |_| Closed::default(),
        );
        assert!(q.is_empty());
        assert_eq!(q.waiting, 1);
        let empty = crate::analytics::charts::accuracy::from_stored(&q, &usd).spec();
        assert!(empty.empty.unwrap().contains("take one now"));
        // A snapshot in another currency is left out, and said so.
        let eur = Currency::new("EUR").unwrap();
        let e = compare(
            &snaps,
            PeriodKind::Month,
            1,
            &eur,
            d(2026, 11, 20),
            &mut |_| Closed::default(),
        );
        assert!(e.is_empty());
        assert_eq!(e.other_currency, 7);
    }

    #[test]
    fn a_snapshot_has_every_method_for_the_team_and_each_rep_then_meets_what_closed() {
        let mut fx = Fx::new();
        let ann = fx.rep("Ann", None);
        let bob = fx.rep("Bob", None);
        let june = d(2026, 6, 1);
        // Ann: Proposal 1,000.00 expected 20 June; Bob: Negotiation 500.00 expected
        // 25 June. On 10 June weighted says 600.00 + 400.00.
        let a_deal = fx.deal(
            &ann,
            june,
            &[("Proposal", june)],
            Some(100_000),
            "USD",
            Some(d(2026, 6, 20)),
            None,
        );
        fx.deal(
            &bob,
            june,
            &[("Negotiation", june)],
            Some(50_000),
            "USD",
            Some(d(2026, 6, 25)),
            None,
        );
        let today = d(2026, 6, 10);
        let taken = {
            let ws = &fx.ws;
            let facts = KpiFacts::build(ws);
            let ff = ForecastFacts::build(ws, &facts);
            let rates = Rates::of(ws);
            let ctx = Ctx {
                ws,
                facts: &facts,
                ff: &ff,
                rates: &rates,
            };
            take(&ctx, today, noon(today))
        };
        let june_p = Period::month_of(june, 1);
        let of = |rep: Option<&Id>, m: Method, p: &Period| {
            taken
                .iter()
                .find(|s| {
                    s.rep_id.as_ref() == rep && s.method == m.key() && s.period_start == p.start()
                })
                .map(|s| s.amount)
        };
        assert_eq!(of(None, Method::Weighted, &june_p), Some(100_000));
        assert_eq!(of(Some(&ann), Method::Weighted, &june_p), Some(60_000));
        assert_eq!(of(Some(&bob), Method::Weighted, &june_p), Some(40_000));
        assert_eq!(
            of(Some(&bob), Method::Commit, &june_p),
            Some(50_000),
            "Negotiation is Commit"
        );
        assert_eq!(of(Some(&ann), Method::Commit, &june_p), Some(0));
        let july = june_p.next().unwrap();
        assert_eq!(
            of(None, Method::Weighted, &july),
            Some(0),
            "the next month too"
        );
        let q2 = Period::quarter_of(june, 1);
        assert_eq!(
            of(None, Method::BestCase, &q2),
            Some(150_000),
            "and the quarter"
        );
        assert!(taken.iter().all(|s| s.taken_on == today));
        let w = taken
            .iter()
            .find(|s| s.rep_id.is_none() && s.method == "weighted" && s.period_start == june)
            .unwrap();
        assert!(
            w.low.unwrap() < w.amount && w.amount < w.high.unwrap(),
            "with its band"
        );
        let ids: std::collections::HashSet<&Id> = taken.iter().map(|s| &s.id).collect();
        assert_eq!(
            ids.len(),
            taken.len(),
            "one id per day, period, rep and method"
        );
        assert!(taken.iter().all(|s| Id::problem(&s.id.as_str()).is_none()));
        for s in &taken {
            fx.ws.put(s.clone().into());
        }
        assert!(!due(fx.ws.forecast_snapshots.values(), d(2026, 6, 14)));

        // Ann wins hers on 18 June; Bob's slips. Compared on 1 July.
        let mut deal = fx.ws.deals.get(&a_deal).unwrap().clone();
        deal.stage_id = fx.stage("Won");
        deal.stage_history.push(crate::domain::StageChange {
            stage_id: deal.stage_id.clone(),
            at: noon(d(2026, 6, 18)),
        });
        deal.closed_on = Some(d(2026, 6, 18));
        fx.ws.put(deal.into());
        let ws = &fx.ws;
        let facts = KpiFacts::build(ws);
        let ff = ForecastFacts::build(ws, &facts);
        let rates = Rates::of(ws);
        let ctx = Ctx {
            ws,
            facts: &facts,
            ff: &ff,
            rates: &rates,
        };
        let a = compare(
            ws.forecast_snapshots.values(),
            PeriodKind::Month,
            1,
            &rates.home(),
            d(2026, 7, 1),
            &mut |p| closed_in(&ctx, p),
        );
        assert_eq!(a.periods.len(), 1, "June is over, July is not");
        assert_eq!(a.periods[0].actual, 100_000.0);
        let w = a.methods[Method::Weighted.index()];
        assert_eq!(w.wmape(), Some(0.0), "1,000.00 said, 1,000.00 won");
        let rep = |r: &Id| a.reps.iter().find(|x| &x.0 == r).unwrap().1[Method::Weighted.index()];
        assert_eq!(rep(&ann).bias(), Some(-0.4), "Ann: 600 said, 1,000 won");
        assert_eq!((rep(&bob).abs, rep(&bob).wmape()), (40_000.0, None));
    }
}
