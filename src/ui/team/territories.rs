//! Territories: add and edit (name, region, segment).

use crate::analytics::lists::team::territories_by_name;
use crate::domain::entities::Segment;
use crate::domain::team::TerritoryForm;
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::focus_first_invalid;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Territories() -> impl IntoView {
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
                    Err(e) => state.report(&e),
                }
            }),
        }
    };
    let rows = Memo::new(move |_| {
        state.ws.with(|w| {
            territories_by_name(w)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
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
