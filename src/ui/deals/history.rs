//! A deal's stage history: every stage it entered, newest first.

use crate::domain::time::format_date;
use crate::domain::Id;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Every stage the deal entered, newest first.
#[component]
pub fn StageHistory(deal_id: Id) -> impl IntoView {
    let state = use_app();
    let entries = Memo::new(move |_| {
        state.ws.with(|w| {
            let Some(d) = w.deals.get(&deal_id) else {
                return Vec::new();
            };
            let pipeline = w.pipelines.get(&d.pipeline_id);
            d.stage_history
                .iter()
                .rev()
                .map(|c| {
                    let name = pipeline
                        .and_then(|p| p.stage(&c.stage_id))
                        .map(|s| s.name.clone())
                        .unwrap_or_else(|| "A removed stage".into());
                    (
                        name,
                        format_date(c.at.with_timezone(&chrono::Local).date_naive()),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Stage history"</h2></div>
            <ol class="timeline">
                {move || entries.get().into_iter().map(|(stage, date)| view! {
                    <li><span class="timeline-stage">{stage}</span><span class="muted">{date}</span></li>
                }).collect_view()}
            </ol>
        </section>
    }
}
