//! The backtest: accuracy without waiting months. For each of the last periods (six
//! months, four quarters or two years, by the kind of period asked about) and as-of
//! dates within them (its first day, then each Monday; each month's first day for a
//! year), every method is asked what it would have said in the morning of that day
//! with only what was known by the end of the day before (`cut`): the deals as they
//! stood then (replayed from the change log), the model learned from the deals closed
//! by then, the trend fitted on the months over by then. Its answer is compared with
//! what really closed in the period (as known now). Nothing decided after the cut is
//! read: a test changes data after an as-of date and checks that date's answers.
//!
//! It runs a point at a time (`Run::step`), so the page can show progress and stay
//! responsive; the points are taken in date order (a trend fitted for a month is
//! reused by later points of the same month).

use super::engine::{actuals, compute, monthly, trend_numbers, trimmed, Ask, Ctx, Sweep};
use super::model::Trainer;
use super::stats::ErrorSum;
use super::trend::{fit, TrendFit};
use super::Method;
use crate::analytics::period::{Period, PeriodKind};
use crate::analytics::scope::{Matcher, Place};
use crate::domain::Date;
use chrono::{Datelike, Days, Weekday};
use rustc_hash::FxHashMap;

/// Which periods and as-of dates to replay.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub kind: PeriodKind,
    /// Each period with the mornings it is forecast on, oldest first.
    pub periods: Vec<(Period, Vec<Date>)>,
}

/// How many past periods of each kind are replayed.
pub fn periods_for(kind: PeriodKind) -> (PeriodKind, usize) {
    match kind {
        PeriodKind::Quarter => (PeriodKind::Quarter, 4),
        PeriodKind::Year => (PeriodKind::Year, 2),
        _ => (PeriodKind::Month, 6),
    }
}

/// The plan for periods of `kind` before the one `today` is in.
pub fn plan(kind: PeriodKind, today: Date, fiscal_start_month: u32) -> Plan {
    let (kind, n) = periods_for(kind);
    let mut p = Period::of_kind(kind, today, fiscal_start_month);
    let mut periods = Vec::new();
    for _ in 0..n {
        p = p.previous().expect("a month, quarter or year has one");
        let mut days = vec![p.start()];
        let mut d = p.start() + Days::new(1);
        while d <= p.end() {
            let take = match kind {
                PeriodKind::Year => d.day() == 1,
                _ => d.weekday() == Weekday::Mon,
            };
            if take {
                days.push(d);
            }
            d = d + Days::new(1);
        }
        periods.push((p, days));
    }
    periods.reverse();
    Plan { kind, periods }
}

/// One as-of point's answers: per method (in `Method::ALL` order).
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub period: usize,
    pub as_of: Date,
    pub team: [Option<f64>; 5],
    pub by_owner: Vec<(u32, [Option<f64>; 5])>,
}

/// A method's accuracy over the points.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodAccuracy {
    pub method: Method,
    /// Every as-of point.
    pub all: ErrorSum,
    /// The periods' first days only.
    pub at_start: ErrorSum,
    /// Whether it answered at every point (only then can it be recommended).
    pub complete: bool,
}

/// A period's actual and what each method said on its first day.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRow {
    pub period: Period,
    pub actual: f64,
    pub at_start: [Option<f64>; 5],
}

/// A rep's accuracy per method (in `Method::ALL` order).
#[derive(Clone, Debug, PartialEq)]
pub struct RepAccuracy {
    pub owner: u32,
    pub methods: [ErrorSum; 5],
}

#[derive(Clone, Debug, PartialEq)]
pub struct Backtest {
    pub kind: PeriodKind,
    pub methods: Vec<MethodAccuracy>,
    pub periods: Vec<PeriodRow>,
    pub reps: Vec<RepAccuracy>,
    pub points: Vec<Point>,
    /// The method with the lowest WMAPE over every point, among those that answered at
    /// each (`None` when nothing closed in the periods replayed).
    pub recommended: Option<Method>,
}

impl Backtest {
    pub fn method(&self, m: Method) -> Option<&MethodAccuracy> {
        self.methods.iter().find(|x| x.method == m)
    }
}

type Fits = (Option<TrendFit>, FxHashMap<u32, Option<TrendFit>>);

/// A backtest under way.
pub struct Run {
    plan: Plan,
    matcher: Matcher<u32>,
    /// (period, as-of) in date order.
    queue: Vec<(usize, Date)>,
    next: usize,
    fits: FxHashMap<i32, Fits>,
    points: Vec<Point>,
    /// The model, carried from one as-of point to the next.
    trainer: Option<Trainer>,
    /// The deals, carried from one as-of point to the next.
    sweep: Sweep,
}

impl Run {
    pub fn new(plan: Plan, matcher: Matcher<u32>) -> Run {
        let mut queue: Vec<(usize, Date)> = plan
            .periods
            .iter()
            .enumerate()
            .flat_map(|(i, (_, days))| days.iter().map(move |d| (i, *d)))
            .collect();
        queue.sort_by_key(|(i, d)| (*d, *i));
        Run {
            plan,
            matcher,
            queue,
            next: 0,
            fits: FxHashMap::default(),
            points: Vec::new(),
            trainer: None,
            sweep: Sweep::default(),
        }
    }

    pub fn total(&self) -> usize {
        self.queue.len()
    }

    pub fn done(&self) -> usize {
        self.next
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.queue.len()
    }

