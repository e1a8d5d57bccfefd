//! Automation (Workspace › Automation): the follow-up rules the user turns on and
//! edits, and the log of every task the rules and stage playbooks made, with undo.

use crate::analytics::automation::log_view::log_rows;
use crate::domain::automation::rules::{rules_from_drafts, RuleDraft, RuleKind};
use crate::domain::automation::tasks::undo_changes;
use crate::domain::forms::date_label;
use crate::domain::{Change, FieldErrors};
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// The log shows this many entries, newest first.
const LOG_ROWS: usize = 200;

fn rule_label(kind: RuleKind) -> &'static str {
    match kind {
        RuleKind::NoActivity => "No activity on an open deal → a follow-up call for the owner",
        RuleKind::LeadNotContacted => {
            "A new lead not contacted in time → a call for the lead's owner"
        }
        RuleKind::ClosePassed => "The close date of an open deal passed → a task to update it",
        RuleKind::WonOnboarding => "A deal is won → an onboarding task for the account",
    }
}

#[component]
pub fn AutomationPage() -> impl IntoView {
    let state = use_app();
    let drafts = RwSignal::new(state.ws.with_untracked(|w| {
        w.settings
            .automation
            .rules
            .iter()
            .map(RuleDraft::from_rule)
            .collect::<Vec<_>>()
    }));
    let errors = RwSignal::new(FieldErrors::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let built = state.ws.with_untracked(|w| {
            drafts.with_untracked(|d| {
                rules_from_drafts(&w.settings.automation.rules, d, platform::now()).map(|rules| {
                    let mut s = w.settings.clone();
                    s.automation.rules = rules;
                    s.updated_at = Some(platform::now());
                    s
                })
            })
        });
        match built {
            Err(e) => errors.set(e),
            Ok(settings) => {
                errors.set(FieldErrors::new());
                let before = state.ws.with_untracked(|w| w.automation_log.len());
                spawn_local(async move {
                    match state.commit(vec![Change::Settings(settings)]).await {
                        Ok(()) => {
                            let made = state.ws.with_untracked(|w| w.automation_log.len()) - before;
                            let text = match made {
                                0 => "Rules saved; nothing needs a follow-up now".to_string(),
                                1 => "Rules saved; they made 1 task".to_string(),
                                n => format!("Rules saved; they made {n} tasks"),
                            };
                            state.notify(NoticeKind::Info, text);
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    let log = Memo::new(move |_| state.ws.with(|w| log_rows(w, LOG_ROWS)));
    let undo = move |id: crate::domain::Id| {
        let changes = state
            .ws
            .with_untracked(|w| undo_changes(w, &id, platform::now()));
        if changes.is_empty() {
            return;
        }
        spawn_local(async move {
            match state.commit_as_is(changes).await {
                Ok(()) => state.notify(NoticeKind::Info, "Undone: the task was removed"),
                Err(e) => state.report(&e),
            }
        });
    };
    let n = drafts.with_untracked(|d| d.len());
    view! {
        <PageHeader title="Automation".to_string() subtitle=Signal::derive(|| "Follow-up rules and what they did".to_string())/>
        <section class="card section">
            <h2>"Follow-up rules"</h2>
            <p class="muted">"A rule runs when Salesdeck opens and after every change. It makes one task per cause (the same stale deal or passed date never gets two), and each task says which rule made it. Stage playbooks are set per stage in Settings › Pipelines."</p>
            <form class="form" on:submit=save novalidate=true aria-label="Follow-up rules">
                {(0..n).map(|i| {
                    let kind = drafts.with_untracked(|d| d[i].kind);
                    let cid = format!("rule-on-{}", kind.key());
                    let nid = format!("rule-{}", kind.key());
                    let err_key = nid.clone();
                    let err = move || errors.with(|e| e.get(&err_key).map(str::to_string));
                    let err2 = err.clone();
                    view! {
                        <div class="rule-row">
                            <div class="check">
                                <input type="checkbox" id=cid.clone()
                                    prop:checked=move || drafts.with(|d| d[i].on)
                                    on:change=move |ev| { let v = event_target_checked(&ev); drafts.update(|d| d[i].on = v); }/>
                                <label for=cid>{rule_label(kind)}</label>
                            </div>
                            {kind.unit().map(|unit| view! {
                                <div class="field narrow">
                                    <label for=nid.clone()>{format!("{}{}", unit[..1].to_uppercase(), &unit[1..])}</label>
                                    <input id=nid.clone() type="number" min="1"
                                        prop:value=move || drafts.with(|d| d[i].n.clone())
                                        on:input=move |ev| { let v = event_target_value(&ev); drafts.update(|d| d[i].n = v); }
                                        aria-invalid=move || err2().map(|_| "true")/>
                                    {move || err().map(|m| view! { <p class="field-error">{m}</p> })}
                                </div>
                            })}
                        </div>
                    }
                }).collect_view()}
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Save rules"</button></div>
            </form>
        </section>
        <section class="card section">
            <h2>"What automation did"</h2>
            {move || {
                let (rows, total) = log.get();
                if rows.is_empty() {
                    return view! { <p class="muted">"Nothing yet. Turn a rule on above, or move a deal into a stage with a playbook."</p> }.into_any();
                }
                let shown = rows.len();
                view! {
                    <div>
                        {(total > shown).then(|| view! { <p class="muted">{format!("The newest {shown} of {total} entries.")}</p> })}
                        <ul class="todo-list automation-log" aria-label="Automation log">
                            {rows.into_iter().map(|r| {
                                let id = r.id.clone();
                                let task = r.task.clone();
                                view! {
                                    <li>
                                        <span class="muted">{date_label(Some(r.day))}</span>
                                        <span>{format!("{} made “{}”", capitalise(&r.made_by), r.task)}</span>
                                        <span class="log-actions">
                                            {r.about.clone().map(|(label, link)| view! { <A href=href(&link)>{label}</A> })}
                                            {r.undone.then(|| view! { <span class="muted">"Undone"</span> })}
                                            {r.can_undo.then(|| view! {
                                                <button class="btn btn-small" aria-label=format!("Undo {task}") on:click=move |_| undo(id.clone())>"Undo"</button>
                                            })}
                                        </span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
