//! Every metric on the hand-computed workspace of `fixture::known()`, for Q4 2026
//! (today is Nov 22, 2026) against Q3, with the arithmetic written out.

use super::fixture::{d, known, noon, today, Fx};
use super::*;
use crate::analytics::scope::Scope;
use crate::domain::time::{set_local_tz, LocalTz};
use crate::domain::{ActivityKind, Currency, PeriodKind};
#[allow(unused_imports)]
use chrono::Datelike;

fn q4() -> Period {
    Period::quarter_of(d(2026, 11, 1), 1)
}

fn run(ws: &Workspace, scope: &Scope, p: Period) -> Kpis {
    let rates = Rates::of(ws);
    let facts = KpiFacts::build(ws);
    compute(
        &KpiInput {
            ws,
            facts: &facts,
            scope,
            today: today(),
            rates: &rates,
        },
        p,
    )
}

fn value(k: &Kpis, key: MetricKey) -> Option<f64> {
    k.get(key).current.value
}

fn reason(k: &Kpis, key: MetricKey) -> String {
    k.get(key).current.reason.clone().unwrap_or_default()
}

#[test]
fn deal_metrics_match_the_hand_computed_fixture() {
    let kn = known();
    let k = run(&kn.fx.ws, &Scope::everyone(), q4());
    // Won in Q4: W1 $10,000, W2 $20,000, W3 €5,000 × 1.2 = $6,000; C1 is in COP,
    // which has no rate: counted as a won deal, its amount left out.
    let won = &k.get(MetricKey::Won).current;
    assert_eq!((won.value, won.n), (Some(3_600_000.0), 4));
    assert_eq!(won.unconverted[&Currency::new("COP").unwrap()], 400_000_000);
    assert_eq!(
        won.left_out_text().unwrap(),
        "1 amount is in COP left out: no rate for COP"
    );
    // Win rate: 4 won ÷ (4 won + 1 lost). R1, won on Oct 12 and reopened, is open.
    assert_eq!(value(&k, MetricKey::WinRate), Some(0.8));
    assert_eq!(k.get(MetricKey::WinRate).current.n, 5);
    // Average deal size: $36,000 over the 3 won deals with a rate.
    let avg = &k.get(MetricKey::AverageDealSize).current;
    assert_eq!(
        (avg.value, avg.numerator, avg.denominator),
        (Some(1_200_000.0), 3_600_000.0, 3.0)
    );
    assert_eq!(avg.unconverted_count, 1);
    // Cycles: W2 20, C1 30, W1 40, W3 110 days: median 35, mean 50.
    assert_eq!(value(&k, MetricKey::CycleMedian), Some(35.0));
    assert_eq!(value(&k, MetricKey::CycleMean), Some(50.0));
    // Created in Q4: W2, C1, L1, O1, O2, O3; closed: W2, C1, L1; won: W2, C1.
    let opp = &k.get(MetricKey::OpportunityWinRate).current;
    assert_eq!((opp.numerator, opp.denominator), (2.0, 3.0));
    // Open now: O1, O2, O3, R1; expected in Q4: O1 $30,000 and O3 without an amount.
    let open = &k.get(MetricKey::OpenPipeline).current;
    assert_eq!((open.value, open.n), (Some(3_000_000.0), 2));
    // The team quota is $60,000: attainment $36,000 ÷ $60,000; coverage $30,000 ÷
    // ($60,000 − $36,000).
    assert_eq!(value(&k, MetricKey::QuotaAttainment), Some(0.6));
    assert_eq!(value(&k, MetricKey::Coverage), Some(1.25));
    // Velocity: 4 open × 0.8 × $12,000 ÷ 50 days = $768 a day.
    assert_eq!(value(&k, MetricKey::Velocity), Some(76_800.0));
    // Against Q3: one won ($8,000), one lost.
    let wr = k.get(MetricKey::WinRate);
    assert_eq!(wr.previous.as_ref().unwrap().value, Some(0.5));
    assert_eq!(wr.change().unwrap().text, "Up 30 points");
    assert_eq!(
        k.get(MetricKey::Won).previous.as_ref().unwrap().value,
        Some(800_000.0)
    );
    assert_eq!(
        k.get(MetricKey::CycleMean).previous.as_ref().unwrap().value,
        Some(44.0)
    );
    assert_eq!(k.previous.unwrap().label(), "Q3 2026");
}

