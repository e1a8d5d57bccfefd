//! Contacts: the create/edit page, with the contact's activities.

use crate::analytics::delete_impact::DeleteImpact;
use crate::domain::activity_forms::Links;
use crate::domain::forms::ContactForm;
use crate::domain::Id;
use crate::lens;
use crate::platform;
use crate::ui::components::activity_log::{ActivityTimeline, LogActivity};
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::form_support::{save_record, DeleteRecord};
use crate::ui::components::layout::{PageHeader, RecordNotFound};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ContactEditPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let id = params.with(|p| p.get("id"));
        let account = query.with_untracked(|q| q.get("account"));
        view! { <ContactEditor id=id account=account/> }
    }
}

#[component]
fn ContactEditor(id: Option<String>, account: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.contacts.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="contact" list="contacts"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = StoredValue::new(
        existing
            .as_ref()
            .map(|c| c.id.clone())
            .unwrap_or_else(platform::new_id),
    );
    let form = FormState::new(match &existing {
        Some(c) => ContactForm::from_contact(c),
        None => ContactForm {
            account_id: account.unwrap_or_default(),
            ..Default::default()
        },
    });
    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let navigate = navigate.clone();
            save_record(
                state,
                form,
                RwSignal::new(false),
                is_new,
                |w, f| {
                    f.to_record(
                        w,
                        w.contacts.get(&record_id.get_value()),
                        record_id.get_value(),
                        platform::now(),
                    )
                },
                move |_| {
                    if is_new {
                        navigate(
                            &format!("/contacts/{}", record_id.get_value()),
                            Default::default(),
                        );
                    }
                },
            );
        }
    };
    let accounts = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "Choose an account".to_string())];
            v.extend(
                w.accounts_by_name()
                    .into_iter()
                    .map(|a| (a.id.to_string(), a.name.clone())),
            );
            v
        })
    };
    let title = existing
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_else(|| "New contact".into());
    let delete_message = Signal::derive(move || {
        state
            .ws
            .with(|w| DeleteImpact::contact(w, &record_id.get_value()).question())
    });
    let changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w
                .contacts
                .get(&id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            (
                w.delete_contact_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });
    view! {
        <PageHeader title=title>
            {(!is_new).then(|| view! { <DeleteRecord label="Delete contact" message=delete_message changes=changes back="/contacts"/> })}
        </PageHeader>
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Name").required(), lens!(name))}
                {select_field(form, FieldSpec::new("account_id", "Account").required(), lens!(account_id), accounts)}
                {text_field(form, FieldSpec::new("title", "Job title"), lens!(title))}
                {text_field(form, FieldSpec::new("email", "E-mail").kind("email"), lens!(email))}
                {text_field(form, FieldSpec::new("phone", "Phone").kind("tel"), lens!(phone))}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary">{if is_new { "Create contact" } else { "Save contact" }}</button>
                <A href=href("/contacts")><span class="btn">"Back to contacts"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let (about, account_id) = state.ws.with_untracked(|w| {
                let c = w.contacts.get(&id);
                (c.map(|c| c.name.clone()).unwrap_or_default(), c.map(|c| c.account_id.clone()))
            });
            let links = Links { contact_id: Some(id.clone()), account_id, ..Default::default() };
            view! {
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.contact_id.as_ref() == Some(id) id=id/>
            }
        })}
    }.into_any()
}
