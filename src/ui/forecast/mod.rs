//! Forecast: every method for a period and a scope, the recommended number (the
//! method with the lowest backtest WMAPE), gap to quota, coverage, what must close,
//! and the backtest table. The view (period and scope) lives in the address like the
//! dashboard's. Numbers come from `analytics::forecast::page`; this only renders.

use crate::analytics::charts::{accuracy, pacing, ChartSpec};
use crate::analytics::dashboard::DashboardView;
use crate::analytics::forecast::accuracy::{rep_lines, stored_rep_lines, RepLine};
use crate::analytics::forecast::backtest::{periods_for, plan, Backtest, Run};
use crate::analytics::forecast::calls::{calls_for, new_call};
use crate::analytics::forecast::edits;
use crate::analytics::forecast::memo::{BacktestKey, DataKey};
use crate::analytics::forecast::page::{summarize, ForecastSummary};
use crate::analytics::forecast::snapshots::{self, StoredAccuracy};
use crate::analytics::forecast::Method;
use crate::analytics::kpi::{whole_money, KpiInput};
use crate::analytics::period::Period;
use crate::domain::Currency;
use crate::domain::{CallKind, Change, ForecastCategory, Id, Record};
use crate::platform;
use crate::ui::components::chart::Chart;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::missing_rates::MissingRates;
use crate::ui::components::split::split_fn;
use crate::ui::components::view_filters::{view_from_address, ViewFilters};
use crate::ui::links::href;
use crate::ui::state::NoticeKind;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::sync::Arc;

fn money(v: f64, home: &Currency) -> String {
    whole_money(v, home)
}

use crate::analytics::forecast::accuracy::{pct, signed_pct};

/// What the stored-snapshot part of the page shows.
#[derive(Clone, Debug, PartialEq)]
struct StoredView {
    /// `None` for a year: snapshots are stored for months and quarters.
    kind: Option<crate::analytics::period::PeriodKind>,
    acc: StoredAccuracy,
    spec: ChartSpec,
    reps: Vec<RepLine>,
    latest: Option<(crate::domain::Date, usize)>,
}

type Kept = (BacktestKey, Arc<Backtest>);

