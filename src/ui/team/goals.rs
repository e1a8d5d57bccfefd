//! Team › Goals: create, edit and delete goals (per rep, per team or everyone's; per
//! week, month or quarter). The form is `GoalForm`; the list and the choices come from
//! `planning::goals`. Each save or delete is one commit.

use super::subnav::TeamNav;
use crate::analytics::planning::goals::{goal_list, stage_choices, whose_choices};
use crate::domain::planning_forms::{GoalForm, GoalMetricChoice};
use crate::domain::{ActivityKind, Change, GoalPeriod, Id, Kind, Record};
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
fn Choice(
    label: &'static str,
    options: Signal<Vec<(String, String)>>,
    value: Signal<String>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <label class="field">{label}
            <select on:change=move |ev| set(event_target_value(&ev))>
                {move || options.get().into_iter().map(|(v, l)| { let v2 = v.clone(); view! { <option value=v prop:selected=move || value.get() == v2>{l}</option> } }).collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn GoalsPage() -> impl IntoView {
    let state = use_app();
    let fresh = move || {
        state
            .ws
            .with_untracked(|w| GoalForm::new(w.settings.me.as_ref(), platform::today()))
    };
    let form = RwSignal::new(fresh());
    // The goal being edited; `None` while adding one.
    let editing = RwSignal::new(None::<Id>);
    let errors = RwSignal::new(Vec::<String>::new());
    let rows = Memo::new(move |_| state.ws.with(goal_list));
    let whose = Signal::derive(move || state.ws.with(whose_choices));
    let stages = Signal::derive(move || {
        let mut v = vec![(String::new(), "Choose a stage".to_string())];
        v.extend(state.ws.with(stage_choices));
        v
    });
    let periods = Signal::derive(|| {
        GoalPeriod::ALL
            .iter()
            .map(|p| (p.key().to_string(), p.label().to_string()))
            .collect()
    });
    let metrics = Signal::derive(|| {
        GoalMetricChoice::ALL
            .iter()
            .map(|m| (m.key().to_string(), m.label().to_string()))
            .collect()
    });
    let kinds = Signal::derive(|| {
        ActivityKind::ALL
            .iter()
            .map(|k| (k.key().to_string(), k.label().to_string()))
            .collect()
    });
    let metric = Signal::derive(move || form.with(|f| GoalMetricChoice::from_key(&f.metric)));
    let reset = move || {
        form.set(fresh());
        editing.set(None);
        errors.set(Vec::new());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = editing.get_untracked();
        let built = state.ws.with_untracked(|w| {
            let gid = id.clone().unwrap_or_else(platform::new_id);
            let created = id
                .as_ref()
                .and_then(|i| w.goals.get(i))
                .map(|g| (g.created_at, g.until));
            form.with_untracked(|f| f.to_record(w, gid, platform::now()))
                .map(|mut g| {
                    if let Some((at, until)) = created {
                        g.created_at = at;
                        g.until = until;
                    }
                    g
                })
        });
        match built {
            Err(e) => errors.set(e.iter().map(|e| e.message.clone()).collect()),
            Ok(goal) => {
                errors.set(Vec::new());
                let change = if id.is_some() {
                    Change::Put(Record::Goal(goal))
                } else {
                    Change::Insert(Record::Goal(goal))
                };
                spawn_local(async move {
                    match state.commit(vec![change]).await {
                        Ok(()) => {
                            reset();
                            state.notify(NoticeKind::Info, "Saved the goal");
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let delete = move |id: Id| {
        spawn_local(async move {
            match state
                .commit(vec![Change::Delete(Kind::Goal, id.clone())])
                .await
            {
                Ok(()) => {
                    if editing.get_untracked().as_ref() == Some(&id) {
                        reset();
                    }
                    state.notify(NoticeKind::Info, "Deleted the goal");
                }
                Err(e) => state.report(&e),
            }
        });
    };
    view! {
        <PageHeader title="Goals".to_string() subtitle="Behavioural targets per week, month or quarter".to_string()/>
        <TeamNav/>
        <section class="card section">
            <h2 class="form-section-title">{move || if editing.with(Option::is_some) { "Edit goal" } else { "New goal" }}</h2>
            <form class="form" on:submit=submit novalidate=true aria-label="Goal">
                {move || (!errors.with(Vec::is_empty)).then(|| view! { <div class="error-summary" role="alert"><p>"Nothing was saved:"</p><ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul></div> })}
                <div class="form-grid">
                    <Choice label="Whose goal" options=whose value=Signal::derive(move || form.with(|f| f.whose.clone())) set=move |v| form.update(|f| f.whose = v)/>
                    <Choice label="Period" options=periods value=Signal::derive(move || form.with(|f| f.period.clone())) set=move |v| form.update(|f| f.period = v)/>
                    <Choice label="What it counts" options=metrics value=Signal::derive(move || form.with(|f| f.metric.clone())) set=move |v| form.update(|f| f.metric = v)/>
                    <Show when=move || metric.get() == Some(GoalMetricChoice::DealsAdvanced)>
                        <Choice label="Stage reached" options=stages value=Signal::derive(move || form.with(|f| f.stage_id.clone())) set=move |v| form.update(|f| f.stage_id = v)/>
                    </Show>
                    <Show when=move || metric.get() == Some(GoalMetricChoice::ActivitiesDone)>
                        <Choice label="Kind of activity" options=kinds value=Signal::derive(move || form.with(|f| f.activity.clone())) set=move |v| form.update(|f| f.activity = v)/>
                    </Show>
                    <label class="field">{move || if metric.get() == Some(GoalMetricChoice::WonValue) { "Target (amount to win)" } else { "Target (how many)" }}
                        <input inputmode="decimal" prop:value=move || form.with(|f| f.target.clone()) on:input=move |ev| form.update(|f| f.target = event_target_value(&ev))/>
                    </label>
                    <label class="field">"Applies from"
                        <input type="date" prop:value=move || form.with(|f| f.from.clone()) on:input=move |ev| form.update(|f| f.from = event_target_value(&ev))/>
                    </label>
                </div>
                <div class="form-actions">
                    <Show when=move || editing.with(Option::is_some)>
                        <button type="button" class="btn" on:click=move |_| reset()>"Cancel"</button>
                    </Show>
                    <button type="submit" class="btn btn-primary">"Save goal"</button>
                </div>
            </form>
        </section>
        <section class="card table-card section">
            {move || if rows.with(Vec::is_empty) {
                view! { <p class="empty-inline">"No goals yet: add one above, e.g. 20 calls each week for a rep."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table" aria-label="Goals">
                        <thead><tr><th scope="col">"Whose"</th><th scope="col">"Counts"</th><th scope="col">"Period"</th><th scope="col" class="num">"Target"</th><th scope="col">"Applies"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                        <tbody>{rows.get().into_iter().map(|r| {
                            let (edit_id, del_id) = (r.id.clone(), r.id.clone());
                            let name = format!("{} · {} · {}", r.whose, r.what, r.period);
                            view! {
                                <tr>
                                    <th scope="row">{r.whose.clone()}</th><td>{r.what.clone()}</td><td>{r.period}</td><td class="num">{r.target.clone()}</td><td class="muted">{r.from.clone()}</td>
                                    <td class="row-actions">
                                        <button class="btn btn-small" aria-label=format!("Edit {name}") on:click=move |_| {
                                            if let Some(f) = state.ws.with_untracked(|w| w.goals.get(&edit_id).map(GoalForm::of_goal)) {
                                                form.set(f);
                                                editing.set(Some(edit_id.clone()));
                                                errors.set(Vec::new());
                                            }
                                        }>"Edit"</button>
                                        <button class="btn btn-small" aria-label=format!("Delete {name}") on:click=move |_| delete(del_id.clone())>"Delete"</button>
                                    </td>
                                </tr>
                            }
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
