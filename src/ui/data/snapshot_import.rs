//! Data › Import a snapshot: read (decrypt when it is encrypted), check every record,
//! preview what is new, updated, unchanged or in conflict, then merge by id or replace,
//! in one transaction. Large files are handled in chunks with a progress bar.

use super::import_preview::ImportPreview;
use crate::domain::{Id, Kind};
use crate::platform;
use crate::snapshot::encrypted::{is_encrypted, parse_envelope, Envelope};
use crate::snapshot::merge::{MergePlan, Planner};
use crate::snapshot::validate::{Parsed, Problem, Validator};
use crate::ui::components::file_drop::file_drop;
use crate::ui::components::progress::{
    replace_workspace, run_in_chunks, set_work, ProgressBar, Work,
};
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashSet;

/// A file picked for import, at the step it reached.
#[derive(Clone, PartialEq)]
enum Loaded {
    /// Encrypted: waiting for the passphrase.
    Locked {
        file: String,
        envelope: Envelope,
        error: Option<String>,
    },
    Checked {
        file: String,
        result: Result<Box<Parsed>, Vec<Problem>>,
    },
}

fn problem(message: impl Into<String>) -> Vec<Problem> {
    vec![Problem {
        path: String::new(),
        message: message.into(),
    }]
}

/// Validates snapshot text in chunks, showing progress; nothing is written.
async fn check_snapshot(
    text: String,
    work: RwSignal<Option<Work>>,
) -> Result<Box<Parsed>, Vec<Problem>> {
    set_work(work, "Reading snapshot…", None);
    platform::yield_now().await;
    let mut v = Validator::new(text, &platform::now().to_rfc3339())?;
    run_in_chunks(
        || (v.step(2000), v.progress()),
        |d| set_work(work, "Checking records…", Some(d)),
    )
    .await;
    set_work(work, "Checking references…", None);
    platform::yield_now().await;
    v.finish().map(Box::new)
}

/// Validates the snapshot, then compares it with this workspace (the merge preview),
/// both in chunks with progress.
async fn check_and_plan(
    state: AppState,
    text: String,
    work: RwSignal<Option<Work>>,
    merge_plan: RwSignal<Option<MergePlan>>,
) -> Result<Box<Parsed>, Vec<Problem>> {
    let parsed = check_snapshot(text, work).await?;
    plan_merge(state, &parsed, work, merge_plan).await;
    Ok(parsed)
}

/// Compares `parsed` with this workspace in chunks; starts over if the workspace
/// changed meanwhile, so the preview never mixes two states.
async fn plan_merge(
    state: AppState,
    parsed: &Parsed,
    work: RwSignal<Option<Work>>,
    merge_plan: RwSignal<Option<MergePlan>>,
) {
    loop {
        let mut planner = state
            .ws
            .with_untracked(|w| Planner::new(w, &parsed.workspace));
        run_in_chunks(
            || {
                let done = state
                    .ws
                    .with_untracked(|w| planner.step(w, &parsed.workspace, 2000));
                (done, planner.progress())
            },
            |d| set_work(work, "Comparing with this workspace…", Some(d)),
        )
        .await;
        if let Some(plan) = state.ws.with_untracked(|w| planner.finish(w)) {
            merge_plan.set(Some(plan));
            return;
        }
    }
}

