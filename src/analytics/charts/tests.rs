//! The charts on the hand-computed workspace of `kpi::fixture::known()` (Q4 2026, today
//! Nov 22, 2026; the arithmetic is in `kpi/tests.rs`), their JSON, tables and keys;
//! user text that could be HTML; and every key's records against what the chart counted.

use super::*;
use crate::analytics::kpi::fixture::{d, known, today, Known};
use crate::analytics::kpi::{compute, KpiFacts, KpiInput, Kpis};
use crate::analytics::scope::Scope;
use crate::domain::{ForecastCategory, Id, Kind, Rates, Workspace};
use serde_json::Value;

fn q4() -> Period {
    Period::quarter_of(d(2026, 11, 1), 1)
}

/// Runs `f` with the inputs of `ws` and `scope`, today being the fixture's.
fn with<R>(ws: &Workspace, scope: &Scope, f: impl FnOnce(&KpiInput) -> R) -> R {
    let rates = Rates::of(ws);
    let facts = KpiFacts::build(ws);
    f(&KpiInput {
        ws,
        facts: &facts,
        scope,
        today: today(),
        rates: &rates,
    })
}

/// Every chart's spec and chart JSON for a period, by name.
fn all_specs(input: &KpiInput, p: Period) -> Vec<(&'static str, ChartSpec, String)> {
    let kpis: Kpis = compute(input, p);
    let b = bookings::data(input, p);
    let f = funnel::data(&kpis);
    let o = pipeline::data(input, p);
    let r = reps::data(input, p);
    let a = activities::data(&kpis);
    let l = lost::data(input, p);
    let c = cycle::data(input, p);
    let s = sources::data(input, p);
    vec![
        ("bookings", b.spec(), b.chart().to_string()),
        ("funnel", f.spec(), f.chart().to_string()),
        ("pipeline", o.spec(), o.chart().to_string()),
        ("reps", r.spec(), r.chart().to_string()),
        ("activities", a.spec(), a.chart().to_string()),
        ("lost", l.spec(), l.chart().to_string()),
        ("cycle", c.spec(), c.chart().to_string()),
        ("sources", s.spec(), s.chart().to_string()),
    ]
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).expect("a chart is JSON")
}

fn series_data(chart: &Value, i: usize) -> Vec<Value> {
    chart["series"][i]["data"].as_array().unwrap().clone()
}

fn cells(t: &ChartTable) -> Vec<Vec<&str>> {
    t.rows
        .iter()
        .map(|r| r.cells.iter().map(String::as_str).collect())
        .collect()
}

fn sorted(mut v: Vec<Id>) -> Vec<Id> {
    v.sort();
    v
}

