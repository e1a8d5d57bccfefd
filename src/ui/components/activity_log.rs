//! The activity panels every record page shows: "Log activity" and the record's
//! activities (newest first, with a done toggle and delete).

use super::form_support::{focus_first_invalid, owner_options};
use crate::analytics::lists::activities::record_activities;
use crate::analytics::text::plural;
use crate::domain::activity_forms::{set_done, ActivityForm, Links};
use crate::domain::entities::{Activity, ActivityKind};
use crate::domain::forms::date_label;
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// When an activity is due (or was logged), as shown in lists.
pub fn when(a: &Activity) -> String {
    match a.due {
        Some(d) if d.time() == chrono::NaiveTime::MIN => date_label(Some(d.date())),
        Some(d) => format!("{} {}", date_label(Some(d.date())), d.format("%H:%M")),
        None => date_label(Some(crate::domain::time::local_day(a.created_at))),
    }
}

/// "Log activity": pick a kind (one click), adjust if you like, save (second click).
#[component]
pub fn LogActivity(links: Links, about: String) -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let form = FormState::new(ActivityForm::default());
    let links = StoredValue::new(links);
    let about = StoredValue::new(about);
    let done = RwSignal::new(true);
    let choose = move |kind: ActivityKind| {
        let me = state.ws.with_untracked(|w| w.settings.me.clone());
        let f = about.with_value(|a| ActivityForm::quick(kind, a, me.as_ref()));
        done.set(f.done);
        form.values.set(f);
        form.errors.set(Default::default());
        open.set(true);
        request_animation_frame(|| {
            use wasm_bindgen::JsCast;
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("log-save"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.values.update(|f| f.done = done.get_untracked());
        let built = state.ws.with_untracked(|w| {
            form.values.with_untracked(|f| {
                links.with_value(|l| f.to_record(w, l, platform::new_id(), platform::now()))
            })
        });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok(a) => {
                let label = a.kind.label();
                spawn_local(async move {
                    match state
                        .commit(vec![Change::Insert(Record::Activity(a))])
                        .await
                    {
                        Ok(()) => {
                            open.set(false);
                            state.notify(NoticeKind::Info, format!("{label} logged"));
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    let kinds = || {
        ActivityKind::ALL
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect()
    };
    view! {
        <section class="card section log-activity">
            <div class="section-header">
                <h2>"Log activity"</h2>
                <div class="kind-buttons" role="group" aria-label="Log activity">
                    {ActivityKind::ALL.iter().map(|k| {
                        let k = *k;
                        view! { <button class="btn btn-small" on:click=move |_| choose(k)>{format!("Log {}", k.label().to_lowercase())}</button> }
                    }).collect_view()}
                </div>
            </div>
            <Show when=move || open.get()>
                <form class="form" on:submit=save novalidate=true aria-label="New activity">
                    {error_summary(form)}
                    <div class="form-grid">
                        {select_field(form, FieldSpec::new("kind", "Kind"), lens!(kind), kinds)}
                        {text_field(form, FieldSpec::new("subject", "Subject").required(), lens!(subject))}
                        {text_field(form, FieldSpec::new("due_date", "Due date").kind("date"), lens!(due_date))}
                        {text_field(form, FieldSpec::new("due_time", "Due time").kind("time"), lens!(due_time))}
                        {text_field(form, FieldSpec::new("outcome", "Outcome").placeholder("Interested, call back in Q1"), lens!(outcome))}
                        {select_field(form, FieldSpec::new("owner_id", "Activity owner"), lens!(owner_id), owners)}
                        {text_field(form, FieldSpec::new("notes", "Notes"), lens!(notes))}
                    </div>
                    <div class="check">
                        <input type="checkbox" id="log-done" prop:checked=move || done.get() on:change=move |ev| done.set(event_target_checked(&ev))/>
                        <label for="log-done">"Done"</label>
                    </div>
                    <div class="form-actions">
                        <button type="submit" id="log-save" class="btn btn-primary">"Save activity"</button>
                        <button type="button" class="btn" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}

/// A record's activities, newest first, with a done toggle.
#[component]
pub fn ActivityTimeline(filter: fn(&Activity, &Id) -> bool, id: Id) -> impl IntoView {
    let state = use_app();
    let items = Memo::new(move |_| state.ws.with(|w| record_activities(w, |a| filter(a, &id))));
    view! {
        <section class="card section">
            <div class="section-header"><h2>"Activities"</h2><span class="muted">{move || plural(items.with(|i| i.len()), "activity", "activities")}</span></div>
            <Show when=move || items.with(|i| !i.is_empty()) fallback=|| view! { <p class="muted">"Nothing logged yet."</p> }>
                <ul class="activity-list">
                    {move || items.get().into_iter().map(|a| view! { <ActivityItem activity=a/> }).collect_view()}
                </ul>
            </Show>
        </section>
    }
}

/// One activity: done checkbox, kind, subject, when, delete.
#[component]
pub fn ActivityItem(activity: Activity) -> impl IntoView {
    let state = use_app();
    let a = activity.clone();
    let toggle = move |_| {
        let updated = set_done(&a, !a.done, platform::now());
        spawn_local(async move {
            if let Err(e) = state
                .commit(vec![Change::Put(Record::Activity(updated))])
                .await
            {
                state.report(&e);
            }
        });
    };
    let id = format!("done-{}", activity.id);
    let delete_id = activity.id.clone();
    let subject = activity.subject.clone();
    let remove = move |_| {
        let changes = vec![Change::Delete(
            crate::domain::Kind::Activity,
            delete_id.clone(),
        )];
        let text = format!("Deleted “{subject}”");
        spawn_local(async move {
            if let Err(e) = state.delete_with_undo(changes, text).await {
                state.report(&e);
            }
        });
    };
    view! {
        <li class="activity" class:activity-done=activity.done>
            <input type="checkbox" id=id.clone() prop:checked=activity.done on:change=toggle/>
            <label for=id>
                <span class=format!("kind kind-{}", activity.kind.key())>{activity.kind.label()}</span>
                <span class="activity-subject">{activity.subject.clone()}</span>
            </label>
            <span class="muted activity-when">{when(&activity)}</span>
            <button class="btn-link" aria-label=format!("Delete activity {}", activity.subject) on:click=remove>"Delete"</button>
            {activity.outcome.clone().map(|o| view! { <span class="activity-outcome">{o}</span> })}
        </li>
    }
}