#[component]
pub fn ForecastPage() -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let view = view_from_address();
    let today = platform::today();
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));
    // The backtest's question; it changes only when the data the backtest reads does
    // (a call or a snapshot leaves it), so a kept backtest is shown at once.
    let bt_key = Memo::new(move |_| {
        let v = view.get();
        state.ws.with(|w| {
            let period = v.period.resolve(today, w.settings.fiscal_year_start_month);
            (!period.is_all_time()).then(|| BacktestKey {
                data: DataKey::of(w),
                today,
                kind: periods_for(period.kind).0,
                scope: v.scope.clone(),
            })
        })
    });
    let backtest = RwSignal::new(None::<Kept>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let key = bt_key.get();
        generation.update_value(|g| *g += 1);
        let gen = generation.get_value();
        let Some(key) = key else {
            backtest.set(None);
            progress.set(None);
            return;
        };
        if let Some(b) = state.kept_backtest(&key) {
            progress.set(None);
            backtest.set(Some((key, b)));
            return;
        }
        // The last backtest of the same question stays on screen while it reruns.
        if backtest.with_untracked(|b| {
            b.as_ref()
                .is_some_and(|(k, _)| k.kind != key.kind || k.scope != key.scope)
        }) {
            backtest.set(None);
        }
        progress.set(Some((0, 0)));
        spawn_local(run_backtest(
            state, key, gen, generation, backtest, progress,
        ));
    });
    let computed = Memo::new(move |_| {
        let v = view.get();
        let bt = backtest.get().map(|(_, b)| b);
        state.ws.with(|w| {
            let period = v.period.resolve(today, w.settings.fiscal_year_start_month);
            state.with_forecast(w, |ctx| {
                let s = platform::timed("salesdeck:forecast", || {
                    summarize(ctx, &v.scope, period, today, bt.as_deref(), 15)
                });
                let input = KpiInput {
                    ws: w,
                    facts: ctx.facts,
                    scope: &v.scope,
                    today,
                    rates: ctx.rates,
                };
                let pace = pacing::data(&input, period).spec();
                let acc = bt.as_ref().map(|b| {
                    (
                        accuracy::data(b, &ctx.rates.home()).spec(),
                        rep_lines(b, ctx.facts, w),
                    )
                });
                let kind = snapshots::stored_kind(period.kind);
                let stored_acc = kind
                    .map(|k| snapshots::accuracy(ctx, k, today))
                    .unwrap_or_default();
                let stored = StoredView {
                    kind,
                    spec: accuracy::from_stored(&stored_acc, &ctx.rates.home()).spec(),
                    reps: stored_rep_lines(&stored_acc, w),
                    acc: stored_acc,
                    latest: snapshots::latest(w.forecast_snapshots.values()),
                };
                (s, bt, pace, acc, stored)
            })
        })
    });
    let on_change = Callback::new(move |v: DashboardView| {
        navigate(&format!("/forecast?{}", v.to_query()), Default::default());
    });
    let subtitle = Signal::derive(move || {
        let v = view.get();
        let period = computed.with(|c| {
            c.as_ref()
                .map(|(s, ..)| s.period.label())
                .unwrap_or_default()
        });
        format!("{period} · {}", state.ws.with(|w| v.scope.label(w)))
    });
    let running = move || {
        progress.get().map(|(done, total)| {
            let text = if total == 0 {
                "Backtesting…".to_string()
            } else {
                format!("Backtesting… {done} of {total} as-of dates replayed")
            };
            view! { <p class="muted" role="status">{text}</p> }
        })
    };
    view! {
        <PageHeader title="Forecast".to_string() subtitle=subtitle>
            <A href=href("/help")><span class="btn">"Definitions"</span></A>
        </PageHeader>
        <ViewFilters view=view on_change=on_change/>
        <MissingRates/>
        {move || match computed.get() {
            None => view! { <p class="muted" role="status">"Preparing the forecast…"</p> }.into_any(),
            Some((s, bt, pace, acc, stored)) => view! {
                <Headline s=s.clone() home=home.get()/>
                <section class="card section"><Chart spec=Signal::derive(move || pace.clone()) level=2 height=280/></section>
                <Methods s=s.clone() home=home.get()/>
                <Calls period=s.period home=home.get()/>
                <MustCloseList s=s.clone() home=home.get()/>
                {running}
                {bt.map(|b| view! { <BacktestTable b=(*b).clone() home=home.get()/> })}
                {acc.map(|(spec, reps)| view! { <AccuracyView spec=spec reps=reps/> })}
                <StoredAccuracyView v=stored/>
            }.into_any(),
        }}
    }
}

/// Replays the backtest a few as-of dates at a time, giving the browser a turn in
/// between, and keeps the result for its question. It stops when the page leaves, a
/// newer question is asked (`generation`), or the data changes under it.
async fn run_backtest(
    state: AppState,
    key: BacktestKey,
    gen: u64,
    generation: StoredValue<u64>,
    out: RwSignal<Option<Kept>>,
    progress: RwSignal<Option<(usize, usize)>>,
) {
    const START: &str = "salesdeck:forecast-backtest:start";
    platform::mark(START);
    let Some(mut run) = state.ws.with_untracked(|w| {
        state.with_kpi_facts(w, |facts| {
            let p = plan(key.kind, key.today, w.settings.fiscal_year_start_month);
            Run::new(p, facts.matcher(&key.scope, w))
        })
    }) else {
        return;
    };
    loop {
        if generation.try_get_value() != Some(gen) {
            return;
        }
        let step = state.ws.with_untracked(|w| {
            (DataKey::of(w) == key.data)
                .then(|| {
                    state.with_forecast(w, |ctx| {
                        let t = platform::now_ms();
                        while platform::now_ms() - t < 40.0 && run.step(ctx) {}
                        run.is_done().then(|| run.result(ctx))
                    })
                })
                .flatten()
        });
        match step {
            None => return,
            Some(Some(b)) => {
                platform::measure_from("salesdeck:forecast-backtest", START);
                let b = Arc::new(b);
                state.keep_backtest(key.clone(), b.clone());
                progress.set(None);
                out.set(Some((key, b)));
                return;
            }
            Some(None) => {
                progress.set(Some((run.done(), run.total())));
                platform::yield_now().await;
            }
        }
    }
}

