//! My day's "Next best actions": the ranked suggestions of
//! `analytics::automation::next_actions`, each with its reason and one action. Kept
//! in its own section so My day's other sections change independently.

use crate::analytics::automation::next_actions::{log_call_changes, next_actions};
use crate::platform;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn NextBestActions() -> impl IntoView {
    let state = use_app();
    let items = Memo::new(move |_| {
        let today = platform::today();
        state.ws.with(|w| {
            let stalled = state.stalled_deals(w, today);
            next_actions(w, w.settings.me.as_ref(), platform::now(), today, &stalled)
        })
    });
    let log_call = move |deal: crate::domain::Id| {
        let changes = state
            .ws
            .with_untracked(|w| log_call_changes(w, &deal, platform::new_id(), platform::now()));
        spawn_local(async move {
            match state.commit(changes).await {
                Ok(()) => state.notify(NoticeKind::Info, "Call logged"),
                Err(e) => state.report(&e),
            }
        });
    };
    view! {
        <section class="card section day-section next-actions">
            <h2>"Next best actions"</h2>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return view! { <p class="muted">"Nothing needs you right now: no overdue next steps, passed close dates, hot leads waiting or stalled deals."</p> }.into_any();
                }
                view! {
                    <ol class="todo-list" aria-label="Next best actions">
                        {list.into_iter().map(|s| {
                            let (path, label) = s.act.link();
                            let call = s.act.call_on().cloned().map(|deal| view! {
                                <button class="btn btn-small" on:click=move |_| log_call(deal.clone())>"Log a call"</button>
                            });
                            let action = view! { {call} <A href=href(&path)>{label}</A> };
                            view! {
                                <li>
                                    <span class="next-title">{s.title}</span>
                                    <span class="muted">{s.reason}</span>
                                    {action}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
    }
}