#[test]
fn bookings_by_month_against_the_prorated_team_quota() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let b = bookings::data(input, q4());
        let c = json(&b.chart().to_string());
        assert_eq!(c["title"][0]["text"], bookings::TITLE);
        assert_eq!(c["title"][0]["subtext"], "Q4 2026");
        assert_eq!(
            c["xAxis"]["data"],
            serde_json::json!(["Oct 2026", "Nov 2026", "Dec 2026"])
        );
        // October: W1 $10,000 + W2 $20,000 (R1, won Oct 12 and reopened, is open).
        // November: W3 €5,000 × 1.2; C1 is in COP, which has no rate.
        assert_eq!(series_data(&c, 0), [30_000.0, 6_000.0, 0.0]);
        assert_eq!(c["series"][0]["type"], "bar");
        // The team's $60,000 for the quarter, by days: 31, 30 and 31 of 92.
        assert_eq!(c["series"][1]["type"], "line");
        assert_eq!(series_data(&c, 1), [20_217.0, 19_565.0, 20_217.0]);
        let t = b.table();
        assert_eq!(t.headers, ["Month", "Won", "Deals won", "Quota"]);
        assert_eq!(
            cells(&t),
            [
                ["October 2026", "$30,000", "2", "$20,217"],
                ["November 2026", "$6,000", "2", "$19,565"],
                ["December 2026", "$0", "0", "$20,217"],
            ]
        );
        assert_eq!(t.notes, ["1 amount is in COP left out: no rate for COP"]);
        assert_eq!(
            t.caption,
            "Bookings by month against quota: Q4 2026. 1 amount is in COP left out: no rate for COP."
        );
        let oct = b.keys()[0][0].clone().unwrap();
        assert_eq!(oct, "month:2026-10-01");
        assert_eq!(t.rows[0].key.as_deref(), Some(oct.as_str()));
        assert_eq!(
            deals_behind(input, &q4(), &oct),
            sorted(vec![kn.w1.clone(), kn.w2.clone()])
        );
        assert_eq!(
            deals_behind(input, &q4(), "month:2026-11-01"),
            sorted(vec![kn.w3.clone(), kn.c1.clone()])
        );
        assert_eq!(
            b.keys()[1],
            [None, None, None],
            "the quota line has no deals"
        );
    });
    // Ana alone: her own quarterly quota, $40,000 by days.
    with(&kn.fx.ws, &Scope::rep(kn.ana.clone()), |input| {
        let c = json(&bookings::data(input, q4()).chart().to_string());
        assert_eq!(series_data(&c, 0), [30_000.0, 0.0, 0.0]);
        assert_eq!(series_data(&c, 1), [13_478.0, 13_043.0, 13_478.0]);
    });
}

#[test]
fn bookings_without_quotas_have_no_line_and_all_time_spans_the_data() {
    let mut kn = known();
    let quotas: Vec<Id> = kn.fx.ws.quotas.values().map(|q| q.id.clone()).collect();
    for q in quotas {
        kn.fx.ws.remove(Kind::Quota, &q);
    }
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let b = bookings::data(input, Period::all_time(1));
        let c = json(&b.chart().to_string());
        assert_eq!(c["series"].as_array().unwrap().len(), 1);
        // From the first deal won (Jul 15, 2026) to the last (Nov 20).
        let months = c["xAxis"]["data"].as_array().unwrap();
        assert_eq!(months.first().unwrap(), "Jul 2026");
        assert_eq!(months.last().unwrap(), "Nov 2026");
        assert_eq!(series_data(&c, 0), [8_000.0, 0.0, 0.0, 30_000.0, 6_000.0]);
        assert!(b
            .table()
            .notes
            .contains(&"No quota is set for these months".to_string()));
        assert_eq!(b.keys().len(), 1);
    });
    // A quarter with nothing won and no quota says so instead of drawing.
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let spec = bookings::data(input, Period::quarter_of(d(2025, 2, 1), 1)).spec();
        assert_eq!(spec.empty.as_deref(), Some("No deals won in Q1 2025"));
    });
}

#[test]
fn the_funnel_follows_the_board_with_both_conversions() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let kpis = compute(input, q4());
        let f = funnel::data(&kpis);
        let c = json(&f.chart().to_string());
        assert_eq!(c["yAxis"]["inverse"], true, "board order from the top");
        let labels = c["yAxis"]["data"].as_array().unwrap();
        assert_eq!(labels.len(), 5, "the open stages");
        // Prospecting: W2, C1, L1, O1, O2, O3 entered; W2, C1, O1, O2 moved on; W2, C1
        // are won.
        assert_eq!(labels[0], "Prospecting · 66.7% to next · 33.3% to won");
        assert_eq!(series_data(&c, 0)[0], 6);
        assert_eq!(series_data(&c, 1)[0], 4);
        assert_eq!(series_data(&c, 2)[0], 2);
        assert_eq!(c["series"][2]["name"], "Won now");
        let t = f.table();
        assert_eq!(
            t.headers,
            ["Stage", "Entered", "Moved on", "Won now", "To next", "To won"]
        );
        assert_eq!(
            cells(&t)[0],
            ["Prospecting", "6", "4", "2", "66.7%", "33.3%"]
        );
        // Qualification: nobody entered it, so no rates.
        assert_eq!(cells(&t)[1], ["Qualification", "0", "0", "0", "—", "—"]);
        let key = f.keys()[0][0].clone().unwrap();
        let mut want = vec![
            kn.w2.clone(),
            kn.c1.clone(),
            kn.l1.clone(),
            kn.o1.clone(),
            kn.o2.clone(),
            kn.o3.clone(),
        ];
        want.sort();
        assert_eq!(deals_behind(input, &q4(), &key), want);
    });
}

