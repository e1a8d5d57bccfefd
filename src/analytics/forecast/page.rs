//! What the forecast page shows for a period and a scope, as of the end of `today`:
//! the roll-ups, every method with its band, the recommended number (the method with
//! the lowest backtest WMAPE, named, with its track record), gap to quota, coverage,
//! and the deals that must close. All numbers in minor units of the home currency.

use super::backtest::Backtest;
use super::engine::{
    compute, month_number, monthly, states_at, trend_numbers, trimmed, Ask, Ctx, DealForecast,
};
use super::model::{Model, TimingBasis};
use super::stats::{ErrorSum, K_PRIOR};
use super::trend::fit;
use super::Method;
use crate::analytics::period::Period;
use crate::analytics::quota::{quota_for, QuotaOf};
use crate::analytics::scope::Scope;
use crate::domain::{Date, Id, Quota};
use chrono::Days;

/// One method's number.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodLine {
    pub method: Method,
    pub value: Option<f64>,
    pub band: Option<(f64, f64)>,
}

/// The recommended number and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommended {
    pub method: Method,
    pub value: f64,
    /// Its backtest errors (over every as-of point replayed).
    pub track: ErrorSum,
    /// The periods replayed.
    pub periods: usize,
}

/// An open deal expected in the period, by weighted value.
#[derive(Clone, Debug, PartialEq)]
pub struct MustClose {
    pub id: Id,
    pub name: String,
    pub stage: String,
    pub category: crate::domain::ForecastCategory,
    pub amount: Option<i64>,
    pub expected: Option<Date>,
    /// The stage's set probability and the model's chance it is won in the period.
    pub p0: f64,
    pub pi: f64,
    /// amount × the stage probability.
    pub weighted: f64,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForecastSummary {
    pub period: Period,
    pub quota: Option<i64>,
    pub won: f64,
    pub won_n: usize,
    /// Commit = won + commit; Best case = Commit + best case; Pipeline = every open
    /// deal expected in the period (omitted never counts).
    pub commit: f64,
    pub best_case: f64,
    pub pipeline: f64,
    pub open_n: usize,
    pub methods: Vec<MethodLine>,
    pub recommended: Option<Recommended>,
    /// Quota − the recommended number (or weighted without a backtest).
    pub gap: Option<f64>,
    /// Open amount expected in the period ÷ (quota − won); `None` when undefined.
    pub coverage: Option<f64>,
    pub must_close: Vec<MustClose>,
    pub left_out: usize,
}

/// The explanation of one open deal's model numbers, in one line.
pub fn explain(f: &DealForecast, stage: &str) -> String {
    let w = &f.win;
    let mut s = format!(
        "{stage}: {} of {} closed deals that reached it were won; set {:.0}%, learned {:.0}% (p = (wins + {K_PRIOR}·set) ÷ (closed + {K_PRIOR}))",
        w.stage.wins.round(),
        w.stage.n.round(),
        w.p0 * 100.0,
        w.p_stage * 100.0,
    );
    if w.owner_tally.n > 0.0 {
        s.push_str(&format!(
            "; its owner's {} closed here → {:.0}%",
            w.owner_tally.n.round(),
            w.p * 100.0
        ));
    }
    if let Some((factor, t)) = w.stale {
        s.push_str(&format!(
            "; 30+ days overdue, like {} such deals: ×{factor:.2}",
            t.n.round()
        ));
    }
    let when = match f.when.how {
        TimingBasis::OnTime {
            median_slip: Some(d),
        } if d > 0 => format!("deals like it close a median {d} days after their expected close"),
        TimingBasis::OnTime { .. } => "deals like it close by their expected close".to_string(),
        TimingBasis::Overdue {
            late,
            median_left: Some(d),
        } => format!("{late} days overdue; such deals took a median {d} more days"),
        TimingBasis::Overdue { late, .. } => format!("{late} days overdue"),
        TimingBasis::FromStage {
            median_days: Some(d),
        } => format!("no close date; won deals took a median {d} days from this stage"),
        TimingBasis::FromStage { .. } => "no close date".to_string(),
        TimingBasis::AtItsWord => {
            "its close date taken at its word (no won deal to learn from)".to_string()
        }
    };
    let likely = f
        .when
        .likely
        .map(|d| format!(", likely {}", d.format("%b %Y")))
        .unwrap_or_default();
    format!(
        "{s}; {when}{likely}: {:.0}% won in the period.",
        f.pi * 100.0
    )
}

/// The page's numbers. `backtest` (for the same scope and kind of period) decides the
/// recommended number when given.
pub fn summarize(
    ctx: &Ctx,
    scope: &Scope,
    period: Period,
    today: Date,
    backtest: Option<&Backtest>,
    must_close: usize,
) -> ForecastSummary {
    let f = ctx.facts;
    let m = f.matcher(scope, ctx.ws);
    let cut = today;
    let states = states_at(ctx, cut);
    let model = Model::train(f, ctx.ff, &states, cut, ctx.unit());
    let out = compute(
        ctx,
        &model,
        &states,
        cut,
        &period,
        &m,
        Ask {
            per_owner: false,
            deals: true,
        },
    );
    let mut n = out.team;
    let series = monthly(ctx, &states, cut, &m);
    let last = month_number(cut + Days::new(1)) - 1;
    n.trend = trend_numbers(fit(trimmed(&series.team)).as_ref(), last, &period, &n);
    let methods: Vec<MethodLine> = [Method::Weighted, Method::Historical, Method::Trend]
        .into_iter()
        .map(|x| MethodLine {
            method: x,
            value: n.method(x),
            band: n.band(x),
        })
        .collect();
    let recommended = backtest.and_then(|b| {
        let method = b.recommended?;
        Some(Recommended {
            method,
            value: n.method(method)?,
            track: b.method(method)?.all,
            periods: b.periods.len(),
        })
    });
    let quotas: Vec<&Quota> = ctx.ws.quotas.values().collect();
    let rep_in_scope = |id: &Id| f.keys.get(id).is_some_and(|k| m.has_person(&k));
    let quota = quota_for(
        &quotas,
        &period,
        &rep_in_scope,
        QuotaOf::of(scope),
        ctx.rates,
    )
    .map(|q| q.home);
    let headline = recommended
        .as_ref()
        .map(|r| r.value)
        .or(n.method(Method::Weighted));
    let gap = quota.zip(headline).map(|(q, h)| q as f64 - h);
    let open = n.commit + n.best_case + n.pipeline;
    let coverage = quota.and_then(|q| {
        let left = q as f64 - n.closed;
        (left > 0.0).then(|| open / left)
    });
    let mut deals: Vec<&DealForecast> = out.deals.iter().filter(|d| d.in_period).collect();
    let weighted = |d: &DealForecast| d.at.amount.unwrap_or(0) as f64 * d.p0;
    deals.sort_by(|a, b| {
        weighted(b)
            .total_cmp(&weighted(a))
            .then(a.at.slot.cmp(&b.at.slot))
    });
    let must = deals
        .into_iter()
        .take(must_close)
        .map(|d| {
            let id = f.deal_ids[d.at.slot as usize].clone();
            let stage = ctx
                .ff
                .stage(d.at.stage)
                .map(|s| s.name.clone())
                .unwrap_or_default();
            MustClose {
                name: ctx
                    .ws
                    .deals
                    .get(&id)
                    .map(|x| x.name.clone())
                    .unwrap_or_default(),
                id,
                why: explain(d, &stage),
                stage,
                category: d.at.category,
                amount: d.at.amount,
                expected: d.at.expected,
                p0: d.p0,
                pi: d.pi,
                weighted: weighted(d),
            }
        })
        .collect();
    ForecastSummary {
        period,
        quota,
        won: n.closed,
        won_n: n.closed_n,
        commit: n.closed + n.commit,
        best_case: n.closed + n.commit + n.best_case,
        pipeline: open,
        open_n: n.open_n,
        methods,
        recommended,
        gap,
        coverage,
        must_close: must,
        left_out: n.left_out,
    }
}

/// An open deal's historical outlook for the deal page: the model's chance it is ever
/// won, the month it most likely closes in, and why, in one line. `None` for a closed
/// deal or one the facts do not know.
pub fn deal_outlook(ctx: &Ctx, deal: &Id, today: Date) -> Option<(f64, Option<Date>, String)> {
    let f = ctx.facts;
    let slot = f.deal_ids.iter().position(|x| x == deal)? as u32;
    let states = states_at(ctx, today);
    let st = *states.iter().find(|s| s.slot == slot)?;
    if st.kind != crate::domain::StageKind::Open {
        return None;
    }
    let meta = ctx.ff.stage(st.stage)?;
    let model = Model::train(f, ctx.ff, &states, today, ctx.unit());
    let group = super::model::Group::of(st.place.segment, st.amount, ctx.unit());
    let win = model.win_chance(
        meta,
        st.stage,
        group,
        st.place.owner,
        super::model::is_stale(st.expected, today),
    );
    let when = model.timing(
        meta.pipeline,
        st.stage,
        st.place.owner,
        st.expected,
        st.entered,
        1,
        3650,
    );
    let month = when.likely;
    let p = win.p;
    let df = DealForecast {
        at: st,
        p0: meta.probability,
        win,
        when,
        pi: p,
        in_period: true,
    };
    let why = explain(&df, &meta.name);
    // `explain` ends with the chance in a period; here it is the chance it is ever won.
    let why = why
        .rsplit_once(": ")
        .map_or(why.clone(), |(head, _)| format!("{head}."));
    Some((p, month, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::forecast::backtest::backtest;
    use crate::analytics::forecast::facts::ForecastFacts;
    use crate::analytics::kpi::facts::KpiFacts;
    use crate::analytics::kpi::fixture::{d, noon, Fx};
    use crate::analytics::period::PeriodKind;
    use crate::domain::{ForecastCategory, PeriodKind as QK, Rates};

    #[test]
    fn roll_ups_quota_gap_coverage_and_what_must_close_by_hand() {
        let mut fx = Fx::new();
        let ann = fx.rep("Ann", None);
        let june = d(2026, 6, 1);
        // Won 300.00 in June; open: Negotiation (Commit) 500.00, Proposal (Best case)
        // 1,000.00, Discovery (Best case) 200.00, Qualification (Pipeline) 400.00, and
        // one in Proposal expected in July (not in June's numbers).
        fx.deal(
            &ann,
            june,
            &[("Proposal", june), ("Won", d(2026, 6, 3))],
            Some(30_000),
            "USD",
            Some(d(2026, 6, 3)),
            None,
        );
        fx.deal(
            &ann,
            june,
            &[("Negotiation", june)],
            Some(50_000),
            "USD",
            Some(d(2026, 6, 20)),
            None,
        );
        let big = fx.deal(
            &ann,
            june,
            &[("Proposal", june)],
            Some(100_000),
            "USD",
            Some(d(2026, 6, 25)),
            None,
        );
        fx.deal(
            &ann,
            june,
            &[("Discovery", june)],
            Some(20_000),
            "USD",
            Some(d(2026, 6, 25)),
            None,
        );
        fx.deal(
            &ann,
            june,
            &[("Qualification", june)],
            Some(40_000),
            "USD",
            Some(d(2026, 6, 28)),
            None,
        );
        fx.deal(
            &ann,
            june,
            &[("Proposal", june)],
            Some(900_000),
            "USD",
            Some(d(2026, 7, 5)),
            None,
        );
        fx.quota(None, QK::Month, june, 200_000);
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
        let p = Period::month_of(june, 1);
        let s = summarize(&ctx, &Scope::everyone(), p, d(2026, 6, 10), None, 3);
        assert_eq!(s.won, 30_000.0);
        assert_eq!(s.commit, 80_000.0);
        assert_eq!(s.best_case, 200_000.0);
        assert_eq!(s.pipeline, 210_000.0);
        assert_eq!(s.quota, Some(200_000));
        // Weighted: 300 + 500·.8 + 1000·.6 + 200·.4 + 400·.2 (Qualification 20%).
        let w = s.methods[0].value.unwrap();
        assert_eq!(w, 30_000.0 + 40_000.0 + 60_000.0 + 8_000.0 + 8_000.0);
        assert_eq!(s.gap, Some(200_000.0 - w), "no backtest: gap to weighted");
        assert_eq!(s.coverage, Some(210_000.0 / 170_000.0));
        assert_eq!(s.must_close.len(), 3);
        assert_eq!(s.must_close[0].id, big, "largest weighted value first");
        assert_eq!(s.must_close[0].category, ForecastCategory::BestCase);
        assert!(
            s.must_close[0]
                .why
                .starts_with("Proposal: 1 of 1 closed deals"),
            "{}",
            s.must_close[0].why
        );
        let (lo, hi) = s.methods[0].band.unwrap();
        assert!(lo < w && w < hi && lo >= 30_000.0);
    }

    #[test]
    fn the_recommended_number_is_the_backtests_best_method() {
        let today = d(2026, 11, 22);
        let ws = crate::demo::generate(crate::demo::DemoSize::Small, 1, today, noon(today));
        let facts = KpiFacts::build(&ws);
        let ff = ForecastFacts::build(&ws, &facts);
        let rates = Rates::of(&ws);
        let ctx = Ctx {
            ws: &ws,
            facts: &facts,
            ff: &ff,
            rates: &rates,
        };
        let scope = Scope::everyone();
        let b = backtest(&ctx, PeriodKind::Month, today, &facts.matcher(&scope, &ws));
        let best = b.recommended.unwrap();
        let lowest = b
            .methods
            .iter()
            .filter_map(|m| m.all.wmape())
            .fold(f64::INFINITY, f64::min);
        assert_eq!(b.method(best).unwrap().all.wmape(), Some(lowest));
        let p = Period::month_of(today, 1);
        let s = summarize(&ctx, &scope, p, today, Some(&b), 10);
        let r = s.recommended.unwrap();
        assert_eq!(r.method, best);
        assert_eq!(r.periods, 6);
        assert_eq!(s.gap, s.quota.map(|q| q as f64 - r.value));
    }

    #[test]
    fn an_open_deal_has_an_outlook_and_a_closed_one_none() {
        let mut fx = Fx::new();
        let ann = fx.rep("Ann", None);
        let june = d(2026, 6, 1);
        let won = fx.deal(
            &ann,
            june,
            &[("Proposal", june), ("Won", d(2026, 6, 3))],
            Some(30_000),
            "USD",
            Some(d(2026, 6, 3)),
            None,
        );
        let open = fx.deal(
            &ann,
            june,
            &[("Proposal", june)],
            Some(100_000),
            "USD",
            Some(d(2026, 7, 20)),
            None,
        );
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
        let today = d(2026, 6, 10);
        assert_eq!(deal_outlook(&ctx, &won, today), None);
        let (p, month, why) = deal_outlook(&ctx, &open, today).unwrap();
        // One closed deal from Proposal, won: the stage (1 + 10·0.6) ÷ 11, then its
        // size band and its owner, each shrunk toward the level above.
        let stage = 7.0 / 11.0;
        let band = (1.0 + 10.0 * stage) / 11.0;
        assert!((p - (1.0 + 10.0 * band) / 11.0).abs() < 1e-9, "{p}");
        assert_eq!(month, Some(d(2026, 7, 20)), "it closed on its expected day");
        assert!(
            why.starts_with("Proposal: 1 of 1 closed deals that reached it were won"),
            "{why}"
        );
        assert!(!why.contains("won in the period"), "{why}");
    }
}
