//! Team: reps (add, edit, deactivate with reassignment) and territories.

use super::form_support::{focus_first_invalid, plural};
use crate::domain::entities::{Rep, RepRole, Segment};
use crate::domain::team::{deactivate, open_work, RepForm, TerritoryForm};
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::PageHeader;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn TeamPage() -> impl IntoView {
    let state = use_app();
    let editing = RwSignal::new(None::<Id>);
    let form = FormState::new(RepForm::new());
    let deactivating = RwSignal::new(None::<Id>);
    let reps = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v: Vec<Rep> = w.reps.values().cloned().collect();
            v.sort_by(|a, b| {
                b.active
                    .cmp(&a.active)
                    .then(a.name.to_lowercase().cmp(&b.name.to_lowercase()))
            });
            v
        })
    });

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
                        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
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
            let mut v: Vec<(String, String)> = w
                .territories
                .values()
                .map(|t| (t.id.to_string(), t.name.clone()))
                .collect();
            v.sort_by(|a, b| a.1.cmp(&b.1));
            v.insert(0, (String::new(), "No territory".to_string()));
            v
        })
    };
    let roles = || {
        vec![
            ("rep".to_string(), "Rep".to_string()),
            ("manager".to_string(), "Manager".to_string()),
        ]
    };

    view! {
        <PageHeader title="Team".to_string() subtitle=Signal::derive(move || plural(reps.with(|r| r.iter().filter(|r| r.active).count()), "active rep", "active reps"))/>
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
                        let (territory, is_me) = state.ws.with_untracked(|w| (
                            r.territory_id.as_ref().and_then(|t| w.territories.get(t)).map(|t| t.name.clone()).unwrap_or_default(),
                            w.settings.me.as_ref() == Some(&r.id),
                        ));
                        let edit_rep = r.clone();
                        let id = r.id.clone();
                        let reactivate = r.clone();
                        view! {
                            <tr class:row-inactive=!r.active>
                                <td>{r.name.clone()}{is_me.then(|| view! { <span class="badge badge-muted">"You"</span> })}</td>
                                <td class="muted">{r.email.clone().unwrap_or_default()}</td>
                                <td>{if r.role == RepRole::Manager { "Manager" } else { "Rep" }}</td>
                                <td>{territory}</td>
                                <td>{if r.active { "Active" } else { "Inactive" }}</td>
                                <td class="row-actions">
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
                                                    state.notify(NoticeKind::Error, e.to_string());
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

#[component]
fn DeactivatePanel(rep_id: Id, deactivating: RwSignal<Option<Id>>) -> impl IntoView {
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
                        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
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
            {crate::ui::components::table::filter_select("reassign-to", "Reassign their open work to", to, others)}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            <div class="confirm-actions">
                <button class="btn btn-danger" on:click=confirm>"Deactivate"</button>
                <button class="btn" on:click=move |_| deactivating.set(None)>"Cancel"</button>
            </div>
        </div>
    }
}

#[component]
fn Territories() -> impl IntoView {
    let state = use_app();
    let form = FormState::new(TerritoryForm::default());
    let editing = RwSignal::new(None::<Id>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = editing.get_untracked().unwrap_or_else(platform::new_id);
        let built = state.ws.with_untracked(|w| {
            let existing = w.territories.get(&id);
            form.values
                .with_untracked(|f| f.to_record(existing, id.clone(), platform::now()))
                .map(|t| (t, existing.is_some()))
        });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok((t, exists)) => spawn_local(async move {
                let change = if exists {
                    Change::Put(Record::Territory(t))
                } else {
                    Change::Insert(Record::Territory(t))
                };
                match state.commit(vec![change]).await {
                    Ok(()) => {
                        form.values.set(TerritoryForm::default());
                        editing.set(None);
                        state.notify(
                            NoticeKind::Info,
                            if exists {
                                "Territory saved"
                            } else {
                                "Territory added"
                            },
                        );
                    }
                    Err(e) => state.notify(NoticeKind::Error, e.to_string()),
                }
            }),
        }
    };
    let rows = Memo::new(move |_| {
        state.ws.with(|w| {
            let mut v: Vec<crate::domain::entities::Territory> =
                w.territories.values().cloned().collect();
            v.sort_by(|a, b| a.name.cmp(&b.name));
            v
        })
    });
    let segments = || {
        let mut v = vec![(String::new(), "Any segment".to_string())];
        v.extend(
            Segment::ALL
                .iter()
                .map(|s| (s.label().to_string(), s.label().to_string())),
        );
        v
    };
    view! {
        <section class="card section">
            <h2 class="form-section-title">"Territories"</h2>
            <form class="form" on:submit=save novalidate=true aria-label="Territory details">
                {error_summary(form)}
                <div class="form-grid three">
                    {text_field(form, FieldSpec::new("territory_name", "Territory name").required(), lens!(name))}
                    {text_field(form, FieldSpec::new("region", "Region"), lens!(region))}
                    {select_field(form, FieldSpec::new("segment", "Segment"), lens!(segment), segments)}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">{move || if editing.get().is_some() { "Save territory" } else { "Add territory" }}</button>
                    <Show when=move || editing.get().is_some()>
                        <button type="button" class="btn" on:click=move |_| { editing.set(None); form.values.set(TerritoryForm::default()); }>"Cancel"</button>
                    </Show>
                </div>
            </form>
            <ul class="plain-list">
                {move || rows.get().into_iter().map(|t| {
                    let detail = [t.region.clone().unwrap_or_default(), t.segment.map(|s| s.label().to_string()).unwrap_or_default()]
                        .into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ");
                    let name = t.name.clone();
                    view! {
                        <li>
                            <strong>{t.name.clone()}</strong>
                            <span class="muted">{detail}</span>
                            <button class="btn btn-small push-right" aria-label=format!("Edit territory {name}") on:click=move |_| {
                                editing.set(Some(t.id.clone()));
                                form.values.set(TerritoryForm {
                                    name: t.name.clone(),
                                    region: t.region.clone().unwrap_or_default(),
                                    segment: t.segment.map(|s| s.label().to_string()).unwrap_or_default(),
                                });
                            }>"Edit"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