#[test]
fn open_pipeline_stacks_the_categories_and_leaves_omitted_out() {
    let mut kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let o = pipeline::data(input, q4());
        assert_eq!(o.as_of, today());
        let c = json(&o.chart().to_string());
        assert_eq!(
            c["xAxis"]["data"],
            serde_json::json!([
                "Prospecting",
                "Qualification",
                "Discovery",
                "Proposal",
                "Negotiation"
            ])
        );
        let names: Vec<&str> = (0..3)
            .map(|i| c["series"][i]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Commit", "Best case", "Pipeline"]);
        assert!((0..3).all(|i| c["series"][i]["stack"] == "open"));
        // Expected in Q4 and open now: O1 in Proposal (best case by its stage), $30,000;
        // O3 in Prospecting without an amount. O2 and R1 are expected next year.
        assert_eq!(series_data(&c, 1), [0.0, 0.0, 0.0, 30_000.0, 0.0]);
        assert_eq!(series_data(&c, 2), [0.0; 5]);
        let t = o.table();
        assert_eq!(cells(&t)[0], ["Prospecting", "$0", "$0", "$0", "$0", "1"]);
        assert_eq!(
            cells(&t)[3],
            ["Proposal", "$0", "$30,000", "$0", "$30,000", "1"]
        );
        assert!(t.notes.is_empty(), "{:?}", t.notes);
        let best_proposal = o.keys()[1][3].clone().unwrap();
        assert_eq!(
            deals_behind(input, &q4(), &best_proposal),
            std::slice::from_ref(&kn.o1)
        );
        let pipe_prospecting = o.keys()[2][0].clone().unwrap();
        assert_eq!(
            deals_behind(input, &q4(), &pipe_prospecting),
            std::slice::from_ref(&kn.o3)
        );
    });
    // O1 set to Omitted: it leaves the chart and the table says so.
    let mut o1 = kn.fx.ws.deals.get(&kn.o1).unwrap().clone();
    o1.forecast_category = Some(ForecastCategory::Omitted);
    kn.fx.ws.put(o1.into());
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let o = pipeline::data(input, q4());
        let c = json(&o.chart().to_string());
        assert_eq!(series_data(&c, 1), [0.0; 5]);
        let t = o.table();
        assert_eq!(
            t.notes,
            ["Omitted never counts: 1 deal ($30,000.00) left out"]
        );
        assert!(t.caption.contains("Omitted never counts"));
        assert!(behind(input, &q4(), &o.keys()[1][3].clone().unwrap())
            .ids
            .is_empty());
    });
}