    /// Replays the next as-of point; false when there is none left.
    pub fn step(&mut self, ctx: &Ctx) -> bool {
        let Some(&(pi, as_of)) = self.queue.get(self.next) else {
            return false;
        };
        self.next += 1;
        let cut = as_of - Days::new(1);
        let period = self.plan.periods[pi].0;
        let states = self.sweep.states(ctx, cut);
        let trainer = self
            .trainer
            .get_or_insert_with(|| Trainer::new(ctx.facts, ctx.ff, cut, ctx.unit()));
        let model = trainer.advance(ctx.facts, ctx.ff, states, cut);
        let ask = Ask {
            per_owner: true,
            deals: false,
        };
        let out = compute(ctx, model, states, cut, &period, &self.matcher, ask);
        let mon = super::engine::month_number(cut + Days::new(1)) - 1;
        if !self.fits.contains_key(&mon) {
            let series = monthly(ctx, states, cut, &self.matcher);
            let team = fit(trimmed(&series.team));
            let owners = series
                .by_owner
                .iter()
                .map(|(k, v)| (*k, fit(trimmed(v))))
                .collect();
            self.fits.insert(mon, (team, owners));
        }
        let (team_fit, owner_fits) = &self.fits[&mon];
        let answers = |n: &super::engine::Numbers, f: Option<&TrendFit>| {
            let mut n = n.clone();
            n.trend = trend_numbers(f, mon, &period, &n);
            let mut a = [None; 5];
            for (i, m) in Method::ALL.iter().enumerate() {
                a[i] = n.method(*m);
            }
            a
        };
        let team = answers(&out.team, team_fit.as_ref());
        let by_owner = out
            .by_owner
            .iter()
            .map(|(k, n)| {
                let f = owner_fits.get(k).and_then(Option::as_ref);
                (*k, answers(n, f))
            })
            .collect();
        self.points.push(Point {
            period: pi,
            as_of,
            team,
            by_owner,
        });
        true
    }

    /// Runs every point left.
    pub fn run(&mut self, ctx: &Ctx) {
        while self.step(ctx) {}
    }

    /// The accuracy over the points replayed, against what closed in each period.
    pub fn result(&self, ctx: &Ctx) -> Backtest {
        let owner_of = |p: &Place<u32>| p.owner.unwrap_or(super::model::NO_OWNER);
        let actual: Vec<(f64, FxHashMap<u32, f64>)> = self
            .plan
            .periods
            .iter()
            .map(|(p, _)| {
                let mut team = 0.0;
                let mut by: FxHashMap<u32, f64> = FxHashMap::default();
                for (place, a) in actuals(ctx, p) {
                    if self.matcher.holds(&place) {
                        team += a;
                        *by.entry(owner_of(&place)).or_default() += a;
                    }
                }
                (team, by)
            })
            .collect();
        let mut methods: Vec<MethodAccuracy> = Method::ALL
            .iter()
            .map(|m| MethodAccuracy {
                method: *m,
                all: ErrorSum::default(),
                at_start: ErrorSum::default(),
                complete: !self.points.is_empty(),
            })
            .collect();
        let mut reps: FxHashMap<u32, [ErrorSum; 5]> = FxHashMap::default();
        let mut rows: Vec<PeriodRow> = self
            .plan
            .periods
            .iter()
            .zip(&actual)
            .map(|((p, _), (a, _))| PeriodRow {
                period: *p,
                actual: *a,
                at_start: [None; 5],
            })
            .collect();
        for pt in &self.points {
            let (a, by) = &actual[pt.period];
            let first = self.plan.periods[pt.period].0.start() == pt.as_of;
            for (i, f) in pt.team.iter().enumerate() {
                match f {
                    Some(f) => {
                        methods[i].all.add(*f, *a);
                        if first {
                            methods[i].at_start.add(*f, *a);
                        }
                    }
                    None => methods[i].complete = false,
                }
            }
            if first {
                rows[pt.period].at_start = pt.team;
            }
            // Reps: everyone who had deals at the point or won in the period.
            let mut seen: Vec<u32> = Vec::new();
            for (k, answers) in &pt.by_owner {
                seen.push(*k);
                let actual = by.get(k).copied().unwrap_or(0.0);
                let e = reps.entry(*k).or_default();
                for (i, f) in answers.iter().enumerate() {
                    if let Some(f) = f {
                        e[i].add(*f, actual);
                    }
                }
            }
            for (k, actual) in by {
                if !seen.contains(k) {
                    let e = reps.entry(*k).or_default();
                    for x in e.iter_mut() {
                        x.add(0.0, *actual);
                    }
                }
            }
        }
        let recommended = methods
            .iter()
            .filter(|m| m.complete)
            .filter_map(|m| m.all.wmape().map(|w| (w, m.method)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, m)| m);
        let mut reps: Vec<RepAccuracy> = reps
            .into_iter()
            .map(|(owner, methods)| RepAccuracy { owner, methods })
            .collect();
        reps.sort_by_key(|r| r.owner);
        Backtest {
            kind: self.plan.kind,
            methods,
            periods: rows,
            reps,
            points: self.points.clone(),
            recommended,
        }
    }
}

/// The whole backtest at once.
pub fn backtest(ctx: &Ctx, kind: PeriodKind, today: Date, m: &Matcher<u32>) -> Backtest {
    let fiscal = ctx.ws.settings.fiscal_year_start_month;
    let mut run = Run::new(plan(kind, today, fiscal), m.clone());
    run.run(ctx);
    run.result(ctx)
}
