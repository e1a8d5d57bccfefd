//! Data › Import CSV, step 3: stage names in the file → this pipeline's stages (and what
//! happens to stages it does not have), owner names → reps (or new reps), and whether
//! unknown accounts are created.

use crate::snapshot::csv_in::{
    distinct_values, unknown_stages, CsvTable, Field, ImportOptions, NewStages, OwnerChoice, Target,
};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

fn column_of(options: &ImportOptions, f: Field) -> Option<usize> {
    options.mapping.iter().position(|m| *m == Some(f))
}

/// Why the values step cannot go on to the review, if it cannot.
pub fn values_problem(options: &ImportOptions) -> Option<&'static str> {
    match &options.new_stages {
        NewStages::NewPipeline(name) if name.trim().is_empty() => {
            Some("Name the new pipeline to continue.")
        }
        _ => None,
    }
}

/// The name a new pipeline made of a file's stages starts with: the file's name
/// without its extension ("Opportunities 2026.csv" → "Opportunities 2026").
fn name_from_file(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
        .trim();
    if stem.is_empty() {
        "Imported".to_string()
    } else {
        stem.to_string()
    }
}

/// The three answers to "stages the pipeline does not have", as radio values.
const REFUSE: &str = "refuse";
const ADD: &str = "add";
const NEW: &str = "new";

fn choice_key(n: &NewStages) -> &'static str {
    match n {
        NewStages::Refuse => REFUSE,
        NewStages::AddToPipeline => ADD,
        NewStages::NewPipeline(_) => NEW,
    }
}