#[test]
fn won_and_lost_per_rep_and_month_diverge_from_the_line() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let r = reps::data(input, q4());
        let names: Vec<&str> = r.reps.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Bo"], "most won first");
        let c = json(&r.chart().to_string());
        // Ana: won $30,000 in October; Bo: won $6,000 (and C1 without a rate) and lost
        // L1, $9,000, in November.
        assert_eq!(c["series"][0]["name"], "Ana");
        assert_eq!(c["series"][1]["name"], "Ana", "one legend entry per rep");
        assert_eq!(series_data(&c, 0), [30_000.0, 0.0, 0.0]);
        assert_eq!(series_data(&c, 1), [0.0, 0.0, 0.0]);
        assert_eq!(series_data(&c, 2), [0.0, 6_000.0, 0.0]);
        assert_eq!(series_data(&c, 3), [0.0, -9_000.0, 0.0]);
        assert_eq!(c["series"][3]["stack"], "result");
        let t = r.table();
        assert_eq!(
            cells(&t),
            [
                ["Ana", "October 2026", "$30,000", "2", "$0", "0"],
                ["Bo", "November 2026", "$6,000", "2", "$9,000", "1"],
            ]
        );
        assert_eq!(t.notes, ["1 amount is in COP left out: no rate for COP"]);
        let bo_lost_nov = r.keys()[3][1].clone().unwrap();
        assert_eq!(
            deals_behind(input, &q4(), &bo_lost_nov),
            std::slice::from_ref(&kn.l1)
        );
        let bo_won_nov = r.keys()[2][1].clone().unwrap();
        assert_eq!(
            deals_behind(input, &q4(), &bo_won_nov),
            sorted(vec![kn.w3.clone(), kn.c1.clone()])
        );
    });
}

#[test]
fn activities_by_rep_and_kind_from_the_kpi_table() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let a = activities::data(&compute(input, q4()));
        let c = json(&a.chart().to_string());
        assert_eq!(c["xAxis"]["data"], serde_json::json!(["Ana", "Bo"]));
        let names: Vec<&str> = (0..4)
            .map(|i| c["series"][i]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Calls", "Meetings", "Demos", "E-mails"]);
        assert_eq!(series_data(&c, 0), [2, 0]);
        assert_eq!(series_data(&c, 1), [0, 1]);
        let t = a.table();
        assert_eq!(
            cells(&t),
            [
                ["Ana", "2", "0", "1", "0", "3"],
                ["Bo", "0", "1", "0", "1", "2"],
                ["All reps", "2", "1", "1", "1", "5"],
            ]
        );
        let ana_calls = a.keys()[0][0].clone().unwrap();
        let b = behind(input, &q4(), &ana_calls);
        assert_eq!(b.kind, Some(Kind::Activity));
        assert_eq!(b.ids.len(), 2, "the calls of Oct 2 and Nov 3, not Sep 30");
        assert!(deals_behind(input, &q4(), &ana_calls).is_empty());
    });
}

#[test]
fn lost_reasons_cycles_and_lead_sources() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let l = lost::data(input, q4());
        let c = json(&l.chart().to_string());
        assert_eq!(c["yAxis"]["data"], serde_json::json!(["Price · 1 deal"]));
        assert_eq!(c["yAxis"]["inverse"], true);
        assert_eq!(series_data(&c, 0), [9_000.0]);
        assert_eq!(cells(&l.table()), [["Price", "1", "$9,000"]]);
        assert_eq!(
            deals_behind(input, &q4(), "lost:Price"),
            std::slice::from_ref(&kn.l1)
        );

        // Cycles: W2 20, C1 30, W1 40, W3 110 days.
        let cy = cycle::data(input, q4());
        let c = json(&cy.chart().to_string());
        assert_eq!(series_data(&c, 0), [0, 0, 2, 1, 0, 1, 0, 0]);
        assert_eq!(
            c["title"][0]["subtext"],
            "Days from creation to close, deals won in Q4 2026; median 35 days, mean 50 days"
        );
        assert_eq!(cells(&cy.table())[2], ["15–30 days", "2", "50%"]);
        assert_eq!(
            deals_behind(input, &q4(), "cycle:2"),
            sorted(vec![kn.w2.clone(), kn.c1.clone()])
        );
        assert_eq!(cycle::bucket(0), 0);
        assert_eq!(cycle::bucket(7), 0);
        assert_eq!(cycle::bucket(8), 1);
        assert_eq!(cycle::bucket(365), 6);
        assert_eq!(cycle::bucket(4000), 7);

        // Leads created in Q4: four from the webinar, two became deals.
        let s = sources::data(input, q4());
        let c = json(&s.chart().to_string());
        assert_eq!(c["xAxis"]["data"], serde_json::json!(["Webinar · 50%"]));
        assert_eq!(series_data(&c, 0), [2]);
        assert_eq!(series_data(&c, 1), [2]);
        assert_eq!(cells(&s.table()), [["Webinar", "4", "2", "50%"]]);
        let b = behind(input, &q4(), "source:Webinar");
        assert_eq!((b.kind, b.ids.len()), (Some(Kind::Lead), 4));
    });
    // A pipeline filter: leads cannot be placed, and the chart says why.
    let scope = Scope {
        pipeline: kn.fx.ws.default_pipeline().map(|p| p.id.clone()),
        ..Scope::everyone()
    };
    with(&kn.fx.ws, &scope, |input| {
        let spec = sources::data(input, q4()).spec();
        assert!(spec
            .empty
            .unwrap()
            .starts_with("Leads have no segment or pipeline"));
    });
}