/// Stores a forecast snapshot of every method (team and reps, this and the next month
/// and quarter) in one transaction; `weekly` only when none was taken this week.
pub async fn take_snapshot(state: AppState, weekly: bool) -> Result<usize, String> {
    let today = platform::today();
    let snaps = state
        .ws
        .with_untracked(|w| {
            if weekly
                && (w.deals.is_empty() || !snapshots::due(w.forecast_snapshots.values(), today))
            {
                return Some(Vec::new());
            }
            state.with_forecast(w, |ctx| {
                platform::timed("salesdeck:forecast-snapshot", || {
                    snapshots::take(ctx, today, platform::now())
                })
            })
        })
        .unwrap_or_default();
    let n = snaps.len();
    if n == 0 {
        return Ok(0);
    }
    state
        .commit_as_is(snaps.into_iter().map(|s| Change::Put(s.into())).collect())
        .await
        .map_err(|e| e.to_string())?;
    Ok(n)
}

/// The weekly snapshot, once the app has opened and painted. Whether one is due is
/// checked here; the forecast engine that takes it is fetched only when it is.
pub fn take_weekly_snapshot(state: AppState) {
    let today = platform::today();
    let due = state.ws.with_untracked(|w| {
        !w.deals.is_empty() && snapshots::due(w.forecast_snapshots.values(), today)
    });
    if due {
        spawn_local(async move {
            platform::yield_now().await;
            // Not fetched (offline before the worker kept it): tried again next open.
            if let Ok(take) = weekly_snapshot(state).await {
                take.await;
            }
        });
    }
}

type LocalFuture = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

split_fn! {
    #[split(weekly_snapshot)]
    /// A split point (`components::split`): the forecast engine is not in the first
    /// download; this piece is fetched the first time a week's snapshot is due.
    fn weekly_snapshot(
        state: AppState,
    ) -> Result<LocalFuture, leptos::wasm_split::SplitLoaderError> {
        Ok(Box::pin(async move {
            if let Err(e) = take_snapshot(state, true).await {
                state.notify(
                    NoticeKind::Error,
                    format!("The weekly forecast snapshot could not be stored: {e}"),
                );
            }
        }))
    }
}

