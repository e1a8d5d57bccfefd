//! Data › Import a snapshot: the merge preview (what is new, updated, unchanged or in
//! conflict, per kind of record) and the choice of version for each conflict.

use crate::domain::{Id, Kind};
use crate::snapshot::merge::MergePlan;
use leptos::prelude::*;
use std::collections::HashSet;

/// The preview table and the conflicts, with "Keep mine" / "Take theirs" for each.
#[component]
pub fn ImportPreview(
    merge_plan: RwSignal<Option<MergePlan>>,
    theirs: RwSignal<HashSet<(Kind, Id)>>,
) -> impl IntoView {
    view! {
        {move || merge_plan.get().map(|p| {
            let rows = p.counts.iter()
                .filter(|(_, c)| c.new + c.updated + c.unchanged + c.conflicts > 0)
                .map(|(k, c)| view! {
                    <tr>
                        <td>{k.plural_title()}</td>
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
