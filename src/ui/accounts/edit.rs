//! Accounts: the create/edit page, with the account's deals, contacts, activities and
//! timeline.

use super::contacts::AccountContacts;
use super::deals::AccountDeals;
use super::timeline::AccountTimeline;
use crate::analytics::delete_impact::DeleteImpact;
use crate::domain::activity_forms::Links;
use crate::domain::forms::AccountForm;
use crate::domain::{CustomerStatus, Id, Segment};
use crate::lens;
use crate::platform;
use crate::ui::components::activity_log::LogActivity;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::{owner_options, save_record, DeleteRecord};
use crate::ui::components::layout::{PageHeader, RecordNotFound};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

#[component]
pub fn AccountEditPage() -> impl IntoView {
    let params = use_params_map();
    // Re-create the form when the URL's id changes (e.g. after saving a new account).
    move || {
        let id = params.with(|p| p.get("id"));
        view! { <AccountEditor id=id/> }
    }
}

#[component]
fn AccountEditor(id: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.accounts.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="account" list="accounts"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = existing
        .as_ref()
        .map(|a| a.id.clone())
        .unwrap_or_else(platform::new_id);
    let initial = match &existing {
        Some(a) => AccountForm::from_account(a),
        None => state
            .ws
            .with_untracked(|w| AccountForm::new(w.settings.me.as_ref())),
    };
    let form = FormState::new(initial);
    let saving = RwSignal::new(false);
    let existing = StoredValue::new(existing);
    let record_id = StoredValue::new(record_id);

    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let navigate = navigate.clone();
            save_record(
                state,
                form,
                saving,
                is_new,
                |w, f| {
                    existing.with_value(|e| {
                        f.to_record(
                            w,
                            e.as_ref(),
                            record_id.get_value(),
                            platform::now(),
                            platform::today(),
                        )
                    })
                },
                move |_| {
                    if is_new {
                        navigate(
                            &format!("/accounts/{}", record_id.get_value()),
                            Default::default(),
                        );
                    }
                },
            );
        }
    };

    let delete_message = Signal::derive(move || {
        state
            .ws
            .with(|w| DeleteImpact::account(w, &record_id.get_value()).question())
    });
    let delete_changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.account_name(Some(&id)).unwrap_or_default().to_string();
            (
                w.delete_account_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });

    let title = if is_new {
        "New account".to_string()
    } else {
        existing.with_value(|e| e.as_ref().map(|a| a.name.clone()).unwrap_or_default())
    };
    let segment_options = || {
        let mut v = vec![(String::new(), "—".to_string())];
        v.extend(
            Segment::ALL
                .iter()
                .map(|s| (s.label().to_string(), s.label().to_string())),
        );
        v
    };
    let status_options = || {
        CustomerStatus::ALL
            .iter()
            .map(|s| (s.key().to_string(), s.label().to_string()))
            .collect()
    };
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };

    view! {
        <PageHeader title=title>
            {(!is_new).then(|| view! {
                <DeleteRecord label="Delete account" message=delete_message changes=delete_changes back="/accounts"/>
            })}
        </PageHeader>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Name").required().placeholder("Acme Inc."), lens!(name))}
                {text_field(form, FieldSpec::new("domain", "Domain").placeholder("acme.com"), lens!(domain))}
                {text_field(form, FieldSpec::new("industry", "Industry").placeholder("Manufacturing"), lens!(industry))}
                {select_field(form, FieldSpec::new("segment", "Segment"), lens!(segment), segment_options)}
                {select_field(form, FieldSpec::new("status", "Customer status"), lens!(status), status_options)}
                {text_field(form, FieldSpec::new("customer_since", "Customer since").kind("date"), lens!(customer_since))}
                {text_field(form, FieldSpec::new("churned_on", "Churned on").kind("date"), lens!(churned_on))}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create account" } else { "Save account" }}
                </button>
                <A href=href("/accounts")><span class="btn">"Back to accounts"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let about = state.ws.with_untracked(|w| w.account_name(Some(&id)).unwrap_or_default().to_string());
            let links = Links { account_id: Some(id.clone()), ..Default::default() };
            view! {
                <AccountDeals account_id=id.clone()/>
                <AccountContacts account_id=id.clone()/>
                <LogActivity links=links about=about/>
                <AccountTimeline account_id=id/>
            }
        })}
    }
    .into_any()
}