/// Accuracy from stored snapshots: what each method said then, against what closed.
#[component]
fn StoredAccuracyView(v: StoredView) -> impl IntoView {
    let state = use_app();
    let busy = RwSignal::new(false);
    let take = move |_| {
        busy.set(true);
        spawn_local(async move {
            match take_snapshot(state, false).await {
                Ok(n) => state.notify(
                    NoticeKind::Info,
                    format!("Forecast snapshot taken: {n} numbers stored"),
                ),
                Err(e) => state.notify(NoticeKind::Error, e),
            }
            busy.set(false);
        });
    };
    let latest = match v.latest {
        Some((d, n)) => format!(
            "Latest snapshot: {} ({n} numbers). One is taken automatically the first time the app is opened each week.",
            d.format("%-d %b %Y")
        ),
        None => "No forecast snapshot stored yet. One is taken automatically the first time the app is opened each week, or take one now.".to_string(),
    };
    let acc = v.acc;
    let waiting = acc.waiting;
    let empty = acc.is_empty();
    let reps = v.reps;
    let no_reps = reps.is_empty();
    let spec = v.spec;
    view! {
        <section class="card section" aria-labelledby="fc-stored">
            <h2 id="fc-stored">"Accuracy from stored snapshots"</h2>
            <p class="muted">"What each method really said at the time (stored weekly, for the team and each rep, for this and the next month and quarter), against what closed once the period was over — unlike the replayed backtest above, nothing is reconstructed."</p>
            <p role="status">{latest}</p>
            <button type="button" class="btn" on:click=take disabled=move || busy.get()>"Take a forecast snapshot now"</button>
            {match v.kind {
                None => view! { <p>"Snapshots are stored for months and quarters: pick a month or a quarter to compare them."</p> }.into_any(),
                Some(_) if empty => view! {
                    <p>{format!(
                        "No period with a stored snapshot is over yet{}. Keep opening the app each week (or take a snapshot now); each period is compared with what closed once it ends. Meanwhile the replayed backtest above shows each method's track record.",
                        if waiting > 0 { format!(" ({waiting} stored numbers wait for their period to end)") } else { String::new() }
                    )}</p>
                }.into_any(),
                Some(_) => view! {
                    <table class="data-table">
                        <caption class="sr-only">"Accuracy per method from stored snapshots"</caption>
                        <thead><tr><th scope="col">"Method"</th><th scope="col">"WMAPE"</th><th scope="col">"Bias"</th><th scope="col">"Snapshots compared"</th></tr></thead>
                        <tbody>
                            {Method::ALL.iter().map(|m| { let e = acc.methods[m.index()]; view! {
                                <tr>
                                    <th scope="row">{m.label()}{(acc.best() == Some(*m)).then_some(" (most accurate)")}</th>
                                    <td>{pct(e.wmape())}</td>
                                    <td>{signed_pct(e.bias())}</td>
                                    <td>{e.n}</td>
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">{format!("{} period(s) compared; WMAPE = Σ|F − A| ÷ Σ A, bias = Σ(F − A) ÷ Σ A over every stored team snapshot of a period that is over.", acc.periods.len())}</p>
                    <Chart spec=Signal::derive(move || spec.clone()) level=3 height=280/>
                    <h3>"Per rep, from stored snapshots"</h3>
                    {no_reps.then(|| view! { <p class="muted">"No rep's snapshot is of a period that is over yet."</p> })}
                    {(!no_reps).then(|| view! {
                        <RepAccuracyTable caption="Accuracy per rep from stored snapshots" count="Snapshots" reps=reps.clone()/>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Headline(s: ForecastSummary, home: Currency) -> impl IntoView {
    let rec = s.recommended.clone();
    let quota = s
        .quota
        .map_or("— (no quota set for this period)".to_string(), |q| {
            money(q as f64, &home)
        });
    let gap = s.gap.map_or("—".to_string(), |g| {
        if g > 0.0 {
            format!("{} short", money(g, &home))
        } else {
            format!("{} over", money(-g, &home))
        }
    });
    let coverage = s.coverage.map_or("—".to_string(), |c| format!("{c:.1}×"));
    view! {
        <section class="card section" aria-labelledby="fc-headline">
            <h2 id="fc-headline">"Recommended number"</h2>
            {match rec {
                Some(r) => view! {
                    <p class="fc-big" aria-label="Recommended number">{money(r.value, &home)}</p>
                    <p>{format!(
                        "{} — the most accurate method here: WMAPE {} and bias {} over the last {} periods' backtest.",
                        r.method.label(), pct(r.track.wmape()), signed_pct(r.track.bias()), r.periods
                    )}</p>
                }.into_any(),
                None => view! { <p>"No recommended number yet: nothing closed in the periods the backtest replays. Import a deal history or close some deals."</p> }.into_any(),
            }}
            <dl class="fc-facts">
                <dt>"Quota"</dt><dd>{quota}</dd>
                <dt>"Won so far"</dt><dd>{format!("{} ({} deals)", money(s.won, &home), s.won_n)}</dd>
                <dt>"Commit"</dt><dd>{money(s.commit, &home)}</dd>
                <dt>"Best case"</dt><dd>{money(s.best_case, &home)}</dd>
                <dt>"Pipeline"</dt><dd>{format!("{} ({} open deals)", money(s.pipeline, &home), s.open_n)}</dd>
                <dt>"Gap to quota"</dt><dd>{gap}</dd>
                <dt>"Coverage"</dt><dd>{coverage}</dd>
            </dl>
        </section>
    }
}

#[component]
fn Methods(s: ForecastSummary, home: Currency) -> impl IntoView {
    view! {
        <section class="card section" aria-labelledby="fc-methods">
            <h2 id="fc-methods">"Forecast by method"</h2>
            <table class="data-table">
                <thead><tr><th scope="col">"Method"</th><th scope="col">"Forecast"</th><th scope="col">"P10–P90"</th><th scope="col">"How"</th></tr></thead>
                <tbody>
                    {s.methods.iter().map(|m| {
                        let band = m.band.map_or("—".to_string(), |(lo, hi)| format!("{} – {}", money(lo, &home), money(hi, &home)));
                        let how = match m.method {
                            Method::Weighted => format!("{} Band: analytic variance Σa²p(1−p), normal.", m.method.definition()),
                            Method::Historical => format!("{} Band: analytic variance, normal.", m.method.definition()),
                            _ => format!("{} Band: the fit's prediction interval.", m.method.definition()),
                        };
                        view! {
                            <tr>
                                <th scope="row">{m.method.label()}</th>
                                <td>{m.value.map_or("— (not enough history)".to_string(), |v| money(v, &home))}</td>
                                <td>{band}</td>
                                <td class="muted">{how}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {s.period.is_all_time().then(|| view! { <p class="muted">"Pick a month, quarter or year to see the backtest."</p> })}
        </section>
    }
}

#[component]
fn MustCloseList(s: ForecastSummary, home: Currency) -> impl IntoView {
    let empty = s.must_close.is_empty();
    let rows = s.must_close;
    view! {
        <section class="card section" aria-labelledby="fc-must">
            <h2 id="fc-must">"What must close"</h2>
            {empty.then(|| view! { <p>"No open deal is expected to close in this period. Set expected close dates on your deals to see them here."</p> })}
            {(!empty).then(|| view! {
                <table class="data-table">
                    <thead><tr><th scope="col">"Deal"</th><th scope="col">"Stage"</th><th scope="col">"Category"</th><th scope="col">"Amount"</th><th scope="col">"Expected close"</th><th scope="col">"Weighted"</th><th scope="col">"Stage probability"</th><th scope="col">"Historical chance"</th><th scope="col">"Why"</th></tr></thead>
                    <tbody>
                        {rows.into_iter().map(|d| { let name = d.name.clone(); let amount_label = format!("Amount of {}", d.name); let close_label = format!("Expected close of {}", d.name); let close_value = d.expected.map(|e| e.to_string()).unwrap_or_default(); view! {
                            <tr>
                                <th scope="row"><A href=href(&format!("/deals/{}", d.id))>{d.name.clone()}</A></th>
                                <td>{d.stage.clone()}</td>
                                <td><CategoryPick id=d.id.clone() name=name current=d.category/></td>
                                <td>{d.amount.map_or("No amount".to_string(), |a| money(a as f64, &home))}
                                    <DealEdit id=d.id.clone() label=amount_label value=String::new() date=false/></td>
                                <td>{d.expected.map_or("—".to_string(), |e| e.format("%-d %b %Y").to_string())}
                                    <DealEdit id=d.id.clone() label=close_label value=close_value date=true/></td>
                                <td>{money(d.weighted, &home)}</td>
                                <td>{pct(Some(d.p0))}</td>
                                <td>{pct(Some(d.pi))}</td>
                                <td class="muted">{d.why.clone()}</td>
                            </tr>
                        }}).collect_view()}
                    </tbody>
                </table>
            })}
        </section>
    }
}

#[component]
fn BacktestTable(b: Backtest, home: Currency) -> impl IntoView {
    let rec = b.recommended;
    view! {
        <section class="card section" aria-labelledby="fc-backtest">
            <h2 id="fc-backtest">"Replayed backtest"</h2>
            <p class="muted">{format!(
                "What each method would have said on the first day and each Monday of the last {} periods, with only what was known the day before, against what closed. WMAPE = Σ|F − A| ÷ Σ A; bias = Σ(F − A) ÷ Σ A.",
                b.periods.len()
            )}</p>
            <table class="data-table">
                <caption class="sr-only">"Backtest accuracy per method"</caption>
                <thead><tr><th scope="col">"Method"</th><th scope="col">"WMAPE"</th><th scope="col">"Bias"</th><th scope="col">"WMAPE on first days"</th><th scope="col">"Forecasts"</th></tr></thead>
                <tbody>
                    {b.methods.iter().map(|m| view! {
                        <tr>
                            <th scope="row">{m.method.label()}{(Some(m.method) == rec).then_some(" (recommended)")}</th>
                            <td>{pct(m.all.wmape())}</td>
                            <td>{signed_pct(m.all.bias())}</td>
                            <td>{pct(m.at_start.wmape())}</td>
                            <td>{m.all.n}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <table class="data-table">
                <caption>"Each period: what closed and what each method said on its first day"</caption>
                <thead><tr><th scope="col">"Period"</th><th scope="col">"Closed won"</th>
                    {Method::ALL.iter().map(|m| view! { <th scope="col">{m.label()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {b.periods.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{r.period.label()}</th>
                            <td>{money(r.actual, &home)}</td>
                            {r.at_start.iter().map(|f| view! { <td>{f.map_or("—".to_string(), |v| money(v, &home))}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// Accuracy: each method's error per period (chart and its table), and per rep.
#[component]
fn AccuracyView(spec: ChartSpec, reps: Vec<RepLine>) -> impl IntoView {
    let empty = reps.is_empty();
    view! {
        <section class="card section" aria-labelledby="fc-accuracy">
            <h2 id="fc-accuracy">"Accuracy from the replayed backtest"</h2>
            <Chart spec=Signal::derive(move || spec.clone()) level=3 height=280/>
            <h3>"Per rep, replayed backtest"</h3>
            {empty.then(|| view! { <p class="muted">"No rep had deals in the periods replayed."</p> })}
            {(!empty).then(|| view! {
                <RepAccuracyTable caption="Backtest accuracy per rep" count="Forecasts" reps=reps.clone()/>
            })}
        </section>
    }
}

/// Changes a deal's amount or expected close from the list, through the normal commit
/// (logged in its history); bad input is refused with the reason and changes nothing.
#[component]
fn DealEdit(id: Id, label: String, value: String, date: bool) -> impl IntoView {
    let state = use_app();
    let error = RwSignal::new(None::<String>);
    let on_change = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let Some(deal) = state.ws.with_untracked(|w| w.deals.get(&id).cloned()) else {
            return;
        };
        let edited = if date {
            edits::with_close(&deal, &text)
        } else {
            edits::with_amount(&deal, &text)
        };
        match edited {
            Err(e) => error.set(Some(e)),
            Ok(mut d) => {
                error.set(None);
                d.updated_at = platform::now();
                let name = d.name.clone();
                spawn_local(async move {
                    match state.commit(vec![Change::Put(Record::Deal(d))]).await {
                        Ok(()) => state.notify(NoticeKind::Info, format!("{name} updated")),
                        Err(e) => error.set(Some(e.to_string())),
                    }
                });
            }
        }
    };
    view! {
        <input type=if date { "date" } else { "text" } class="fc-inline" aria-label=label value=value on:change=on_change placeholder=if date { "" } else { "New amount" }/>
        {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
    }
}

/// Changes a deal's forecast category from the list, through the normal commit (so it
/// is logged in the deal's history).
#[component]
fn CategoryPick(id: Id, name: String, current: ForecastCategory) -> impl IntoView {
    let state = use_app();
    let label = format!("Forecast category of {name}");
    let on_change = move |ev: leptos::ev::Event| {
        let Some(cat) = ForecastCategory::from_key(&event_target_value(&ev)) else {
            return;
        };
        let Some(mut deal) = state.ws.with_untracked(|w| w.deals.get(&id).cloned()) else {
            return;
        };
        deal.forecast_category = Some(cat);
        deal.updated_at = platform::now();
        let name = deal.name.clone();
        spawn_local(async move {
            match state.commit(vec![Change::Put(Record::Deal(deal))]).await {
                Ok(()) => state.notify(NoticeKind::Info, format!("{name} is now {}", cat.label())),
                Err(e) => state.report(&e),
            }
        });
    };
    view! {
        <select aria-label=label on:change=on_change>
            {ForecastCategory::ALL.iter().map(|c| view! {
                <option value=c.key() selected=*c == current>{c.label()}</option>
            }).collect_view()}
        </select>
    }
}

/// Each rep's call for the period and a manager's adjustment, with their dates.
#[component]
fn Calls(period: Period, home: Currency) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| state.ws.with(|w| calls_for(w, &period)));
    let reps = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut r: Vec<(Id, String)> = w
                .reps
                .values()
                .filter(|r| r.active)
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect();
            r.sort_by(|a, b| a.1.cmp(&b.1));
            r
        })
    });
    let rep = RwSignal::new(String::new());
    let by = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let home2 = home.clone();
    let find = move |key: String| {
        reps.with_untracked(|r| {
            r.iter()
                .find(|(id, _)| id.to_string() == key)
                .map(|(id, _)| id.clone())
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let call = new_call(
            platform::new_id(),
            find(rep.get_untracked()),
            find(by.get_untracked()),
            &period,
            &amount.get_untracked(),
            &note.get_untracked(),
            &home2,
            platform::now(),
        );
        match call {
            Err(e) => error.set(Some(e)),
            Ok(c) => {
                error.set(None);
                spawn_local(async move {
                    match state
                        .commit(vec![Change::Insert(Record::ForecastCall(c))])
                        .await
                    {
                        Ok(()) => {
                            amount.set(String::new());
                            note.set(String::new());
                            state.notify(NoticeKind::Info, "Call saved");
                        }
                        Err(e) => error.set(Some(e.to_string())),
                    }
                });
            }
        }
    };
    let fmt_call = move |c: &crate::domain::ForecastCall, home: &Currency| {
        let note = if c.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", c.note)
        };
        format!(
            "{} on {}{note}",
            money(c.amount as f64, home),
            crate::domain::time::local_day(c.created_at).format("%-d %b %Y")
        )
    };
    view! {
        <section class="card section" aria-labelledby="fc-calls">
            <h2 id="fc-calls">"Calls"</h2>
            {move || {
                let rows = rows.get();
                let home = home.clone();
                if rows.is_empty() {
                    view! { <p>"No call for this period yet. Each rep submits their number below; a manager can adjust it."</p> }.into_any()
                } else {
                    view! {
                        <table class="data-table">
                            <caption class="sr-only">"Calls for the period"</caption>
                            <thead><tr><th scope="col">"Rep"</th><th scope="col">"Rep's call"</th><th scope="col">"Manager's adjustment"</th></tr></thead>
                            <tbody>
                                {rows.iter().map(|r| view! {
                                    <tr>
                                        <th scope="row">{r.rep.clone()}</th>
                                        <td>{r.own.as_ref().map_or("—".to_string(), |c| fmt_call(c, &home))}</td>
                                        <td>{r.adjusted.as_ref().map_or("—".to_string(), |c| {
                                            let by = match &c.kind { CallKind::Manager { manager_id } => state.ws.with_untracked(|w| w.reps.get(manager_id).map(|m| m.name.clone())).unwrap_or_default(), CallKind::Rep => String::new() };
                                            format!("{} (by {by})", fmt_call(c, &home))
                                        })}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
            <form class="fc-call-form" on:submit=submit>
                <label for="fc-rep">"Rep"</label>
                    <select id="fc-rep" prop:value=rep on:change=move |ev| rep.set(event_target_value(&ev))>
                        <option value="">"Choose…"</option>
                        {move || reps.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                <label for="fc-by">"Adjusted by (manager)"</label>
                    <select id="fc-by" prop:value=by on:change=move |ev| by.set(event_target_value(&ev))>
                        <option value="">"Nobody: the rep's own call"</option>
                        {move || reps.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                <label for="fc-amount">"Amount"</label><input id="fc-amount" type="text" prop:value=amount on:input=move |ev| amount.set(event_target_value(&ev))/>
                <label for="fc-note">"Note"</label><input id="fc-note" type="text" prop:value=note on:input=move |ev| note.set(event_target_value(&ev))/>
                <button type="submit" class="btn">"Submit call"</button>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </form>
        </section>
    }
}

/// Each rep's WMAPE (bias) per method: the same table for stored snapshots and for
/// the replayed backtest.
#[component]
fn RepAccuracyTable(
    caption: &'static str,
    count: &'static str,
    reps: Vec<RepLine>,
) -> impl IntoView {
    view! {
        <table class="data-table">
            <caption class="sr-only">{caption}</caption>
            <thead><tr><th scope="col">"Rep"</th>
                {Method::ALL.iter().map(|m| view! { <th scope="col">{format!("{} WMAPE (bias)", m.label())}</th> }).collect_view()}
                <th scope="col">{count}</th>
            </tr></thead>
            <tbody>
                {reps.into_iter().map(|r| {
                    let cells = r.cells();
                    view! {
                        <tr>
                            <th scope="row">{r.rep}</th>
                            {cells.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}
                            <td>{r.n}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