/// The import section. `busy` and `work` are shared with the export section.
#[component]
pub fn ImportPanel(busy: RwSignal<bool>, work: RwSignal<Option<Work>>) -> impl IntoView {
    let state = use_app();
    let loaded = RwSignal::new(None::<Loaded>);
    let mode = RwSignal::new("merge".to_string());
    let theirs = RwSignal::new(HashSet::<(Kind, Id)>::new());
    let unlock_pass = RwSignal::new(String::new());
    // Computed in chunks once the snapshot passed its checks.
    let merge_plan = RwSignal::new(None::<MergePlan>);
    let read = move |file: web_sys::File| {
        let name = file.name();
        theirs.set(HashSet::new());
        loaded.set(None);
        merge_plan.set(None);
        busy.set(true);
        spawn_local(async move {
            set_work(work, "Reading file…", None);
            let next = match platform::read_text(&file).await {
                Err(e) => Loaded::Checked {
                    file: name,
                    result: Err(problem(e)),
                },
                Ok(text) if is_encrypted(&text) => match parse_envelope(&text) {
                    Ok(envelope) => Loaded::Locked {
                        file: name,
                        envelope,
                        error: None,
                    },
                    Err(e) => Loaded::Checked {
                        file: name,
                        result: Err(problem(e)),
                    },
                },
                Ok(text) => Loaded::Checked {
                    file: name,
                    result: check_and_plan(state, text, work, merge_plan).await,
                },
            };
            work.set(None);
            busy.set(false);
            loaded.set(Some(next));
        });
    };
    let unlock = move || {
        let Some(Loaded::Locked { file, envelope, .. }) = loaded.get_untracked() else {
            return;
        };
        let pass = unlock_pass.get_untracked();
        busy.set(true);
        spawn_local(async move {
            set_work(work, "Decrypting…", None);
            platform::yield_now().await;
            let next = match platform::crypto::decrypt(&pass, &envelope).await {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => Loaded::Checked { file, result: check_and_plan(state, text, work, merge_plan).await },
                    Err(_) => Loaded::Checked { file, result: Err(problem("The decrypted snapshot is not text.")) },
                },
                Err(platform::crypto::DecryptError::WrongPassphrase) => Loaded::Locked {
                    file,
                    envelope,
                    error: Some("Wrong passphrase: the snapshot could not be decrypted. Nothing was changed.".into()),
                },
                Err(platform::crypto::DecryptError::Other(e)) => Loaded::Locked { file, envelope, error: Some(e) },
            };
            unlock_pass.set(String::new());
            work.set(None);
            busy.set(false);
            loaded.set(Some(next));
        });
    };
    let import = move |_| {
        let replace = mode.get_untracked() == "replace";
        let changes = merge_plan
            .with_untracked(|p| p.as_ref().map(|p| theirs.with_untracked(|t| p.changes(t))));
        // Take the checked snapshot out rather than cloning a large workspace; it goes
        // back if the write fails, so the user can try again.
        let Some(Loaded::Checked {
            result: Ok(parsed),
            file,
        }) = loaded
            .try_update_untracked(|l| match l.take() {
                Some(Loaded::Checked {
                    result: Ok(p),
                    file,
                }) => Some(Loaded::Checked {
                    result: Ok(p),
                    file,
                }),
                other => {
                    *l = other;
                    None
                }
            })
            .flatten()
        else {
            return;
        };
        busy.set(true);
        set_work(work, "Saving…", None);
        spawn_local(async move {
            let stale = !replace
                && merge_plan.with_untracked(|p| {
                    p.as_ref()
                        .is_some_and(|p| !state.ws.with_untracked(|w| p.is_current(w)))
                });
            if stale {
                // A record changed after the preview was made (in this tab): its
                // counts and conflicts may be wrong, so show the new ones first.
                plan_merge(state, &parsed, work, merge_plan).await;
                theirs.set(HashSet::new());
                loaded.set(Some(Loaded::Checked {
                    file,
                    result: Ok(parsed),
                }));
                busy.set(false);
                work.set(None);
                state.notify(
                    NoticeKind::Error,
                    "This workspace changed after the preview was made. The preview is up to date now: check it, then import again.",
                );
                return;
            }
            let (result, back) = if replace {
                let r = replace_workspace(state, &parsed.workspace, work).await;
                let back = if r.is_ok() {
                    loaded.set(None);
                    merge_plan.set(None);
                    state.ws.set(parsed.workspace);
                    None
                } else {
                    Some(parsed)
                };
                (r, back)
            } else {
                (
                    state.commit_as_is(changes.unwrap_or_default()).await,
                    Some(parsed),
                )
            };
            busy.set(false);
            work.set(None);
            match result {
                Ok(()) => {
                    loaded.set(None);
                    merge_plan.set(None);
                    state.notify(NoticeKind::Info, format!("Imported {file}"));
                }
                Err(e) => {
                    if let Some(p) = back {
                        loaded.set(Some(Loaded::Checked {
                            file,
                            result: Ok(p),
                        }));
                    }
                    state.report_as("Nothing was imported", &e);
                }
            }
        });
    };

    view! {
        <section class="card section">
            <h2 class="form-section-title">"Import a snapshot"</h2>
            {file_drop("snapshot-file", "Snapshot file", ".json,application/json", "…or drop the file here. Nothing is written until you confirm.", read)}
            <ProgressBar work=work/>
            {move || loaded.get().map(|l| match l {
                Loaded::Locked { file, error, .. } => view! {
                    <form class="import-preview unlock" aria-label="Unlock snapshot" on:submit=move |ev| { ev.prevent_default(); unlock(); }>
                        <p><strong>{file}</strong>" is encrypted. Enter the passphrase it was exported with."</p>
                        <div class="field">
                            <label for="unlock-pass">"Snapshot passphrase"</label>
                            <input id="unlock-pass" type="password" autocomplete="off" prop:value=move || unlock_pass.get() on:input=move |ev| unlock_pass.set(event_target_value(&ev))/>
                        </div>
                        {error.map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>"Unlock"</button>
                            <button type="button" class="btn" on:click=move |_| loaded.set(None)>"Cancel"</button>
                        </div>
                    </form>
                }.into_any(),
                Loaded::Checked { file, result: Err(problems) } => view! {
                    <div class="import-problems" role="alert">
                        <p><strong>{format!("{file} cannot be imported. Nothing was changed.")}</strong></p>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Loaded::Checked { file, result: Ok(parsed) } => view! {
                    <div class="import-preview">
                        <p>
                            <strong>{file}</strong>
                            {parsed.exported_at.clone().map(|d| format!(" · exported {}", d.chars().take(10).collect::<String>()))}
                        </p>
                        <ImportPreview merge_plan=merge_plan theirs=theirs/>
                        <fieldset class="checklist">
                            <legend>"How to import"</legend>
                            <div class="check">
                                <input type="radio" id="mode-merge" name="mode" value="merge" prop:checked=move || mode.get() == "merge" on:change=move |_| mode.set("merge".into())/>
                                <label for="mode-merge">"Merge into this workspace (records matched by id; the newer one wins)"</label>
                            </div>
                            <div class="check">
                                <input type="radio" id="mode-replace" name="mode" value="replace" prop:checked=move || mode.get() == "replace" on:change=move |_| mode.set("replace".into())/>
                                <label for="mode-replace">"Replace this workspace with the snapshot (everything here now is deleted)"</label>
                            </div>
                        </fieldset>
                        <div class="form-actions">
                            <button class="btn btn-primary" disabled=move || busy.get() on:click=import>"Import snapshot"</button>
                            <button class="btn" on:click=move |_| loaded.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any(),
            })}
        </section>
    }
}
