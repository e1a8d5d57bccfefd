//! The stage conversion and activity tables of the dashboard.

use crate::analytics::kpi::{ActivityTable, StageStep, Unit, COUNTED_KINDS};
use crate::domain::Currency;
use leptos::prelude::*;

fn pct(r: &crate::analytics::kpi::Reading) -> String {
    r.text(Unit::Ratio, &Currency::usd())
}

#[component]
pub fn StageTableView(steps: Vec<StageStep>, period: String) -> impl IntoView {
    view! {
        <section class="card section" aria-labelledby="stage-conversion-title">
            <h2 id="stage-conversion-title">"Stage conversion"</h2>
            <table class="data-table">
                <caption class="sr-only">{format!("Deals that entered each stage in {period}, and how many moved on")}</caption>
                <thead><tr><th scope="col">"Stage"</th><th scope="col">"Entered"</th><th scope="col">"Moved forward"</th><th scope="col">"To next"</th><th scope="col">"Won since"</th><th scope="col">"To won"</th></tr></thead>
                <tbody>
                    {steps.into_iter().map(|s| view! {
                        <tr>
                            <th scope="row">{s.name.clone()}</th>
                            <td>{s.entered}</td>
                            <td>{s.advanced}</td>
                            <td>{pct(&s.to_next)}</td>
                            <td>{s.won}</td>
                            <td>{pct(&s.to_won)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

#[component]
pub fn ActivityTableView(table: ActivityTable, period: String) -> impl IntoView {
    let empty = table.rows.is_empty();
    view! {
        <section class="card section" aria-labelledby="activity-title">
            <h2 id="activity-title">"Activities completed"</h2>
            {if empty {
                view! { <p class="muted">{format!("No calls, meetings, demos or e-mails were completed in {period}. Log them on a deal or on My day.")}</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <caption class="sr-only">{format!("Completed activities per rep in {period}")}</caption>
                        <thead><tr>
                            <th scope="col">"Rep"</th>
                            {COUNTED_KINDS.iter().map(|k| view! { <th scope="col">{k.label()}</th> }).collect_view()}
                            <th scope="col">"Total"</th>
                        </tr></thead>
                        <tbody>
                            {table.rows.iter().map(|r| view! {
                                <tr>
                                    <th scope="row">{r.name.clone()}</th>
                                    {r.counts.iter().map(|c| view! { <td>{*c}</td> }).collect_view()}
                                    <td>{r.total}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">"All"</th>
                            {table.totals.iter().map(|c| view! { <td>{*c}</td> }).collect_view()}
                            <td>{table.total}</td>
                        </tr></tfoot>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