#[test]
fn lead_and_customer_metrics_match_the_fixture() {
    let kn = known();
    let k = run(&kn.fx.ws, &Scope::everyone(), q4());
    // Q4 leads: 4 created, 2 became deals (one converted, one named as a source).
    let lc = k.get(MetricKey::LeadConversion);
    assert_eq!((lc.current.numerator, lc.current.denominator), (2.0, 4.0));
    // Q3: the lead of Aug 10 converted in Q4 still counts for Q3: 1 of 2.
    assert_eq!(lc.previous.as_ref().unwrap().value, Some(0.5));
    assert_eq!(lc.change().unwrap().text, "No change");
    // Churn: customers on Oct 1 were "Always" and "Leaving"; "Leaving" churned on
    // Nov 15. "Came back" (churned in February, customer again from Oct 20) and "New"
    // were not customers on Oct 1.
    let churn = &k.get(MetricKey::ChurnRate).current;
    assert_eq!(
        (churn.numerator, churn.denominator, churn.value),
        (1.0, 2.0, Some(0.5))
    );
    // CAC: $30,000 of spend ÷ 2 new customers ("Came back" and "New").
    let cac = &k.get(MetricKey::Cac).current;
    assert_eq!((cac.value, cac.denominator), (Some(1_500_000.0), 2.0));
    // CLTV: customers on Nov 22 are Always, Came back and New; MRR $1,000 + $500 over
    // 3 customers = $500; × 80% margin ÷ (0.5 churn over 92 days = 3.0226 months).
    let cltv = k.get(MetricKey::Cltv).current.value.unwrap();
    let expected = 50_000.0 * 0.8 / (0.5 / (92.0 / (365.25 / 12.0)));
    assert!((cltv - expected).abs() < 1e-6, "{cltv} vs {expected}");
    assert_eq!(format_value(cltv, Unit::Money, &Currency::usd()), "$2,418");
}

#[test]
fn activities_and_stage_conversion_match_the_fixture() {
    let kn = known();
    let k = run(&kn.fx.ws, &Scope::everyone(), q4());
    let t = &k.activities;
    assert_eq!((t.totals, t.total), ([2, 1, 1, 1], 5));
    assert_eq!(t.rows[0].name, "Ana");
    assert_eq!(t.rows[0].counts, [2, 0, 1, 0]);
    assert_eq!(t.rows[1].counts, [0, 1, 0, 1]);
    let by_name = |n: &str| k.stages.iter().find(|s| s.name == n).unwrap().clone();
    let p = by_name("Prospecting");
    // Entered in Q4: W2, C1, L1, O1, O2, O3; forward: W2, C1 (won), O1, O2; won: W2, C1.
    assert_eq!((p.entered, p.advanced, p.won), (6, 4, 2));
    let m = kn.fx.ws.clone();
    let facts = KpiFacts::build(&m);
    let rates = Rates::of(&m);
    let everyone = Scope::everyone();
    let input = KpiInput {
        ws: &m,
        facts: &facts,
        scope: &everyone,
        today: today(),
        rates: &rates,
    };
    let entering =
        super::stages::deals_entering(&input, &facts.matcher(&everyone, &m), &q4(), &p.stage_id);
    let mut want = vec![
        kn.w2.clone(),
        kn.c1.clone(),
        kn.l1.clone(),
        kn.o1.clone(),
        kn.o2.clone(),
        kn.o3.clone(),
    ];
    want.sort();
    assert_eq!(entering, want);
    assert!((p.to_next.value.unwrap() - 4.0 / 6.0).abs() < 1e-12);
    assert_eq!(
        by_name("Qualification").to_next.reason.as_deref(),
        Some("no deals entered this stage in this period")
    );
    assert_eq!(
        (by_name("Proposal").entered, by_name("Proposal").advanced),
        (1, 0)
    );
    assert_eq!(
        by_name("Negotiation").entered,
        1,
        "R1, reopened into Negotiation"
    );
    assert_eq!(k.stages.len(), 5, "open stages only");
    let _ = (
        &kn.o1, &kn.o2, &kn.o3, &kn.w1, &kn.w3, &kn.c1, &kn.l1, &kn.r1,
    );
}

#[test]
fn scopes_narrow_every_metric() {
    let kn = known();
    let ana = run(&kn.fx.ws, &Scope::rep(kn.ana.clone()), q4());
    assert_eq!(value(&ana, MetricKey::Won), Some(3_000_000.0));
    assert_eq!(value(&ana, MetricKey::WinRate), Some(1.0));
    assert_eq!(value(&ana, MetricKey::QuotaAttainment), Some(0.75));
    assert_eq!(ana.activities.total, 3);
    let team = run(&kn.fx.ws, &Scope::team(kn.mia.clone()), q4());
    // The team is everyone here, but its quota is its reps' ($40,000 + $30,000), not
    // the company's.
    assert_eq!(value(&team, MetricKey::Won), Some(3_600_000.0));
    assert_eq!(
        value(&team, MetricKey::QuotaAttainment),
        Some(3_600_000.0 / 7_000_000.0)
    );
    assert_eq!(
        reason(&team, MetricKey::Cac),
        "spend is entered for the whole company, so this is shown for everyone only"
    );
    let bo = run(&kn.fx.ws, &Scope::rep(kn.bo.clone()), q4());
    assert_eq!(value(&bo, MetricKey::WinRate), Some(2.0 / 3.0));
    let _ = &kn.w2;
}

