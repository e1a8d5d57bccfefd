//! Settings › Pipelines: create pipelines; add, rename, reorder and remove stages;
//! set probability, forecast category, kind, rotting days, exit criteria, and the
//! stage's playbook (tasks on entering, fields required to enter).

use crate::domain::automation::playbooks::RequiredField;
use crate::domain::pipeline_forms::{PipelineForm, StageDraft};
use crate::domain::{FieldErrors, ForecastCategory, Id, Pipeline, StageKind};
use crate::platform;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[component]
pub fn PipelineEditor() -> impl IntoView {
    let state = use_app();
    let selected = RwSignal::new(
        state
            .ws
            .with_untracked(|w| w.default_pipeline().map(|p| p.id.to_string()))
            .unwrap_or_default(),
    );
    let form = RwSignal::new(None::<PipelineForm>);
    let errors = RwSignal::new(FieldErrors::new());
    let moves = RwSignal::new(HashMap::<Id, Id>::new());
    // Bumped when stages are added, removed or reordered: only then is the list redrawn,
    // so typing in a field never loses focus.
    let structure = RwSignal::new(0u32);
    let load = move |id: String| {
        let f = state.ws.with_untracked(|w| {
            w.pipelines
                .get(&Id::from_string(id))
                .map(PipelineForm::from_pipeline)
        });
        form.set(f);
        errors.set(FieldErrors::new());
        moves.set(HashMap::new());
        structure.update(|s| *s += 1);
    };
    load(selected.get_untracked());

    let new_pipeline = move |_| {
        let template = Pipeline::default_sales(platform::new_id, platform::now());
        let mut f = PipelineForm::from_pipeline(&template);
        f.name = "New pipeline".into();
        for s in &mut f.stages {
            s.id = None;
        }
        selected.set(String::new());
        form.set(Some(f));
        errors.set(FieldErrors::new());
        structure.update(|s| *s += 1);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = form.get_untracked() else {
            return;
        };
        let existing_id = selected.get_untracked();
        let built = state.ws.with_untracked(|w| {
            let existing = w.pipelines.get(&Id::from_string(existing_id.clone()));
            moves
                .with_untracked(|m| f.to_changes(w, existing, platform::new_id, m, platform::now()))
        });
        match built {
            Err(e) => errors.set(e),
            Ok(changes) => {
                let id = changes
                    .first()
                    .map(|c| match c {
                        crate::domain::Change::Insert(r) | crate::domain::Change::Put(r) => {
                            r.id().to_string()
                        }
                        _ => String::new(),
                    })
                    .unwrap_or_default();
                spawn_local(async move {
                    match state.commit(changes).await {
                        Ok(()) => {
                            state.notify(NoticeKind::Info, "Pipeline saved");
                            selected.set(id.clone());
                            load(id);
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let pipelines = move || {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let edit = move |f: &dyn Fn(&mut PipelineForm)| {
        form.update(|x| {
            if let Some(x) = x.as_mut() {
                f(x)
            }
        })
    };
    let err = move |key: String| errors.with(|e| e.get(&key).map(str::to_string));
    let removed = Memo::new(move |_| {
        structure.track();
        let id = selected.get();
        form.with_untracked(|f| {
            state
                .ws
                .with_untracked(|w| match (f, w.pipelines.get(&Id::from_string(id))) {
                    (Some(f), Some(p)) => f.removed_with_deals(w, p),
                    _ => Vec::new(),
                })
        })
    });

    view! {
        <section class="card section">
            <div class="section-header">
                <h2>"Pipelines and stages"</h2>
                <button class="btn btn-small" on:click=new_pipeline>"New pipeline"</button>
            </div>
            <label class="toolbar-field" for="edit-pipeline">
                <span>"Pipeline to edit"</span>
                <select id="edit-pipeline" on:change=move |ev| { let v = event_target_value(&ev); selected.set(v.clone()); load(v); }>
                    {move || { let cur = selected.get(); pipelines().into_iter().map(|(v, l)| { let s = v == cur; view! { <option value=v selected=s>{l}</option> } }).collect_view() }}
                </select>
            </label>
            <Show when=move || form.with(|f| f.is_some())>
                <form class="form pipeline-form" on:submit=save novalidate=true aria-label="Pipeline stages">
                    {move || errors.with(|e| (!e.is_empty()).then(|| {
                        let text = e.iter().map(|x| x.message.clone()).collect::<Vec<_>>().join(" · ");
                        view! { <div class="form-alert" role="alert">{format!("Nothing was saved: {text}")}</div> }
                    }))}
                    <div class="field">
                        <label for="pipeline-name">"Pipeline name"</label>
                        <input id="pipeline-name" prop:value=move || form.with(|f| f.as_ref().map(|f| f.name.clone()).unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); edit(&|f| f.name = v.clone()); }/>
                    </div>
                    <ol class="stage-list">
                        {move || {
                            structure.track();
                            let n = form.with_untracked(|f| f.as_ref().map(|f| f.stages.len()).unwrap_or(0));
                            (0..n).map(|i| {
                                let name = form.with_untracked(|f| f.as_ref().map(|f| f.stages[i].name.clone()).unwrap_or_default());
                                let text = move |get: fn(&StageDraft) -> String| move || form.with(|f| f.as_ref().and_then(|f| f.stages.get(i)).map(get).unwrap_or_default());
                                let set = move |put: fn(&mut StageDraft, String)| move |ev: leptos::ev::Event| { let v = event_target_value(&ev); edit(&|f| if let Some(s) = f.stages.get_mut(i) { put(s, v.clone()) }); };
                                let id = |field: &str| format!("stage-{i}-{field}");
                                view! {
                                    <li class="stage-row">
                                        <div class="field">
                                            <label for=id("name")>"Stage name"</label>
                                            <input id=id("name") prop:value=text(|s| s.name.clone()) on:input=set(|s, v| s.name = v)
                                                aria-invalid=move || err(format!("stage-{i}-name")).map(|_| "true")/>
                                            {move || err(format!("stage-{i}-name")).map(|m| view! { <p class="field-error">{m}</p> })}
                                        </div>
                                        <div class="field narrow">
                                            <label for=id("probability")>"Win %"</label>
                                            <input id=id("probability") type="number" min="0" max="100" prop:value=text(|s| s.probability.clone()) on:input=set(|s, v| s.probability = v)/>
                                            {move || err(format!("stage-{i}-probability")).map(|m| view! { <p class="field-error">{m}</p> })}
                                        </div>
                                        <div class="field">
                                            <label for=id("category")>"Forecast category"</label>
                                            <select id=id("category") on:change=set(|s, v| s.category = v)>
                                                {ForecastCategory::ALL.iter().map(|c| { let k = c.key(); let sel = form.with_untracked(|f| f.as_ref().map(|f| f.stages[i].category == k).unwrap_or(false)); view! { <option value=k selected=sel>{c.label()}</option> } }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field narrow">
                                            <label for=id("kind")>"Kind"</label>
                                            <select id=id("kind") on:change=set(|s, v| s.kind = v)>
                                                {StageKind::ALL.into_iter().map(|k| { let sel = form.with_untracked(|f| f.as_ref().map(|f| f.stages[i].kind == k.key()).unwrap_or(false)); view! { <option value=k.key() selected=sel>{k.label()}</option> } }).collect_view()}
                                            </select>
                                        </div>
                                        <div class="field narrow">
                                            <label for=id("rotting")>"Rotting days"</label>
                                            <input id=id("rotting") type="number" min="1" prop:value=text(|s| s.rotting_days.clone()) on:input=set(|s, v| s.rotting_days = v)/>
                                            {move || err(format!("stage-{i}-rotting")).map(|m| view! { <p class="field-error">{m}</p> })}
                                        </div>
                                        <div class="field wide">
                                            <label for=id("exit")>"Exit criteria (one per line)"</label>
                                            <textarea id=id("exit") rows="2" prop:value=text(|s| s.exit_criteria.clone()) on:input=set(|s, v| s.exit_criteria = v)></textarea>
                                        </div>
                                        <div class="field wide">
                                            <label for=id("playbook")>"Tasks on entering (one per line: kind | subject | due in days)"</label>
                                            <textarea id=id("playbook") rows="2" placeholder="Call | First call | 2" prop:value=text(|s| s.playbook.clone()) on:input=set(|s, v| s.playbook = v)
                                                aria-invalid=move || err(format!("stage-{i}-playbook")).map(|_| "true")></textarea>
                                            {move || err(format!("stage-{i}-playbook")).map(|m| view! { <p class="field-error">{m}</p> })}
                                        </div>
                                        <fieldset class="field wide required-fields">
                                            <legend>{format!("Required before entering {name}")}</legend>
                                            {RequiredField::ALL.into_iter().map(|f| {
                                                let cid = format!("stage-{i}-req-{}", f.key());
                                                view! {
                                                    <span class="check">
                                                        <input type="checkbox" id=cid.clone()
                                                            prop:checked=move || form.with(|x| x.as_ref().and_then(|x| x.stages.get(i)).is_some_and(|s| s.required.iter().any(|k| k == f.key())))
                                                            on:change=move |ev| {
                                                                let on = event_target_checked(&ev);
                                                                edit(&|x| if let Some(s) = x.stages.get_mut(i) {
                                                                    s.required.retain(|k| k != f.key());
                                                                    if on { s.required.push(f.key().to_string()); }
                                                                });
                                                            }/>
                                                        <label for=cid>{f.label()}</label>
                                                    </span>
                                                }
                                            }).collect_view()}
                                        </fieldset>
                                        <div class="stage-buttons">
                                            <button type="button" class="btn btn-small" aria-label=format!("Move {name} up") on:click=move |_| { edit(&|f| f.move_stage(i, -1)); structure.update(|s| *s += 1); }>"↑"</button>
                                            <button type="button" class="btn btn-small" aria-label=format!("Move {name} down") on:click=move |_| { edit(&|f| f.move_stage(i, 1)); structure.update(|s| *s += 1); }>"↓"</button>
                                            <button type="button" class="btn btn-small btn-ghost-danger" aria-label=format!("Remove {name}") on:click=move |_| { edit(&|f| { f.stages.remove(i); }); structure.update(|s| *s += 1); }>"Remove"</button>
                                        </div>
                                    </li>
                                }
                            }).collect_view()
                        }}
                    </ol>
                    <button type="button" class="btn btn-small" on:click=move |_| { edit(&|f| f.stages.push(StageDraft::blank())); structure.update(|s| *s += 1); }>"Add stage"</button>
                    <button type="button" class="btn btn-small" on:click=move |_| {
                        let n = form.try_update(|f| f.as_mut().map_or(0, |f| f.fill_suggested_playbooks())).unwrap_or(0);
                        structure.update(|s| *s += 1);
                        state.notify(NoticeKind::Info, if n > 0 {
                            format!("Suggested tasks filled in for {n} stage{}: review them, then save the pipeline", if n == 1 { "" } else { "s" })
                        } else {
                            "Every stage with a suggestion already has its tasks".to_string()
                        });
                    }>"Fill in the suggested playbooks"</button>
                    {move || {
                        let kept = form.with(|f| f.as_ref().map(|f| f.stages.iter().filter_map(|s| s.id.clone().map(|id| (id.to_string(), s.name.clone()))).collect::<Vec<_>>()).unwrap_or_default());
                        removed.get().into_iter().map(|(stage, name, n)| {
                            let key = stage.clone();
                            let kept = kept.clone();
                            let sid = format!("move-{stage}");
                            view! {
                                <div class="field move-deals">
                                    <label for=sid.clone()>{format!("{n} deal(s) are in {name}, which you removed. Move them to")}</label>
                                    <select id=sid on:change=move |ev| { let v = event_target_value(&ev); moves.update(|m| { m.insert(key.clone(), Id::from_string(v)); }); }>
                                        <option value="">"Choose a stage"</option>
                                        {kept.into_iter().map(|(v, l)| {
                                            let chosen = moves.with_untracked(|m| m.get(&stage).map(|t| t.as_str() == v).unwrap_or(false));
                                            view! { <option value=v selected=chosen>{l}</option> }
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        }).collect_view()
                    }}
                    <div class="form-actions"><button type="submit" class="btn btn-primary">"Save pipeline"</button></div>
                </form>
            </Show>
        </section>
    }
}