/// Step 3: stage names → this pipeline's stages, owner names → reps (or new reps), and
/// whether unknown accounts are created.
#[component]
pub fn ValueMapping(
    table: RwSignal<Option<Arc<CsvTable>>>,
    options: RwSignal<Option<ImportOptions>>,
    /// The file's name, which a new pipeline of its stages is named after.
    file_name: RwSignal<String>,
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
    let history =
        options.with_untracked(|o| o.as_ref().is_some_and(|o| o.target == Target::DealHistory));
    let accounts_mapped = !history
        && options.with_untracked(|o| {
            o.as_ref().is_some_and(|o| {
                column_of(o, Field::Account).is_some() || column_of(o, Field::Company).is_some()
            })
        });
    let (stage_choices, reps, pipeline_name) = state.ws.with_untracked(|w| {
        let pipeline = w.default_pipeline();
        let stages: Vec<(String, String)> = pipeline
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
        let name = pipeline.map_or_else(|| "the pipeline".to_string(), |p| p.name.clone());
        (stages, reps, name)
    });

    // Stage names of the file that no stage has under the current choices.
    let unknown = Memo::new(move |_| {
        let t = table.get();
        options.with(|o| match (t, o) {
            (Some(t), Some(o)) => state.ws.with_untracked(|w| unknown_stages(&t, o, w)),
            _ => Vec::new(),
        })
    });
    let choice = move || {
        options.with(|o| {
            o.as_ref()
                .map_or(NewStages::Refuse, |o| o.new_stages.clone())
        })
    };
    let adding = move || matches!(choice(), NewStages::AddToPipeline);
    let new_pipeline = move || matches!(choice(), NewStages::NewPipeline(_));
    // Kept while another answer is chosen, so coming back keeps what was typed.
    let new_name = RwSignal::new(
        match options.with_untracked(|o| o.as_ref().map(|o| o.new_stages.clone())) {
            Some(NewStages::NewPipeline(n)) => n,
            _ => name_from_file(&file_name.get_untracked()),
        },
    );
    let set_choice = move |key: &str| {
        let n = match key {
            ADD => NewStages::AddToPipeline,
            NEW => NewStages::NewPipeline(new_name.get_untracked()),
            _ => NewStages::Refuse,
        };
        options.update(|o| {
            if let Some(o) = o {
                o.new_stages = n
            }
        });
    };
    let show_choice = move || !unknown.with(Vec::is_empty) || choice() != NewStages::Refuse;
    let existing_named = move |name: &str| {
        let n = name.trim().to_lowercase();
        state.ws.with_untracked(|w| {
            w.pipelines_in_order()
                .into_iter()
                .find(|p| p.name.trim().to_lowercase() == n)
                .map(|p| p.name.clone())
        })
    };
    let file_stages = StoredValue::new(stages.join(", "));

    let pipeline_for_radio = pipeline_name.clone();
    let pipeline_for_list = pipeline_name.clone();
    let stage_choice = move || {
        let radio = move |key: &'static str, label: String| {
            let id = format!("new-stages-{key}");
            view! {
                <div class="check">
                    <input type="radio" name="new-stages" id=id.clone() value=key
                        prop:checked=move || choice_key(&choice()) == key
                        on:change=move |_| set_choice(key)/>
                    <label for=id>{label}</label>
                </div>
            }
        };
        let pipeline = pipeline_for_radio.clone();
        let add_label = if history {
            "Add them as new stages to the deals’ pipelines".to_string()
        } else {
            format!("Add them to “{pipeline}” as new stages")
        };
        let listed = pipeline_for_list.clone();
        view! {
            <fieldset class="value-map new-stages">
                <legend>{format!("Stages “{pipeline}” does not have")}</legend>
                {move || {
                    let u = unknown.get();
                    (!u.is_empty()).then(|| view! {
                        <p class="new-stages-list">
                            {format!("In the file but not in “{listed}”: ")}
                            <strong>{u.join(", ")}</strong>
                            ". What should the import do with them?"
                        </p>
                    })
                }}
                {radio(REFUSE, format!("Choose a stage of “{pipeline}” for each one below (rows left without a stage are not imported)"))}
                {radio(ADD, add_label)}
                {(!history).then(|| view! {
                    {radio(NEW, "Put the deals in a new pipeline made of the file’s stages".to_string())}
                    <Show when=new_pipeline>
                        <div class="field narrow new-pipeline-name">
                            <label for="csv-new-pipeline">"Name of the new pipeline"</label>
                            <input id="csv-new-pipeline" type="text"
                                prop:value=move || new_name.get()
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    new_name.set(v.clone());
                                    options.update(|o| if let Some(o) = o { o.new_stages = NewStages::NewPipeline(v) });
                                }/>
                        </div>
                        {move || {
                            let name = new_name.get();
                            let problem = options.with(|o| o.as_ref().and_then(values_problem));
                            match (problem, existing_named(&name)) {
                                (Some(p), _) => view! { <p class="field-error" role="alert">{p}</p> }.into_any(),
                                (None, Some(existing)) => view! {
                                    <p class="field-hint">{format!("“{existing}” already exists: the deals go into it, and it gets the file’s stages it does not have.")}</p>
                                }.into_any(),
                                (None, None) => view! {
                                    <p class="field-hint">{format!(
                                        "The deals go into “{}”, whose stages are the file’s ({}); won and lost stages are added if the file has none. The review shows each one.",
                                        name.trim(), file_stages.get_value()
                                    )}</p>
                                }.into_any(),
                            }
                        }}
                    </Show>
                })}
            </fieldset>
        }
    };

    let nothing = stages.is_empty() && owners.is_empty() && !accounts_mapped;
    let has_stages = !stages.is_empty();
    view! {
        {nothing.then(|| view! { <p class="muted">"Nothing to map in this file: go on to the review."</p> })}
        {move || show_choice().then(stage_choice.clone())}
        {has_stages.then(|| view! {
            <fieldset class="value-map" hidden=new_pipeline>
                <legend>{format!("Stages in the file → stages of “{pipeline_name}”")}</legend>
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
                                <option value="">{move || if adding() {
                                    "— Add as a new stage —"
                                } else {
                                    "— Choose a stage (rows are skipped) —"
                                }}</option>
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
