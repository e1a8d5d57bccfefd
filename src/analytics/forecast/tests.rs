//! Native tests of the forecasts: every method on synthetic histories whose answer is
//! known, shrinkage, slippage, the errors by hand, the no-look-ahead property, and the
//! backtest on the demo.

use super::backtest::backtest;
use super::engine::Ctx;
use super::facts::ForecastFacts;
use super::Method;
use crate::analytics::kpi::facts::KpiFacts;
use crate::analytics::period::PeriodKind;
use crate::analytics::scope::Scope;
use crate::domain::{Rates, Workspace};

fn report(ws: &Workspace, today: crate::domain::Date, kind: PeriodKind) {
    let facts = KpiFacts::build(ws);
    let t = std::time::Instant::now();
    let ff = ForecastFacts::build(ws, &facts);
    let built = t.elapsed();
    let rates = Rates::of(ws);
    let ctx = Ctx {
        ws,
        facts: &facts,
        ff: &ff,
        rates: &rates,
    };
    let m = facts.matcher(&Scope::everyone(), ws);
    let t = std::time::Instant::now();
    let b = backtest(&ctx, kind, today, &m);
    println!(
        "{kind:?}: {} points in {:?} (facts {built:?}); recommended {:?}",
        b.points.len(),
        t.elapsed(),
        b.recommended
    );
    for a in &b.methods {
        println!(
            "  {:<18} WMAPE {:>6.1}%  bias {:>+6.1}%  at start {:>6.1}% / {:>+6.1}%",
            a.method.label(),
            a.all.wmape().unwrap_or(f64::NAN) * 100.0,
            a.all.bias().unwrap_or(f64::NAN) * 100.0,
            a.at_start.wmape().unwrap_or(f64::NAN) * 100.0,
            a.at_start.bias().unwrap_or(f64::NAN) * 100.0,
        );
    }
    for r in &b.periods {
        let f: Vec<String> = r
            .at_start
            .iter()
            .map(|x| format!("{:>10.0}", x.unwrap_or(f64::NAN) / 100.0))
            .collect();
        println!(
            "  {:<14} actual {:>10.0}  {}",
            r.period.label(),
            r.actual / 100.0,
            f.join(" ")
        );
    }
    let _ = Method::ALL;
}

#[test]
#[ignore]
fn demo_backtest_report() {
    let today = crate::analytics::kpi::fixture::d(2026, 11, 22);
    let now = crate::analytics::kpi::fixture::noon(today);
    for size in [crate::demo::DemoSize::Small, crate::demo::DemoSize::Medium] {
        let ws = crate::demo::generate(size, 1, today, now);
        println!("{size:?}: {} deals", ws.deals.len());
        for kind in [PeriodKind::Month, PeriodKind::Quarter] {
            report(&ws, today, kind);
        }
    }
}

#[test]
#[ignore]
fn large_backtest_report() {
    let today = crate::analytics::kpi::fixture::d(2026, 11, 22);
    let now = crate::analytics::kpi::fixture::noon(today);
    let ws = crate::demo::generate(crate::demo::DemoSize::Large, 1, today, now);
    for kind in [PeriodKind::Month, PeriodKind::Quarter] {
        report(&ws, today, kind);
    }
}

#[test]
#[ignore]
fn demo_decomposition() {
    use super::engine::*;
    use super::model::Model;
    use crate::analytics::period::Period;
    use chrono::Days;
    let today = crate::analytics::kpi::fixture::d(2026, 11, 22);
    let now = crate::analytics::kpi::fixture::noon(today);
    let ws = crate::demo::generate(crate::demo::DemoSize::Medium, 1, today, now);
    let facts = KpiFacts::build(&ws);
    let ff = ForecastFacts::build(&ws, &facts);
    let rates = Rates::of(&ws);
    let ctx = Ctx {
        ws: &ws,
        facts: &facts,
        ff: &ff,
        rates: &rates,
    };
    let m = facts.matcher(&Scope::everyone(), &ws);
    let kind: PeriodKind = match std::env::var("KIND").as_deref() {
        Ok("q") => PeriodKind::Quarter,
        _ => PeriodKind::Month,
    };
    let mut p = Period::of_kind(kind, today, 1);
    for _ in 0..6 {
        p = p.previous().unwrap();
        let cut = p.start() - Days::new(1);
        let states = states_at(&ctx, cut);
        let model = Model::train(&facts, &ff, &states, cut, 100);
        let out = compute(
            &ctx,
            &model,
            &states,
            cut,
            &p,
            &m,
            Ask {
                per_owner: false,
                deals: true,
            },
        );
        // Actual split: won in p from deals open at cut vs created after.
        let open_at: std::collections::HashSet<u32> = states
            .iter()
            .filter(|s| s.kind == crate::domain::StageKind::Open)
            .map(|s| s.slot)
            .collect();
        let (mut from_open, mut from_new, mut from_open_in_p) = (0.0, 0.0, 0.0);
        let in_p_slots: std::collections::HashSet<u32> = out
            .deals
            .iter()
            .filter(|d| d.in_period)
            .map(|d| d.at.slot)
            .collect();
        for (slot, d) in facts.live_deals() {
            if let (Some(c), Some(a)) = (d.closed, d.amount) {
                if p.contains(c) && ff.kind(d.stage) == crate::domain::StageKind::Won {
                    if open_at.contains(&(slot as u32)) {
                        from_open += a as f64;
                        if in_p_slots.contains(&(slot as u32)) {
                            from_open_in_p += a as f64;
                        }
                    } else {
                        from_new += a as f64;
                    }
                }
            }
        }
        // Calibration: Σ a·p against eventually won, Σ a·q over the eventually won against won in p.
        let (mut sp, mut won_ever, mut sq, mut won_in_p, mut sp_stale, mut won_stale) =
            (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for d in &out.deals {
            let a = d.at.amount.unwrap_or(0) as f64;
            let f = &facts.deals[d.at.slot as usize];
            let won = ff.kind(f.stage) == crate::domain::StageKind::Won;
            sp += a * d.win.p;
            if d.win.stale.is_some() {
                sp_stale += a * d.win.p;
                if won {
                    won_stale += a;
                }
            }
            if won {
                won_ever += a;
                sq += a * d.when.q;
                if f.closed.is_some_and(|c| p.contains(c)) {
                    won_in_p += a;
                }
            }
        }
        println!("   Σa·p {:>9.0} vs won ever {:>9.0} | stale Σa·p {:>9.0} vs {:>9.0} | Σa·q (won) {:>9.0} vs won in p {:>9.0}", sp/100.0, won_ever/100.0, sp_stale/100.0, won_stale/100.0, sq/100.0, won_in_p/100.0);
        let model_in_p: f64 = out
            .deals
            .iter()
            .filter(|d| d.in_period)
            .map(|d| d.at.amount.unwrap_or(0) as f64 * d.pi)
            .sum();
        let n = &out.team;
        println!("{:<14} weighted {:>9.0} model {:>9.0} (in p {:>9.0}) fresh {:>9.0} | actual open {:>9.0} (exp in p {:>9.0}) new {:>9.0}",
            p.label(), n.weighted/100.0, n.model/100.0, model_in_p/100.0, n.fresh/100.0, from_open/100.0, from_open_in_p/100.0, from_new/100.0);
    }
}
