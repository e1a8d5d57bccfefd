//! Data: export the workspace as a snapshot, import one (merge by id, or replace) after
//! a preview, with every problem listed when a file cannot be imported.

use super::form_support::plural;
use crate::domain::{Id, Kind};
use crate::platform;
use crate::snapshot::format::{file_name, to_json};
use crate::snapshot::merge::{plan, MergePlan};
use crate::snapshot::validate::{parse, Parsed, Problem};
use crate::ui::components::layout::PageHeader;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashSet;

fn kind_title(k: Kind) -> String {
    let s = k.store_name().replace('_', " ");
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[derive(Clone, PartialEq)]
struct Loaded {
    file: String,
    result: Result<Parsed, Vec<Problem>>,
}

#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app();
    let loaded = RwSignal::new(None::<Loaded>);
    let mode = RwSignal::new("merge".to_string());
    let theirs = RwSignal::new(HashSet::<(Kind, Id)>::new());
    let busy = RwSignal::new(false);
    let over = RwSignal::new(false);

    let export = move |_| {
        let (text, name) = state.ws.with_untracked(|w| {
            (
                serde_json::to_string_pretty(&to_json(w, platform::now()))
                    .expect("snapshots serialise"),
                file_name(&w.settings.workspace_name, platform::today()),
            )
        });
        match platform::download(&name, "application/json", &text) {
            Ok(()) => {
                platform::prefs::set_date(platform::prefs::LAST_EXPORT, platform::today());
                state.notify(NoticeKind::Info, format!("Exported {name}"));
            }
            Err(e) => state.notify(NoticeKind::Error, e),
        }
    };
    let read = move |file: web_sys::File| {
        let name = file.name();
        theirs.set(HashSet::new());
        spawn_local(async move {
            let result = match platform::read_text(&file).await {
                Ok(text) => parse(&text, &platform::now().to_rfc3339()),
                Err(e) => Err(vec![Problem {
                    path: String::new(),
                    message: e,
                }]),
            };
            loaded.set(Some(Loaded { file: name, result }));
        });
    };
    let merge_plan = Memo::new(move |_| {
        loaded.with(|l| match l {
            Some(Loaded { result: Ok(p), .. }) => state.ws.with(|w| Some(plan(w, &p.workspace))),
            _ => None,
        })
    });
    let import = move |_| {
        let Some(Loaded {
            result: Ok(parsed),
            file,
        }) = loaded.get_untracked()
        else {
            return;
        };
        busy.set(true);
        let replace = mode.get_untracked() == "replace";
        let changes = merge_plan
            .with_untracked(|p| p.as_ref().map(|p| theirs.with_untracked(|t| p.changes(t))));
        spawn_local(async move {
            let result = if replace {
                state.replace(parsed.workspace).await
            } else {
                state.commit(changes.unwrap_or_default()).await
            };
            busy.set(false);
            match result {
                Ok(()) => {
                    loaded.set(None);
                    state.notify(NoticeKind::Info, format!("Imported {file}"));
                }
                Err(e) => state.notify(NoticeKind::Error, e.to_string()),
            }
        });
    };
    let counts = move || {
        state.ws.with(|w| {
            format!(
                "{} · {} · {} · {} · {}",
                plural(w.deals.len(), "deal", "deals"),
                plural(w.accounts.len(), "account", "accounts"),
                plural(w.contacts.len(), "contact", "contacts"),
                plural(w.leads.len(), "lead", "leads"),
                plural(w.activities.len(), "activity", "activities"),
            )
        })
    };

    view! {
        <PageHeader title="Data".to_string()/>
        <super::workspaces::WorkspacesPanel/>
        <section class="card section">
            <h2 class="form-section-title">"Export a snapshot"</h2>
            <p class="muted">"Everything in this workspace as one file: keep it as a backup, or send it to your manager to merge into the team view."</p>
            <p>{counts}</p>
            <button class="btn btn-primary" on:click=export>"Export snapshot"</button>
        </section>
        <section class="card section">
            <h2 class="form-section-title">"Import a snapshot"</h2>
            <div
                class="drop-zone"
                class:drop-over=move || over.get()
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    over.set(false);
                    if let Some(f) = ev.data_transfer().and_then(|t| t.files()).and_then(|f| f.get(0)) {
                        read(f);
                    }
                }
            >
                <label for="snapshot-file">"Snapshot file"</label>
                <input id="snapshot-file" type="file" accept=".json,application/json" on:change=move |ev| {
                    use wasm_bindgen::JsCast;
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    if let Some(f) = input.files().and_then(|f| f.get(0)) {
                        read(f);
                    }
                    let _ = input.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.set_value(""));
                }/>
                <p class="muted">"…or drop the file here. Nothing is written until you confirm."</p>
            </div>
            {move || loaded.get().map(|l| match l.result {
                Err(problems) => view! {
                    <div class="import-problems" role="alert">
                        <p><strong>{format!("{} cannot be imported. Nothing was changed.", l.file)}</strong></p>
                        <ul>{problems.into_iter().map(|p| view! { <li>{p.to_string()}</li> }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Ok(parsed) => view! {
                    <div class="import-preview">
                        <p>
                            <strong>{l.file.clone()}</strong>
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

#[component]
fn ImportPreview(
    merge_plan: Memo<Option<MergePlan>>,
    theirs: RwSignal<HashSet<(Kind, Id)>>,
) -> impl IntoView {
    view! {
        {move || merge_plan.get().map(|p| {
            let rows = p.counts.iter()
                .filter(|(_, c)| c.new + c.updated + c.unchanged + c.conflicts > 0)
                .map(|(k, c)| view! {
                    <tr>
                        <td>{kind_title(*k)}</td>
                        <td class="num">{c.new}</td>
                        <td class="num">{c.updated}</td>
                        <td class="num">{c.unchanged}</td>
                        <td class="num">{c.conflicts}</td>
                    </tr>
                }).collect_view();
            let conflicts = p.conflicts.clone();
            view! {
                <table class="data-table compact" aria-label="Import preview">
                    <thead><tr>
                        <th scope="col">"Records"</th><th scope="col" class="num">"New"</th><th scope="col" class="num">"Updated"</th>
                        <th scope="col" class="num">"Unchanged"</th><th scope="col" class="num">"Conflicts"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {(!conflicts.is_empty()).then(|| view! {
                    <div class="conflicts">
                        <h3>"Conflicts"</h3>
                        <p class="muted">"These records changed here after the snapshot’s version. Yours are kept unless you choose theirs."</p>
                        <ul class="plain-list">
                            {conflicts.into_iter().map(|c| {
                                let key = (c.kind, c.id.clone());
                                let id = format!("conflict-{}", c.id);
                                let label_for = id.clone();
                                let k2 = key.clone();
                                view! {
                                    <li>
                                        <span>{format!("{}: {}", c.kind.label(), c.label)}</span>
                                        <label class="toolbar-field push-right" for=label_for>
                                            <span class="sr-only">{format!("Keep which version of {}", c.label)}</span>
                                            <select id=id on:change=move |ev| {
                                                let take = event_target_value(&ev) == "theirs";
                                                let key = key.clone();
                                                theirs.update(|t| { if take { t.insert(key); } else { t.remove(&key); } });
                                            }>
                                                <option value="mine" selected=move || !theirs.with(|t| t.contains(&k2))>"Keep mine"</option>
                                                <option value="theirs">"Take theirs"</option>
                                            </select>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                })}
            }
        })}
    }
}
