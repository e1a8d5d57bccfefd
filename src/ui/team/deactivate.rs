//! Deactivating a rep: what they own, and who takes their open work over.

use crate::analytics::text::plural;
use crate::domain::team::{deactivate, open_work};
use crate::domain::Id;
use crate::platform;
use crate::ui::components::table::filter_select;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn DeactivatePanel(rep_id: Id, deactivating: RwSignal<Option<Id>>) -> impl IntoView {
    let state = use_app();
    let to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (name, work) = state.ws.with_untracked(|w| {
        (
            w.reps
                .get(&rep_id)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            open_work(w, &rep_id),
        )
    });
    let others = {
        let rep_id = rep_id.clone();
        move || {
            state.ws.with(|w| {
                let mut v = vec![(
                    String::new(),
                    "Keep them unassigned to a new rep".to_string(),
                )];
                v.extend(
                    w.active_reps()
                        .into_iter()
                        .filter(|r| r.id != rep_id)
                        .map(|r| (r.id.to_string(), r.name.clone())),
                );
                v
            })
        }
    };
    let confirm = move |_| {
        let target = to.get_untracked();
        let target = (!target.is_empty()).then(|| Id::from_string(target));
        match state
            .ws
            .with_untracked(|w| deactivate(w, &rep_id, target.as_ref(), platform::now()))
        {
            Err(e) => error.set(Some(
                e.iter()
                    .map(|x| x.message.clone())
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
            Ok(changes) => {
                let n = changes.len() - 1;
                spawn_local(async move {
                    match state.commit(changes).await {
                        Ok(()) => {
                            deactivating.set(None);
                            state.notify(
                                NoticeKind::Info,
                                format!(
                                    "Deactivated; {} reassigned",
                                    plural(n, "record", "records")
                                ),
                            );
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let summary = format!(
        "Deactivate {name}? They own {}, {} and {}.",
        plural(work.0, "open deal", "open deals"),
        plural(work.1, "open lead", "open leads"),
        plural(work.2, "open activity", "open activities")
    );
    view! {
        <div class="confirm" role="alertdialog" aria-labelledby="deactivate-text">
            <p id="deactivate-text">{summary}</p>
            {filter_select("reassign-to", "Reassign their open work to", to, others)}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="confirm-actions">
                <button class="btn btn-danger" on:click=confirm>"Deactivate"</button>
                <button class="btn" on:click=move |_| deactivating.set(None)>"Cancel"</button>
            </div>
        </div>
    }
}
