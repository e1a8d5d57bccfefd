//! A deal's history: every stage it entered and every logged change of its tracked
//! fields, newest first (the words come from `analytics::deal_history`).

use crate::analytics::deal_history::deal_history;
use crate::domain::time::format_date;
use crate::domain::Id;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn StageHistory(deal_id: Id) -> impl IntoView {
    let state = use_app();
    let entries = Memo::new(move |_| {
        state.ws.with(|w| {
            w.deals
                .get(&deal_id)
                .map(|d| deal_history(w, d))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="card section" aria-labelledby="deal-history-title">
            <div class="section-header"><h2 id="deal-history-title">"History"</h2></div>
            <ol class="timeline">
                {move || entries.get().into_iter().map(|e| view! {
                    <li>
                        <span class="timeline-stage">{e.field}</span>
                        " "
                        <span>{e.change}</span>
                        " "
                        <span class="muted">{format_date(e.day)}</span>
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// An open deal's historical chance and expected close month, with why in one line
/// (`analytics::forecast::page::deal_outlook`).
#[component]
pub fn DealOutlook(deal_id: Id) -> impl IntoView {
    use crate::analytics::forecast::page::deal_outlook;
    let state = use_app();
    let today = crate::platform::today();
    let outlook = Memo::new(move |_| {
        state.ws.with(|w| {
            state
                .with_forecast(w, |ctx| deal_outlook(ctx, &deal_id, today))
                .flatten()
        })
    });
    move || {
        outlook.get().map(|(p, month, why)| {
            let month = month.map_or("unknown".to_string(), |m| m.format("%B %Y").to_string());
            view! {
                <section class="card section" aria-labelledby="deal-outlook-title">
                    <h2 id="deal-outlook-title">"Historical outlook"</h2>
                    <p>{format!("Chance of winning: {:.0}% · expected to close in {month}", p * 100.0)}</p>
                    <p class="muted">{why}</p>
                </section>
            }
        })
    }
}