#[test]
fn nothing_closed_and_no_quota_are_reasons_not_zeros() {
    let kn = known();
    let q1 = Period::quarter_of(d(2026, 2, 1), 1);
    let k = run(&kn.fx.ws, &Scope::everyone(), q1);
    assert_eq!(
        reason(&k, MetricKey::WinRate),
        "no deals closed in this period"
    );
    assert_eq!(
        reason(&k, MetricKey::AverageDealSize),
        "no deals won in this period"
    );
    assert_eq!(
        reason(&k, MetricKey::CycleMedian),
        "no deals won in this period"
    );
    assert_eq!(
        reason(&k, MetricKey::Velocity),
        "needs a win rate: no deals closed in this period"
    );
    assert_eq!(
        reason(&k, MetricKey::QuotaAttainment),
        "no quota set for this period"
    );
    assert_eq!(
        reason(&k, MetricKey::OpportunityWinRate),
        "no deals were created in this period"
    );
    assert_eq!(
        value(&k, MetricKey::Won),
        Some(0.0),
        "nothing won is a real zero"
    );
    for m in &k.metrics {
        if let Some(v) = m.current.value {
            assert!(v.is_finite(), "{:?}", m.key);
        }
    }
    // A zero quota.
    let mut fx = kn.fx;
    fx.quota(None, PeriodKind::Quarter, d(2027, 1, 1), 0);
    let next = Period::quarter_of(d(2027, 1, 1), 1);
    let k = run(&fx.ws, &Scope::everyone(), next);
    assert_eq!(
        reason(&k, MetricKey::QuotaAttainment),
        "the quota for this period is zero"
    );
    assert_eq!(
        reason(&k, MetricKey::Coverage),
        "the quota for this period is zero"
    );
    // All time has no previous period and no churn.
    let all = run(&fx.ws, &Scope::everyone(), Period::all_time(1));
    assert!(all.previous.is_none() && all.get(MetricKey::WinRate).change().is_none());
    assert_eq!(
        reason(&all, MetricKey::ChurnRate),
        "churn needs a period with a start: choose one"
    );
}

#[test]
fn a_met_quota_and_missing_inputs_say_what_is_missing() {
    let kn = known();
    let mut fx = kn.fx;
    fx.ws.settings.gross_margin_pct = None;
    // An October quota for Ana: her months are her plan, and she is past it.
    fx.quota(Some(&kn.ana), PeriodKind::Month, d(2026, 10, 1), 1_000_000);
    let k = run(&fx.ws, &Scope::rep(kn.ana.clone()), q4());
    assert_eq!(value(&k, MetricKey::QuotaAttainment), Some(3.0));
    assert_eq!(
        reason(&k, MetricKey::Coverage),
        "the quota for this period is already met"
    );
    let k = run(&fx.ws, &Scope::everyone(), q4());
    assert_eq!(
        reason(&k, MetricKey::Cltv),
        "set the gross margin in Settings"
    );
    let mut empty = Fx::new();
    let rep = empty.rep("Solo", None);
    empty.done(&rep, ActivityKind::Call, d(2026, 11, 1));
    let k = run(&empty.ws, &Scope::everyone(), q4());
    assert_eq!(
        reason(&k, MetricKey::Cac),
        "no sales and marketing spend entered for this period"
    );
    assert_eq!(
        reason(&k, MetricKey::ChurnRate),
        "there were no customers at the start of this period"
    );
    assert_eq!(
        reason(&k, MetricKey::LeadConversion),
        "no leads were created in this period"
    );
    assert_eq!(k.activities.total, 1);
}

#[test]
fn days_are_the_users_local_days() {
    let mut fx = Fx::new();
    let ana = fx.rep("Ana", None);
    let id = fx.deal(
        &ana,
        d(2026, 10, 1),
        &[("Prospecting", d(2026, 10, 1))],
        Some(100),
        "USD",
        None,
        None,
    );
    // Created at 06:30 UTC on Oct 1: still Sep 30 in Los Angeles.
    let mut x = fx.ws.deals.get(&id).unwrap().clone();
    x.created_at = noon(d(2026, 10, 1)) - chrono::Duration::minutes(330);
    fx.ws.put(x.into());
    let created = |ws: &Workspace| {
        reason(
            &run(ws, &Scope::everyone(), q4()),
            MetricKey::OpportunityWinRate,
        )
    };
    assert_eq!(
        created(&fx.ws),
        "none of the deals created in this period has closed yet"
    );
    set_local_tz(LocalTz::fixed(-7 * 3600));
    assert_eq!(created(&fx.ws), "no deals were created in this period");
    set_local_tz(LocalTz::utc());
}

