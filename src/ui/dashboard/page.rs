//! The dashboard page: the view (period and scope) lives in the address.

use super::charts::{drill_rows, DashboardCharts, DrillList};
use super::tables::{ActivityTableView, StageTableView};
use super::tiles::KpiTiles;
use crate::analytics::charts::{
    activities, bookings, cycle, funnel, lost, pipeline, reps, sources, ChartSpec,
};
use crate::analytics::dashboard::DashboardView;
use crate::analytics::kpi::{compute, KpiInput, Kpis};
use crate::domain::Rates;
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::missing_rates::MissingRates;
use crate::ui::components::view_filters::{view_from_address, ViewFilters};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let view = view_from_address();
    let today = platform::today();
    let kpis = Memo::new(move |_| {
        let v = view.get();
        state.ws.with(|w| {
            let rates = Rates::of(w);
            let period = v.period.resolve(today, w.settings.fiscal_year_start_month);
            state.with_kpi_facts(w, |facts| {
                platform::timed("salesdeck:kpi", || {
                    compute(
                        &KpiInput {
                            ws: w,
                            facts,
                            scope: &v.scope,
                            today,
                            rates: &rates,
                        },
                        period,
                    )
                })
            })
        })
    });
    let specs = Memo::new(move |_| {
        let v = view.get();
        let k = kpis.get()?;
        state.ws.with(|w| {
            let rates = Rates::of(w);
            state.with_kpi_facts(w, |facts| {
                let input = KpiInput {
                    ws: w,
                    facts,
                    scope: &v.scope,
                    today,
                    rates: &rates,
                };
                let p = k.period;
                platform::timed("salesdeck:charts", || {
                    vec![
                        bookings::data(&input, p).spec(),
                        funnel::data(&k).spec(),
                        pipeline::data(&input, p).spec(),
                        reps::data(&input, p).spec(),
                        activities::data(&k).spec(),
                        lost::data(&input, p).spec(),
                        cycle::data(&input, p).spec(),
                        sources::data(&input, p).spec(),
                    ]
                })
            })
        })
    });
    let query = use_query_map();
    let drill_key = Memo::new(move |_| query.with(|q| q.get_str("drill").map(str::to_string)));
    let navigate_drill = navigate.clone();
    let on_select = Callback::new(move |key: String| {
        let v = view.get_untracked();
        let safe: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || "-_.:".contains(c) {
                    c.to_string()
                } else {
                    format!("%{:02X}", c as u32)
                }
            })
            .collect();
        navigate_drill(
            &format!("/dashboard?{}&drill={safe}", v.to_query()),
            Default::default(),
        );
    });
    let navigate_close = navigate.clone();
    let on_close = Callback::new(move |_| {
        navigate_close(
            &format!("/dashboard?{}", view.get_untracked().to_query()),
            Default::default(),
        );
    });
    let drilled = Memo::new(move |_| {
        let key = drill_key.get()?;
        let v = view.get();
        let k = kpis.get()?;
        let title = specs
            .with(|s| {
                s.as_ref().and_then(|s: &Vec<ChartSpec>| {
                    s.iter()
                        .find(|c| {
                            c.keys
                                .iter()
                                .flatten()
                                .any(|x| x.as_deref() == Some(key.as_str()))
                        })
                        .map(|c| c.title.clone())
                })
            })
            .unwrap_or_else(|| "Behind the chart".to_string());
        state.ws.with(|w| {
            let rates = Rates::of(w);
            state.with_kpi_facts(w, |facts| {
                let input = KpiInput {
                    ws: w,
                    facts,
                    scope: &v.scope,
                    today,
                    rates: &rates,
                };
                (drill_rows(&input, &k.period, &key), title)
            })
        })
    });
    let on_change = Callback::new(move |v: DashboardView| {
        navigate(&format!("/dashboard?{}", v.to_query()), Default::default());
    });
    let subtitle = Signal::derive(move || {
        let v = view.get();
        let period = kpis.with(|k| {
            k.as_ref()
                .map(|k: &Kpis| k.period.label())
                .unwrap_or_default()
        });
        format!("{period} · {}", state.ws.with(|w| v.scope.label(w)))
    });
    let review_link = move || href(&format!("/review?{}", view.get().to_query()));
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));
    view! {
        <PageHeader title="Dashboard".to_string() subtitle=subtitle>
            <A href=review_link><span class="btn">"What changed"</span></A>
            <A href=href("/help")><span class="btn">"Definitions"</span></A>
        </PageHeader>
        <ViewFilters view=view on_change=on_change/>
        <MissingRates/>
        // The tiles and tables follow the numbers; the charts are mounted once and
        // given each new option (re-creating eight ECharts instances on every period
        // change cost more than computing the numbers).
        <Show
            when=move || kpis.with(Option::is_some)
            fallback=|| view! { <p class="muted" role="status">"Preparing the numbers…"</p> }
        >
            {move || kpis.get().map(|k| view! { <KpiTiles kpis=k home=home.get()/> })}
            {move || drilled.get().map(|(rows, title)| view! { <DrillList rows=rows title=title on_close=on_close/> })}
            <DashboardCharts specs=specs on_select=on_select/>
            {move || kpis.get().map(|k| view! {
                <div class="dashboard-tables">
                    <StageTableView steps=k.stages.clone() period=k.period.label()/>
                    <ActivityTableView table=k.activities period=k.period.label()/>
                </div>
            })}
        </Show>
    }
}