const XSS: &str = "<img src=x onerror=alert(1)>";

/// The fixture with a rep, a stage, a lost reason and a lead source named as HTML.
fn hostile() -> Known {
    let mut kn = known();
    let ws = &mut kn.fx.ws;
    let mut ana = ws.reps.get(&kn.ana).unwrap().clone();
    ana.name = XSS.into();
    ws.put(ana.into());
    let mut p = ws.default_pipeline().unwrap().clone();
    for s in p.stages.iter_mut() {
        if s.name == "Prospecting" || s.name == "Proposal" {
            s.name = format!("{XSS} {}", s.name);
        }
    }
    ws.put(p.into());
    let mut l1 = ws.deals.get(&kn.l1).unwrap().clone();
    l1.lost_reason = Some(XSS.into());
    ws.put(l1.into());
    let leads: Vec<Id> = ws.leads.values().map(|l| l.id.clone()).collect();
    for id in leads {
        let mut l = ws.leads.get(&id).unwrap().clone();
        l.source = Some(format!("{XSS} & \"friends\" 'n' co"));
        ws.put(l.into());
    }
    kn
}

#[test]
fn user_text_never_reaches_echarts_as_html() {
    let kn = hostile();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        for (name, spec, chart) in all_specs(input, q4()) {
            for text in [&chart, &spec.option] {
                assert!(!text.contains("<img"), "{name}: {text}");
                for c in ['<', '>', '"', '\''] {
                    // JSON's own quotes aside, no user character is left as it was.
                    let v: Value = serde_json::from_str(text).unwrap();
                    assert!(!strings(&v).iter().any(|s| s.contains(c)), "{name}: {c}");
                }
            }
            // The tables are text for the page (rendered as text, never as HTML): they
            // keep the names as typed.
            let _ = spec.table;
        }
        let spec = reps::data(input, q4()).spec();
        assert!(spec.option.contains("‹img src=x onerror=alert(1)›"));
        assert_eq!(reps::data(input, q4()).table().rows[0].cells[0], XSS);
        let lost = lost::data(input, q4()).spec();
        assert_eq!(lost.table.rows[0].cells[0], XSS);
        assert_eq!(
            ChartKey::parse(lost.keys[0][0].as_deref().unwrap()),
            Some(ChartKey::LostReason {
                reason: Some(XSS.into())
            })
        );
        assert_eq!(
            deals_behind(input, &q4(), lost.keys[0][0].as_deref().unwrap()),
            std::slice::from_ref(&kn.l1)
        );
    });
}

