//! A lead's status panel: start working, qualify, disqualify (with a reason) or
//! convert; once converted, links to what it became.

use super::convert::ConvertPanel;
use crate::domain::forms::date_label;
use crate::domain::leads::set_status;
use crate::domain::{Change, Lead, LeadStatus, Record};
use crate::platform;
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// Status actions, the disqualify reason and the convert form, depending on status.
#[component]
pub fn LeadStatusPanel(lead: Lead) -> impl IntoView {
    let state = use_app();
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let converting = RwSignal::new(false);
    let lead_id = lead.id.clone();
    let change_status = {
        let lead = lead.clone();
        move |to: LeadStatus| {
            let r = reason.get_untracked();
            match set_status(&lead, to, Some(&r), platform::now()) {
                Err(e) => reason_error.set(
                    e.get("disqualified_reason")
                        .or(e.get("status"))
                        .map(str::to_string),
                ),
                Ok(l) => {
                    spawn_local(async move {
                        match state.commit(vec![Change::Put(Record::Lead(l))]).await {
                            Ok(()) => state.notify(
                                NoticeKind::Info,
                                format!("Lead marked {}", to.label().to_lowercase()),
                            ),
                            Err(e) => state.report(&e),
                        }
                    });
                }
            }
        }
    };
    if let Some(conv) = lead.conversion.clone() {
        let links = state.ws.with_untracked(|w| {
            (
                w.account_name(Some(&conv.account_id))
                    .map(|n| (conv.account_id.clone(), n.to_string())),
                conv.deal_id
                    .as_ref()
                    .and_then(|d| w.deals.get(d))
                    .map(|d| (d.id.clone(), d.name.clone())),
            )
        });
        return view! {
            <section class="card section converted">
                <p>{format!("Converted on {}.", date_label(Some(conv.converted_on)))}</p>
                <ul class="links">
                    {links.0.map(|(id, n)| view! { <li>"Account: "<A href=href(&format!("/accounts/{id}"))>{n}</A></li> })}
                    {links.1.map(|(id, n)| view! { <li>"Deal: "<A href=href(&format!("/deals/{id}"))>{n}</A></li> })}
                </ul>
            </section>
        }
        .into_any();
    }
    let status = lead.status;
    let cs1 = change_status.clone();
    let cs2 = change_status.clone();
    let cs3 = change_status.clone();
    view! {
        <section class="card section status-panel">
            <div class="status-actions" role="group" aria-label="Lead status">
                {(status == LeadStatus::New || status == LeadStatus::Disqualified).then(|| view! {
                    <button class="btn" on:click=move |_| cs1(LeadStatus::Working)>"Start working"</button>
                })}
                {matches!(status, LeadStatus::New | LeadStatus::Working).then(|| view! {
                    <button class="btn" on:click=move |_| cs2(LeadStatus::Qualified)>"Qualify"</button>
                })}
                {(status != LeadStatus::Disqualified).then(|| view! {
                    <button class="btn" on:click=move |_| cs3(LeadStatus::Disqualified)>"Disqualify"</button>
                })}
                {(status != LeadStatus::Disqualified).then(|| view! {
                    <button class="btn btn-primary" on:click=move |_| converting.set(true)>"Convert…"</button>
                })}
            </div>
            {(status != LeadStatus::Disqualified).then(|| view! {
                <div class="field inline-field" class:field-invalid=move || reason_error.get().is_some()>
                    <label for="dq-reason">"Disqualify reason"</label>
                    <input id="dq-reason" type="text" placeholder="No budget, not the decision maker…"
                        prop:value=move || reason.get()
                        on:input=move |ev| { reason.set(event_target_value(&ev)); reason_error.set(None); }
                        aria-invalid=move || reason_error.get().map(|_| "true")/>
                    {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            })}
            {lead.disqualified_reason.clone().map(|r| view! { <p class="muted">{format!("Disqualified: {r}")}</p> })}
            <Show when=move || converting.get()>
                <ConvertPanel lead_id=lead_id.clone() converting=converting/>
            </Show>
        </section>
    }
    .into_any()
}
