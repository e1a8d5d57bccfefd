//! The account page's timeline.

use crate::analytics::timeline::account_timeline;
use crate::domain::forms::date_label;
use crate::domain::Id;
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

/// Activities, notes, deals and stage changes at this account, newest first.
#[component]
pub fn AccountTimeline(account_id: Id) -> impl IntoView {
    let state = use_app();
    let items = Memo::new(move |_| state.ws.with(|w| account_timeline(w, &account_id)));
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Timeline"</h2></div>
            <Show when=move || items.with(|i| !i.is_empty()) fallback=|| view! { <p class="muted">"Nothing has happened here yet."</p> }>
                <ol class="timeline" aria-label="Timeline">
                    {move || items.get().into_iter().take(200).map(|i| view! {
                        <li>
                            <span class="kind">{i.label}</span>
                            <A href=href(&i.link)>{i.text}</A>
                            <span class="muted">{date_label(Some(crate::domain::time::local_day(i.at)))}</span>
                        </li>
                    }).collect_view()}
                </ol>
            </Show>
        </section>
    }
}
