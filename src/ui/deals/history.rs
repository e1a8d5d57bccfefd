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