/// `cargo test --release kpi_speed -- --ignored --nocapture`: a full recompute on the
/// large demo (the benchmark measures the same in wasm).
#[test]
#[ignore]
fn kpi_speed_on_the_large_demo() {
    let now = chrono::Utc::now();
    let ws = crate::demo::generate(crate::demo::DemoSize::Large, 7, now.date_naive(), now);
    let rates = Rates::of(&ws);
    let scope = Scope::everyone();
    let t = std::time::Instant::now();
    let facts = KpiFacts::build(&ws);
    println!("facts: {:?}", t.elapsed());
    let input = KpiInput {
        ws: &ws,
        facts: &facts,
        scope: &scope,
        today: now.date_naive(),
        rates: &rates,
    };
    for p in [
        Period::quarter_of(now.date_naive(), 1),
        Period::year_of(now.date_naive(), 1),
        Period::all_time(1),
    ] {
        let t = std::time::Instant::now();
        let k = compute(&input, p);
        println!(
            "{}: {:?} (win rate {:?})",
            p.label(),
            t.elapsed(),
            k.get(MetricKey::WinRate).current.value
        );
    }
}

#[test]
#[ignore]
fn facts_parts_speed() {
    use crate::analytics::scope::{activity_place, deal_place};
    let now = chrono::Utc::now();
    let ws = crate::demo::generate(crate::demo::DemoSize::Large, 7, now.date_naive(), now);
    let t = std::time::Instant::now();
    let mut n = 0usize;
    for a in ws.activities.values() {
        n += activity_place(&ws, a).owner.is_some() as usize;
    }
    println!("activity places {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    for d in ws.deals.values() {
        n += deal_place(&ws, d, d.owner_id.as_ref()).owner.is_some() as usize;
    }
    println!("deal places {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    for a in ws.activities.values() {
        n += crate::domain::time::local_day(a.created_at).ordinal() as usize;
    }
    println!("local days {:?} {n}", t.elapsed());
    let t = std::time::Instant::now();
    let f = KpiFacts::build(&ws);
    println!("build {:?} {}", t.elapsed(), f.deals.len());
    for _ in 0..15 {
        let t = std::time::Instant::now();
        let f = KpiFacts::build(&ws);
        println!("build {:?} {}", t.elapsed(), f.deals.len());
    }
    let t = std::time::Instant::now();
    drop(f);
    println!("drop {:?}", t.elapsed());
}

#[test]
#[ignore]
fn kpi_compute_parts_speed() {
    let now = chrono::Utc::now();
    let ws = crate::demo::generate(crate::demo::DemoSize::Large, 7, now.date_naive(), now);
    let rates = Rates::of(&ws);
    let scope = Scope::everyone();
    let facts = KpiFacts::build(&ws);
    let input = KpiInput {
        ws: &ws,
        facts: &facts,
        scope: &scope,
        today: now.date_naive(),
        rates: &rates,
    };
    let p = Period::quarter_of(now.date_naive(), 1);
    let m = facts.matcher(&scope, &ws);
    for (name, p) in [("current", p), ("previous", p.previous().unwrap())] {
        let t = std::time::Instant::now();
        let _ = super::deals::readings(&input, &m, &p);
        println!("deals {name} {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = super::deals::lead_conversion(&input, &m, &p);
        println!("leads {name} {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = super::customers::readings(&input, &m, &p);
        println!("customers {name} {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = super::activity::table(&input, &m, &p);
        println!("activities {name} {:?}", t.elapsed());
        let t = std::time::Instant::now();
        let _ = super::stages::stage_conversion(&input, &m, &p);
        println!("stages {name} {:?}", t.elapsed());
    }
}

/// The e2e tests import this workspace (tests/e2e/fixtures/known-kpis.salesdeck.json)
/// and check the dashboard shows the numbers worked out above. The file must be this
/// fixture exactly: `UPDATE_FIXTURES=1 cargo test known_fixture` rewrites it.
#[test]
fn the_e2e_fixture_is_the_known_workspace() {
    let kn = known();
    let bytes = crate::snapshot::format::to_bytes(&kn.fx.ws, noon(today()));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/fixtures/known-kpis.salesdeck.json");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
    }
    let on_disk = std::fs::read(&path).expect("the fixture exists (UPDATE_FIXTURES=1 writes it)");
    assert!(on_disk == bytes, "tests/e2e/fixtures/known-kpis.salesdeck.json is stale: run UPDATE_FIXTURES=1 cargo test known_fixture");
    // And it reads back as the same workspace.
    let parsed = crate::snapshot::validate::parse(
        std::str::from_utf8(&on_disk).unwrap(),
        "2026-11-22T12:00:00Z",
    )
    .unwrap();
    assert_eq!(parsed.workspace.deals.len(), kn.fx.ws.deals.len());
}