/// Every string in a JSON value (keys aside).
fn strings(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().flat_map(strings).collect(),
        Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn every_chart_has_its_question_as_title_and_the_widget_draws_tooltips_as_text() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        for (name, spec, chart) in all_specs(input, q4()) {
            let c = json(&chart);
            assert_eq!(c["title"][0]["text"], spec.title.as_str(), "{name}");
            assert!(spec.title.len() > 10, "{name}");
            assert!(spec.table.caption.starts_with(&spec.title), "{name}");
            let o = json(&spec.option);
            assert_eq!(o["tooltip"]["renderMode"], "richText", "{name}");
            assert_eq!(o["title"][0]["show"], false, "{name}: the page shows it");
            let top = |v: &Value| v["grid"][0]["top"].as_f64().unwrap();
            assert_eq!(top(&c) - top(&o), super::common::TITLE_SPACE, "{name}");
            // A key for every data item of every series.
            let series = c["series"].as_array().unwrap();
            assert_eq!(spec.keys.len(), series.len(), "{name}");
            for (s, keys) in series.iter().zip(&spec.keys) {
                assert_eq!(s["data"].as_array().unwrap().len(), keys.len(), "{name}");
            }
            assert_eq!(spec.empty, None, "{name}");
        }
    });
}

/// Every key of every chart names exactly the records the chart counted there, on the
/// small demo (thousands of records in every shape), for the current and an earlier
/// quarter, all time, and a rep's and a pipeline's scope.
#[test]
fn every_key_names_the_records_the_chart_counted() {
    let day = today();
    let now = crate::analytics::kpi::fixture::noon(day);
    let ws = crate::demo::generate(crate::demo::DemoSize::Small, 3, day, now);
    let rep = ws.reps.values().map(|r| r.id.clone()).min().unwrap();
    let scopes = [
        Scope::everyone(),
        Scope::rep(rep),
        Scope {
            pipeline: ws.default_pipeline().map(|p| p.id.clone()),
            ..Scope::everyone()
        },
    ];
    let mut checked = 0;
    for scope in &scopes {
        with(&ws, scope, |input| {
            for p in [
                q4(),
                Period::quarter_of(d(2026, 4, 1), 1),
                Period::all_time(1),
            ] {
                let kpis = compute(input, p);
                let mut counted: Vec<(String, usize)> = Vec::new();
                let b = bookings::data(input, p);
                for m in &b.months {
                    counted.push((
                        ChartKey::Month {
                            start: m.month.start(),
                        }
                        .to_string(),
                        m.deals,
                    ));
                }
                let f = funnel::data(&kpis);
                for (s, k) in f.steps.iter().zip(&f.keys()[0]) {
                    counted.push((k.clone().unwrap(), s.entered));
                }
                let o = pipeline::data(input, p);
                for (c, keys) in o.keys().iter().enumerate() {
                    for (s, k) in o.stages.iter().zip(keys) {
                        counted.push((k.clone().unwrap(), s.cells[c].deals));
                    }
                }
                let r = reps::data(input, p);
                let rk = r.keys();
                for (i, rep) in r.reps.iter().enumerate() {
                    for (j, _) in r.months.iter().enumerate() {
                        counted.push((rk[2 * i][j].clone().unwrap(), rep.won[j].deals));
                        counted.push((rk[2 * i + 1][j].clone().unwrap(), rep.lost[j].deals));
                    }
                }
                let a = activities::data(&kpis);
                for (c, keys) in a.keys().iter().enumerate() {
                    for (row, k) in a.table.rows.iter().zip(keys) {
                        counted.push((k.clone().unwrap(), row.counts[c]));
                    }
                }
                let l = lost::data(input, p);
                for (r, k) in l.reasons.iter().zip(&l.keys()[0]) {
                    counted.push((k.clone().unwrap(), r.lost.deals));
                }
                let c = cycle::data(input, p);
                for (i, k) in c.keys()[0].iter().enumerate() {
                    counted.push((k.clone().unwrap(), c.counts[i]));
                }
                let s = sources::data(input, p);
                for (r, k) in s.rows.iter().zip(&s.keys()[0]) {
                    counted.push((k.clone().unwrap(), r.leads));
                }
                assert!(counted.iter().any(|(_, n)| *n > 0), "{}", p.label());
                for (key, n) in counted {
                    let got = behind(input, &p, &key);
                    assert_eq!(got.ids.len(), n, "{key} in {} for {scope:?}", p.label());
                    checked += usize::from(n > 0);
                }
            }
        });
    }
    assert!(checked > 100, "keys with records: {checked}");
}

