//! Moving a deal between stages: straight away, or through a dialog that shows the
//! exit criteria of the stage being left and asks why a deal was lost (required) or
//! won (optional).

use crate::analytics::board_view::MovePlan;
use crate::domain::deal_rules::change_stage;
use crate::domain::{Change, Id, Record};
use crate::platform;
use crate::ui::components::lost_reasons::WonReasons;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Saves a move (one transaction), then keeps the card focused in its new column.
pub fn commit_move(state: AppState, deal_id: Id, to: Id, reason: Option<String>) {
    let built = state.ws.with_untracked(|w| {
        let d = w.deals.get(&deal_id)?;
        let p = w.pipelines.get(&d.pipeline_id)?;
        Some(change_stage(
            d,
            p,
            &to,
            reason,
            None,
            platform::now(),
            platform::today(),
        ))
    });
    let Some(built) = built else { return };
    match built {
        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
        Ok(deal) => {
            let name = deal.name.clone();
            let stage = state.ws.with_untracked(|w| {
                w.stage_of(&deal)
                    .map(|s| s.name.clone())
                    .unwrap_or_default()
            });
            spawn_local(async move {
                match state.commit(vec![Change::Put(Record::Deal(deal))]).await {
                    Ok(()) => {
                        state.notify(NoticeKind::Info, format!("Moved {name} to {stage}"));
                        let id = format!("card-{deal_id}");
                        request_animation_frame(move || {
                            if let Some(el) = web_sys::window()
                                .and_then(|w| w.document())
                                .and_then(|d| d.get_element_by_id(&id))
                                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                            {
                                let _ = el.focus();
                            }
                        });
                    }
                    Err(e) => state.report(&e),
                }
            });
        }
    }
}

#[component]
pub fn MoveDialog(plan: MovePlan, pending: RwSignal<Option<MovePlan>>) -> impl IntoView {
    let state = use_app();
    let checked = RwSignal::new(vec![false; plan.checklist.len()]);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let lost = plan.asks_reason();
    let won = plan.asks_won_reason();
    let all_checked = move || checked.with(|c| c.iter().all(|x| *x));
    let plan_for_confirm = plan.clone();
    let confirm = move || {
        let chosen = match plan_for_confirm.reason(&reason.get_untracked()) {
            Ok(r) => r,
            Err(e) => {
                reason_error.set(Some(e.into()));
                return;
            }
        };
        pending.set(None);
        commit_move(
            state,
            plan_for_confirm.deal_id.clone(),
            plan_for_confirm.to.clone(),
            chosen,
        );
    };
    let confirm_click = confirm.clone();
    let title = format!("Move {} to {}", plan.deal_name, plan.to_name);
    let button_label = plan.to_name.clone();
    // Escape cancels wherever focus is.
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            pending.set(None);
        }
    });
    on_cleanup(move || esc.remove());
    Effect::new(move |_| {
        request_animation_frame(|| {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(".dialog input, .dialog button")
                        .ok()
                        .flatten()
                })
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    });
    view! {
        <div class="dialog-backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="move-title"
            >
                <h2 id="move-title">{title}</h2>
                {(!plan.checklist.is_empty()).then(|| view! {
                    <fieldset class="checklist">
                        <legend>{format!("Before leaving {}:", plan.leaving)}</legend>
                        {plan.checklist.iter().enumerate().map(|(i, item)| {
                            let id = format!("exit-{i}");
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=id.clone()
                                        prop:checked=move || checked.with(|c| c[i])
                                        on:change=move |ev| {
                                            let v = event_target_checked(&ev);
                                            checked.update(|c| c[i] = v);
                                        }
                                    />
                                    <label for=id>{item.clone()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                })}
                {lost.then(|| view! {
                    <div class="field" class:field-invalid=move || reason_error.get().is_some()>
                        <label for="lost-reason">"Lost reason"</label>
                        <input id="lost-reason" type="text" list="lost-reasons" placeholder="Price, timing, competitor…"
                            prop:value=move || reason.get()
                            on:input=move |ev| { reason.set(event_target_value(&ev)); reason_error.set(None); }
                            on:keydown={
                                let confirm = confirm.clone();
                                move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); confirm(); }
                            }
                            aria-invalid=move || reason_error.get().map(|_| "true")
                        />
                        {move || reason_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                })}
                {won.then(|| view! {
                    <div class="field">
                        <label for="won-reason">"Won reason (optional)"</label>
                        <input id="won-reason" type="text" list="won-reasons" placeholder="Product fit, relationship, price…"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                            on:keydown={
                                let confirm = confirm.clone();
                                move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Enter" { ev.prevent_default(); confirm(); }
                            }
                        />
                        <WonReasons/>
                    </div>
                })}
                <div class="dialog-actions">
                    <button class="btn btn-primary" on:click=move |_| confirm_click()>
                        {move || if all_checked() { format!("Move to {button_label}") } else { format!("Move to {button_label} anyway") }}
                    </button>
                    <button class="btn" on:click=move |_| pending.set(None)>"Cancel"</button>
                </div>
            </div>
        </div>
    }
}
