//! Data › Import CSV, step 3: stage names in the file → this pipeline's stages, owner
//! names → reps (or new reps), and whether unknown accounts are created.

use crate::snapshot::csv_in::{distinct_values, CsvTable, Field, ImportOptions, OwnerChoice};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

fn column_of(options: &ImportOptions, f: Field) -> Option<usize> {
    options.mapping.iter().position(|m| *m == Some(f))
}

/// Step 3: stage names → this pipeline's stages, owner names → reps (or new reps), and
/// whether unknown accounts are created.
#[component]
pub fn ValueMapping(
    table: RwSignal<Option<Arc<CsvTable>>>,
    options: RwSignal<Option<ImportOptions>>,
) -> impl IntoView {
    let state = use_app();
    let distinct = move |f: Field| -> Vec<String> {
        let col = options.with_untracked(|o| o.as_ref().and_then(|o| column_of(o, f)));
        match (table.get_untracked(), col) {
            (Some(t), Some(c)) => distinct_values(&t, c),
            _ => Vec::new(),
        }
    };
    let stages = distinct(Field::Stage);
    let owners = distinct(Field::Owner);
    let accounts_mapped = options.with_untracked(|o| {
        o.as_ref().is_some_and(|o| {
            column_of(o, Field::Account).is_some() || column_of(o, Field::Company).is_some()
        })
    });
    let (stage_choices, reps) = state.ws.with_untracked(|w| {
        let stages: Vec<(String, String)> = w
            .default_pipeline()
            .map(|p| {
                p.stages
                    .iter()
                    .map(|s| (s.id.to_string(), s.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let reps: Vec<(String, String)> = w
            .active_reps()
            .into_iter()
            .map(|r| (r.id.to_string(), r.name.clone()))
            .collect();
        (stages, reps)
    });
    let nothing = stages.is_empty() && owners.is_empty() && !accounts_mapped;
    view! {
        {nothing.then(|| view! { <p class="muted">"Nothing to map in this file: go on to the review."</p> })}
        {(!stages.is_empty()).then(|| view! {
            <fieldset class="value-map">
                <legend>"Stages in the file → stages of this pipeline"</legend>
                {stages.into_iter().enumerate().map(|(i, raw)| {
                    let id = format!("stage-map-{i}");
                    let choices = stage_choices.clone();
                    let key = raw.clone();
                    let current = raw.clone();
                    view! {
                        <div class="value-row">
                            <label for=id.clone()>{raw.clone()}</label>
                            <select id=id on:change=move |ev| {
                                let v = event_target_value(&ev);
                                options.update(|o| if let Some(o) = o {
                                    if v.is_empty() { o.values.stages.remove(&key); }
                                    else { o.values.stages.insert(key.clone(), crate::domain::Id::from_string(v)); }
                                });
                            }>
                                <option value="">"— Choose a stage (rows are skipped) —"</option>
                                {choices.into_iter().map(|(v, l)| {
                                    let cur = current.clone();
                                    let v2 = v.clone();
                                    view! { <option value=v selected=move || options.with_untracked(|o| o.as_ref().and_then(|o| o.values.stages.get(&cur)).is_some_and(|s| s.as_str() == v2))>{l}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        })}
        {(!owners.is_empty()).then(|| view! {
            <fieldset class="value-map">
                <legend>"Owners in the file → reps"</legend>
                {owners.into_iter().enumerate().map(|(i, raw)| {
                    let id = format!("owner-map-{i}");
                    let choices = reps.clone();
                    let key = raw.clone();
                    let now_choice = options.with_untracked(|o| o.as_ref().and_then(|o| o.values.owners.get(&raw).cloned()));
                    let selected = match &now_choice {
                        Some(OwnerChoice::Rep(id)) => id.to_string(),
                        Some(OwnerChoice::Leave) => "leave".into(),
                        _ => "create".into(),
                    };
                    view! {
                        <div class="value-row">
                            <label for=id.clone()>{raw.clone()}</label>
                            <select id=id on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let choice = match v.as_str() {
                                    "create" => OwnerChoice::CreateRep,
                                    "leave" => OwnerChoice::Leave,
                                    _ => OwnerChoice::Rep(crate::domain::Id::from_string(v)),
                                };
                                options.update(|o| if let Some(o) = o { o.values.owners.insert(key.clone(), choice); });
                            }>
                                {choices.into_iter().map(|(v, l)| {
                                    let sel = v == selected;
                                    view! { <option value=v selected=sel>{l}</option> }
                                }).collect_view()}
                                <option value="create" selected=selected == "create">{format!("Create rep “{raw}”")}</option>
                                <option value="leave" selected=selected == "leave">"Leave without owner"</option>
                            </select>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        })}
        {accounts_mapped.then(|| view! {
            <div class="check">
                <input type="checkbox" id="csv-create-accounts"
                    prop:checked=move || options.with(|o| o.as_ref().is_some_and(|o| o.create_missing_accounts))
                    on:change=move |ev| { let on = event_target_checked(&ev); options.update(|o| if let Some(o) = o { o.create_missing_accounts = on }); }/>
                <label for="csv-create-accounts">"Create accounts that do not exist yet"</label>
            </div>
        })}
    }
}