/// The option JSON the end-to-end test draws with the trimmed ECharts build
/// (`tests/e2e/charts.test.mjs`): every chart of the fixture, as the widget draws it.
/// `SALESDECK_WRITE_FIXTURES=1 cargo test chart_fixture` writes it again.
#[test]
fn chart_fixture_for_the_browser_test_is_current() {
    let kn = known();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/e2e/fixtures/charts.json"
    );
    let fixture = with(&kn.fx.ws, &Scope::everyone(), |input| {
        let charts: Vec<Value> = all_specs(input, q4())
            .into_iter()
            .map(|(name, spec, _)| {
                serde_json::json!({
                    "name": name,
                    "title": spec.title,
                    "option": json(&spec.option),
                    "keys": spec.keys,
                })
            })
            .collect();
        serde_json::to_string_pretty(&charts).unwrap() + "\n"
    });
    if std::env::var_os("SALESDECK_WRITE_FIXTURES").is_some() {
        std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
        std::fs::write(path, &fixture).unwrap();
    }
    let stored = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        stored == fixture,
        "{path} is stale: run SALESDECK_WRITE_FIXTURES=1 cargo test chart_fixture"
    );
}

/// `cargo test --release chart_speed -- --ignored --nocapture`: each chart's data on
/// the large demo (50,000 deals, 200,000 activities).
#[test]
#[ignore]
fn chart_speed_on_the_large_demo() {
    let now = chrono::Utc::now();
    let day = now.date_naive();
    let ws = crate::demo::generate(crate::demo::DemoSize::Large, 7, day, now);
    let rates = Rates::of(&ws);
    let scope = Scope::everyone();
    let facts = KpiFacts::build(&ws);
    let input = KpiInput {
        ws: &ws,
        facts: &facts,
        scope: &scope,
        today: day,
        rates: &rates,
    };
    for p in [
        Period::quarter_of(day, 1),
        Period::year_of(day, 1),
        Period::all_time(1),
    ] {
        let kpis = compute(&input, p);
        let time = |name: &str, f: &mut dyn FnMut() -> ChartSpec| {
            let t = std::time::Instant::now();
            let data = f();
            let e = t.elapsed();
            println!(
                "{:>10} {name:<11} {e:>10.2?} ({} keys)",
                p.label(),
                data.keys.iter().map(Vec::len).sum::<usize>()
            );
            e
        };
        let mut worst = std::time::Duration::ZERO;
        worst = worst.max(time("bookings", &mut || bookings::data(&input, p).spec()));
        worst = worst.max(time("funnel", &mut || funnel::data(&kpis).spec()));
        worst = worst.max(time("pipeline", &mut || pipeline::data(&input, p).spec()));
        worst = worst.max(time("reps", &mut || reps::data(&input, p).spec()));
        worst = worst.max(time("activities", &mut || activities::data(&kpis).spec()));
        worst = worst.max(time("lost", &mut || lost::data(&input, p).spec()));
        worst = worst.max(time("cycle", &mut || cycle::data(&input, p).spec()));
        worst = worst.max(time("sources", &mut || sources::data(&input, p).spec()));
        let t = std::time::Instant::now();
        let b = behind(&input, &p, "activities:call:");
        println!(
            "{:>10} drill-down of activities {:?} ({})",
            p.label(),
            t.elapsed(),
            b.ids.len()
        );
        assert!(worst < std::time::Duration::from_millis(50), "{worst:?}");
    }
}

