//! Team: the reps (add, edit, deactivate with reassignment, reactivate), then the
//! territories.

use super::deactivate::DeactivatePanel;
use super::territories::Territories;
use crate::analytics::lists::team::{reps_in_order, territories_by_name};
use crate::analytics::text::plural;
use crate::domain::entities::RepRole;
use crate::domain::team::{set_me, RepForm};
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::focus_first_invalid;
use crate::ui::components::layout::PageHeader;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

#[component]
pub fn TeamPage() -> impl IntoView {
    let state = use_app();
    let editing = RwSignal::new(None::<Id>);
    let form = FormState::new(RepForm::new());
    let deactivating = RwSignal::new(None::<Id>);
    let reps = Memo::new(move |_| state.ws.with(reps_in_order));

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = editing.get_untracked().unwrap_or_else(platform::new_id);
        let built = state.ws.with_untracked(|w| {
            let existing = w.reps.get(&id);
            form.values
                .with_untracked(|f| f.to_record(w, existing, id.clone(), platform::now()))
                .map(|r| (r, existing.is_some()))
        });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok((rep, exists)) => {
                let name = rep.name.clone();
                let change = if exists {
                    Change::Put(Record::Rep(rep))
                } else {
                    Change::Insert(Record::Rep(rep))
                };
                spawn_local(async move {
                    match state.commit(vec![change]).await {
                        Ok(()) => {
                            state.notify(NoticeKind::Info, format!("Saved {name}"));
                            editing.set(None);
                            form.values.set(RepForm::new());
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let manager_options = move || {
        state.ws.with(|w| {
            let me = editing.get();
            let mut v = vec![(String::new(), "No manager".to_string())];
            v.extend(
                w.active_reps()
                    .into_iter()
                    .filter(|r| Some(&r.id) != me.as_ref() && r.role == RepRole::Manager)
                    .map(|r| (r.id.to_string(), r.name.clone())),
            );
            v
        })
    };
    let territory_options = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "No territory".to_string())];
            v.extend(
                territories_by_name(w)
                    .into_iter()
                    .map(|t| (t.id.to_string(), t.name.clone())),
            );
            v
        })
    };
    let roles = || {
        RepRole::ALL
            .iter()
            .map(|r| (r.key().to_string(), r.label().to_string()))
            .collect()
    };

    view! {
        <PageHeader title="Team".to_string() subtitle=Signal::derive(move || plural(reps.with(|r| r.iter().filter(|r| r.active).count()), "active rep", "active reps"))/>
        <super::subnav::TeamNav/>
        <section class="card section">
            <h2 class="form-section-title">{move || if editing.get().is_some() { "Edit rep" } else { "Add a rep" }}</h2>
            <form class="form" on:submit=save novalidate=true aria-label="Rep details">
                {error_summary(form)}
                <div class="form-grid">
                    {text_field(form, FieldSpec::new("name", "Rep name").required(), lens!(name))}
                    {text_field(form, FieldSpec::new("email", "Rep e-mail").kind("email"), lens!(email))}
                    {select_field(form, FieldSpec::new("role", "Role"), lens!(role), roles)}
                    {select_field(form, FieldSpec::new("manager_id", "Manager"), lens!(manager_id), manager_options)}
                    {select_field(form, FieldSpec::new("territory_id", "Territory"), lens!(territory_id), territory_options)}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">{move || if editing.get().is_some() { "Save rep" } else { "Add rep" }}</button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="btn" on:click=move |_| { editing.set(None); form.values.set(RepForm::new()); }>"Cancel"</button>
                    </Show>
                </div>
            </form>
        </section>
        <section class="card table-card section">
            <table class="data-table">
                <thead><tr>
                    <th scope="col">"Rep"</th><th scope="col">"E-mail"</th><th scope="col">"Role"</th>
                    <th scope="col">"Territory"</th><th scope="col">"Status"</th><th scope="col"><span class="sr-only">"Actions"</span></th>
                </tr></thead>
                <tbody>
                    {move || reps.get().into_iter().map(|r| {
                        let territory = state.ws.with_untracked(|w|
                            r.territory_id.as_ref().and_then(|t| w.territories.get(t)).map(|t| t.name.clone()).unwrap_or_default());
                        // Read from the settings, not the row: choosing "me" changes no rep.
                        let me_id = r.id.clone();
                        let is_me = Memo::new(move |_| state.ws.with(|w| w.settings.me.as_ref() == Some(&me_id)));
                        let (me_target, me_name, active) = (r.id.clone(), r.name.clone(), r.active);
                        let edit_rep = r.clone();
                        let id = r.id.clone();
                        let reactivate = r.clone();
                        let (card_link, card_name) = (href(&format!("/team/{}", r.id)), r.name.clone());
                        view! {
                            <tr class:row-inactive=!r.active>
                                <td><A href=card_link>{card_name}</A>{move || is_me.get().then(|| view! { <span class="badge badge-muted">"You"</span> })}</td>
                                <td class="muted">{r.email.clone().unwrap_or_default()}</td>
                                <td>{r.role.label()}</td>
                                <td>{territory}</td>
                                <td>{if r.active { "Active" } else { "Inactive" }}</td>
                                <td class="row-actions">
                                    {move || (active && !is_me.get()).then(|| {
                                        let (target, name) = (me_target.clone(), me_name.clone());
                                        view! { <button class="btn btn-small" aria-label=format!("This is me: {name}") title="You are this rep: My day, the dashboard and the scorecards start from what they are responsible for" on:click=move |_| {
                                            let name = name.clone();
                                            match state.ws.with_untracked(|w| set_me(w, &target, platform::now())) {
                                                Err(e) => state.notify(NoticeKind::Error, e),
                                                Ok(change) => spawn_local(async move {
                                                    match state.commit(vec![change]).await {
                                                        Ok(()) => state.notify(NoticeKind::Info, format!("You are {name} now")),
                                                        Err(e) => state.report(&e),
                                                    }
                                                }),
                                            }
                                        }>"This is me"</button> }
                                    })}
                                    <button class="btn btn-small" aria-label=format!("Edit {}", r.name) on:click=move |_| {
                                        editing.set(Some(edit_rep.id.clone()));
                                        form.values.set(RepForm::from_rep(&edit_rep));
                                        form.errors.set(Default::default());
                                    }>"Edit"</button>
                                    {if r.active {
                                        view! { <button class="btn btn-small" aria-label=format!("Deactivate {}", r.name) on:click=move |_| deactivating.set(Some(id.clone()))>"Deactivate"</button> }.into_any()
                                    } else {
                                        view! { <button class="btn btn-small" aria-label=format!("Reactivate {}", r.name) on:click=move |_| {
                                            let mut rep = reactivate.clone();
                                            rep.active = true;
                                            rep.updated_at = platform::now();
                                            spawn_local(async move {
                                                if let Err(e) = state.commit(vec![Change::Put(Record::Rep(rep))]).await {
                                                    state.report(&e);
                                                }
                                            });
                                        }>"Reactivate"</button> }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {move || reps.with(|r| r.is_empty()).then(|| view! { <p class="empty-inline">"No reps yet. Add yourself in Settings, then your teammates here."</p> })}
        </section>
        {move || deactivating.get().map(|id| view! { <DeactivatePanel rep_id=id deactivating=deactivating/> })}
        <Territories/>
    }
}
