//! Converting a lead in one step into an account (new or matched), a contact and a deal.

use crate::domain::lead_forms::ConvertForm;
use crate::domain::leads::convert;
use crate::domain::{Change, Id, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::focus_first_invalid;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The convert form, shown from the status panel.
#[component]
pub fn ConvertPanel(lead_id: Id, converting: RwSignal<bool>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let initial = state.ws.with_untracked(|w| {
        w.leads
            .get(&lead_id)
            .map(|l| ConvertForm::for_lead(w, l))
            .unwrap_or_default()
    });
    let form = FormState::new(initial);
    let create_contact = RwSignal::new(true);
    let create_deal = RwSignal::new(true);
    let account_options = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "Create a new account".to_string())];
            v.extend(
                w.accounts_by_name()
                    .into_iter()
                    .map(|a| (a.id.to_string(), a.name.clone())),
            );
            v
        })
    };
    let stage_options = move || {
        let p = form.values.with(|f| f.pipeline_id.clone());
        state.ws.with(|w| {
            w.pipelines
                .get(&Id::from_string(p))
                .map(|p| {
                    p.stages
                        .iter()
                        .filter(|s| s.kind == crate::domain::StageKind::Open)
                        .map(|s| (s.id.to_string(), s.name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let pipeline_options = move || {
        state.ws.with(|w| {
            w.pipelines_in_order()
                .into_iter()
                .map(|p| (p.id.to_string(), p.name.clone()))
                .collect()
        })
    };
    let new_account = move || form.values.with(|f| f.account_id.is_empty());
    let lead_for_submit = lead_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.values.update(|f| {
            f.create_contact = create_contact.get_untracked();
            f.create_deal = create_deal.get_untracked();
        });
        let home = state
            .ws
            .with_untracked(|w| w.settings.home_currency.clone());
        let built = form
            .values
            .with_untracked(|f| f.to_conversion(&home))
            .and_then(|conv| {
                state.ws.with_untracked(|w| {
                    convert(
                        w,
                        &lead_for_submit,
                        &conv,
                        platform::new_id,
                        platform::now(),
                        platform::today(),
                    )
                })
            });
        match built {
            Err(e) => {
                form.errors.set(e);
                focus_first_invalid();
            }
            Ok(changes) => {
                let deal = changes.iter().find_map(|c| match c {
                    Change::Insert(Record::Deal(d)) => Some(d.id.clone()),
                    _ => None,
                });
                let navigate = navigate.clone();
                spawn_local(async move {
                    match state.commit(changes).await {
                        Ok(()) => {
                            converting.set(false);
                            state.notify(NoticeKind::Info, "Lead converted");
                            if let Some(d) = deal {
                                navigate(&format!("/deals/{d}"), Default::default());
                            }
                        }
                        Err(e) => state.report(&e),
                    }
                });
            }
        }
    };
    view! {
        <form class="convert" on:submit=submit novalidate=true aria-label="Convert lead">
            <h2>"Convert this lead"</h2>
            {error_summary(form)}
            <div class="form-grid">
                {select_field(form, FieldSpec::new("account_id", "Account"), lens!(account_id), account_options)}
                <Show when=new_account>
                    {text_field(form, FieldSpec::new("new_account_name", "New account name").required(), lens!(new_account_name))}
                </Show>
            </div>
            <div class="check">
                <input type="checkbox" id="convert-contact" prop:checked=move || create_contact.get() on:change=move |ev| create_contact.set(event_target_checked(&ev))/>
                <label for="convert-contact">"Create a contact from the lead"</label>
            </div>
            <div class="check">
                <input type="checkbox" id="convert-deal" prop:checked=move || create_deal.get() on:change=move |ev| create_deal.set(event_target_checked(&ev))/>
                <label for="convert-deal">"Create a deal"</label>
            </div>
            <Show when=move || create_deal.get()>
                <div class="form-grid">
                    {text_field(form, FieldSpec::new("deal_name", "Deal name").required(), lens!(deal_name))}
                    {text_field(form, FieldSpec::new("deal_amount", "Deal amount").placeholder("0.00"), lens!(deal_amount))}
                    {select_field(form, FieldSpec::new("pipeline_id", "Deal pipeline"), lens!(pipeline_id), pipeline_options)}
                    {select_field(form, FieldSpec::new("stage_id", "Deal stage"), lens!(stage_id), stage_options)}
                </div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">"Convert lead"</button>
                <button type="button" class="btn" on:click=move |_| converting.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