#[test]
fn the_rep_chart_draws_the_ten_best_reps_and_the_table_lists_all() {
    use crate::analytics::kpi::fixture::Fx;
    let mut fx = Fx::new();
    for i in 0..12 {
        let rep = fx.rep(&format!("Rep {i:02}"), None);
        let day = d(2026, 10, 5);
        fx.deal(
            &rep,
            day,
            &[("Prospecting", day), ("Won", d(2026, 10, 20))],
            Some(100_000 * (i + 1)),
            "USD",
            None,
            None,
        );
    }
    with(&fx.ws, &Scope::everyone(), |input| {
        let r = reps::data(input, q4());
        let chart = json(&r.chart().to_string());
        assert_eq!(chart["series"].as_array().unwrap().len(), 2 * reps::SHOWN);
        assert_eq!(r.keys().len(), 2 * reps::SHOWN, "a key per drawn series");
        let t = r.table();
        assert_eq!(t.rows.len(), 12, "the table lists every rep");
        assert!(
            t.notes
                .iter()
                .any(|n| n.contains("the 10 reps who won the most")),
            "{:?}",
            t.notes
        );
        // The best rep (Rep 11, $12,000) is drawn first.
        assert_eq!(chart["series"][0]["name"], "Rep 11");
    });
}

#[test]
fn pacing_accumulates_won_by_week_against_quota_and_the_previous_quarter() {
    let kn = known();
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let p = pacing::data(input, q4());
        let c = json(&p.chart().to_string());
        assert_eq!(c["title"][0]["text"], pacing::TITLE);
        assert_eq!(c["title"][0]["subtext"], "Q4 2026 beside Q3 2026");
        // Q4 2026's weeks: Oct 1–4 (Thu–Sun), then Monday to Sunday, the last Dec 28–31.
        assert_eq!(p.weeks.len(), 14);
        assert_eq!(c["xAxis"]["data"][0], "4 Oct");
        assert_eq!(c["xAxis"]["data"][13], "31 Dec");
        // W1 $10,000 on Oct 11, W2 $20,000 on Oct 21, W3 €5,000 × 1.2 on Nov 20; C1
        // (COP, no rate) left out; today is Nov 22, so the curve stops at its week.
        let dash = serde_json::json!("-");
        let mut now: Vec<Value> = [
            0.0, 10_000.0, 10_000.0, 30_000.0, 30_000.0, 30_000.0, 30_000.0, 36_000.0,
        ]
        .iter()
        .map(|v| serde_json::json!(v))
        .collect();
        now.extend(std::iter::repeat_n(dash, 6));
        assert_eq!(series_data(&c, 0), now);
        assert_eq!(c["series"][0]["name"], "Q4 2026");
        assert_eq!(c["series"][1]["name"], "Q3 2026");
        // Q3: $8,000 won on Jul 15, in its third week (Jul 13–19).
        let prev = series_data(&c, 1);
        assert_eq!(prev[1], 0.0);
        assert_eq!(prev[2], 8_000.0);
        assert_eq!(c["series"][2]["name"], "Quota");
        assert_eq!(series_data(&c, 2), vec![serde_json::json!(60_000.0); 14]);
        let t = p.table();
        assert_eq!(t.headers, ["Week ending", "Won so far", "Q3 2026", "Quota"]);
        assert_eq!(cells(&t)[1], ["11 Oct 2026", "$10,000", "$0", "$60,000"]);
        // Q3 has 14 weeks too (Jul 1–5 … Sep 28–30): its curve ends at $8,000.
        assert_eq!(cells(&t)[13], ["31 Dec 2026", "—", "$8,000", "$60,000"]);
        assert_eq!(t.notes, ["1 amount is in COP left out: no rate for COP"]);
        assert_eq!(p.keys().len(), 3);
        assert!(p.spec().empty.is_none());
    });
    with(&kn.fx.ws, &Scope::everyone(), |input| {
        let p = pacing::data(input, Period::all_time(1));
        assert!(p.weeks.is_empty());
        assert!(p.spec().empty.is_some());
    });
}
