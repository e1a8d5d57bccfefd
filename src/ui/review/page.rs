//! The review page: the waterfall from the open pipeline then to now, and the deals
//! behind each change, per rep.

use crate::analytics::dashboard::DashboardView;
use crate::analytics::kpi::whole_money;
use crate::analytics::review::{review, ChangeKind, Review};
use crate::analytics::text::plural;
use crate::domain::time::format_date;
use crate::domain::{Currency, Rates};
use crate::platform;
use crate::ui::components::chart::Chart;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::missing_rates::MissingRates;
use crate::ui::components::view_filters::ViewFilters;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn ReviewPage() -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let query = use_query_map();
    let today = platform::today();
    let view = Memo::new(move |_| {
        query.with(|q| {
            state
                .ws
                .with(|w| DashboardView::from_query(|k| q.get_str(k), w))
        })
    });
    let since = Memo::new(move |_| {
        query
            .with(|q| {
                q.get_str("since")
                    .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            })
            .filter(|d| *d < today)
            .unwrap_or(today - chrono::Days::new(7))
    });
    let go = move |v: DashboardView, since: chrono::NaiveDate| {
        navigate(
            &format!(
                "/review?{}&since={}",
                v.to_query(),
                since.format("%Y-%m-%d")
            ),
            Default::default(),
        );
    };
    let go2 = go.clone();
    let on_change = Callback::new(move |v: DashboardView| go(v, since.get_untracked()));
    let result = Memo::new(move |_| {
        let v = view.get();
        let since = since.get();
        state.ws.with(|w| {
            let rates = Rates::of(w);
            state.with_kpi_facts(w, |f| {
                review(w, f, &f.matcher(&v.scope, w), &rates, since, today)
            })
        })
    });
    let open = RwSignal::new(None::<ChangeKind>);
    let home = Memo::new(move |_| state.ws.with(|w| w.settings.home_currency.clone()));
    let subtitle = Signal::derive(move || {
        format!(
            "Since {} · {}",
            format_date(since.get()),
            state.ws.with(|w| view.get().scope.label(w))
        )
    });
    let dashboard_link = move || href(&format!("/dashboard?{}", view.get().to_query()));
    view! {
        <PageHeader title="What changed".to_string() subtitle=subtitle>
            <A href=dashboard_link><span class="btn">"Dashboard"</span></A>
        </PageHeader>
        <div class="toolbar" role="group" aria-label="Review start">
            <div class="toolbar-field">
                <label for="review-since">"Since"</label>
                <input id="review-since" type="date" prop:value=move || since.get().format("%Y-%m-%d").to_string()
                    max=(today - chrono::Days::new(1)).format("%Y-%m-%d").to_string()
                    on:change=move |ev| {
                        if let Ok(d) = chrono::NaiveDate::parse_from_str(&event_target_value(&ev), "%Y-%m-%d") {
                            go2(view.get_untracked(), d);
                        }
                    }/>
            </div>
        </div>
        <ViewFilters view=view on_change=on_change no_period=true/>
        <MissingRates/>
        {move || result.get().map(|r| view! { <ReviewBody r=r home=home.get() open=open/> })}
    }
}

#[component]
fn ReviewBody(r: Review, home: Currency, open: RwSignal<Option<ChangeKind>>) -> impl IntoView {
    let w = r.waterfall.clone();
    let home3 = home.clone();
    let money = move |v: i64| whole_money(v as f64, &home);
    let money2 = money.clone();
    let balanced = w.closing == w.computed_closing();
    let left_out = (!w.left_out.is_empty()).then(|| {
        let parts: Vec<String> = w
            .left_out
            .iter()
            .map(|(c, n)| format!("{} in {c}", plural(*n, "deal", "deals")))
            .collect();
        format!("Left out for want of a rate: {}.", parts.join(", "))
    });
    let groups = r.groups.clone();
    let chart = crate::analytics::charts::waterfall::data(&r, &home3).spec();
    view! {
        <Chart spec=Signal::derive(move || chart.clone()) on_select=Callback::new(move |key: String| {
            if let Some(k) = crate::analytics::charts::waterfall::kind_of(&key) { open.set(Some(k)); }
        })/>
        <p class="muted">{if balanced { "Then + new + moved in + increases − decreases − won − lost − moved out = now, to the cent. Amounts at today's rates." } else { "These steps do not add up: please report it." }}</p>
        {left_out.map(|l| view! { <p class="callout callout-warn">{l}</p> })}
        <section class="card section" aria-labelledby="changes-title">
            <h2 id="changes-title">"Changes"</h2>
            <table class="data-table">
                <caption class="sr-only">"Deals that changed, by kind of change"</caption>
                <thead><tr><th scope="col">"Change"</th><th scope="col">"Deals"</th><th scope="col" class="num">"Amount"</th><th scope="col">"By rep"</th><th scope="col"></th></tr></thead>
                <tbody>
                    {groups.iter().map(|g| {
                        let kind = g.kind;
                        let reps = g.per_rep.iter().map(|l| format!("{} {} ({})", l.name, l.count, money2(l.amount))).collect::<Vec<_>>().join(" · ");
                        view! {
                            <tr>
                                <th scope="row">{kind.label()}</th>
                                <td>{g.count}</td>
                                <td class="num">{money2(g.amount)}<span class="muted small">{format!(" {}", kind.amount_means())}</span></td>
                                <td class="small">{reps}</td>
                                <td>{(g.count > 0).then(|| view! {
                                    <button type="button" class="btn btn-small" aria-label=format!("Show the {} deals: {}", kind.label().to_lowercase(), g.count)
                                        on:click=move |_| open.set(Some(kind))>"Show"</button>
                                })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
        {move || open.get().map(|k| {
            let g = r.group(k).clone();
            let home2 = home3.clone();
            view! {
                <section class="card section" aria-labelledby="review-deals-title">
                    <div class="section-header">
                        <h2 id="review-deals-title">{format!("{}: {}", k.label(), plural(g.count, "deal", "deals"))}</h2>
                        <button type="button" class="btn btn-small" on:click=move |_| open.set(None)>"Close"</button>
                    </div>
                    {if g.deals.is_empty() {
                        view! { <p class="muted">"No deal changed this way."</p> }.into_any()
                    } else {
                        view! {
                            <table class="data-table">
                                <thead><tr><th scope="col">"Deal"</th><th scope="col">"Owner"</th><th scope="col">"What changed"</th><th scope="col" class="num">"Amount"</th></tr></thead>
                                <tbody>
                                    {g.deals.clone().into_iter().map(|d| view! {
                                        <tr>
                                            <td><A href=href(&format!("/deals/{}", d.id))>{d.name.clone()}</A></td>
                                            <td>{d.owner.clone()}</td>
                                            <td>{d.detail.clone()}</td>
                                            <td class="num">{d.amount.map(|a| whole_money(a as f64, &home2)).unwrap_or_else(|| "no rate".into())}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any()
                    }}
                </section>
            }
        })}
    }
}
