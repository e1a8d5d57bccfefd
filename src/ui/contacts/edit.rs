//! Contacts: the people at accounts. A sortable, paged list and the contact page.

use super::activities::{ActivityTimeline, LogActivity};
use super::form_support::{plural, save_record, DeleteRecord};
use crate::domain::activity_forms::Links;
use crate::domain::forms::ContactForm;
use crate::domain::Id;
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::{EmptyState, PageHeader, RecordNotFound};
use crate::ui::components::table::{Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[derive(Clone, PartialEq)]
struct Row {
    id: Id,
    name: String,
    title: String,
    account: String,
    email: String,
    phone: String,
}

#[component]
pub fn ContactsPage() -> impl IntoView {
    let state = use_app();
    let sort = SortState::new("name", true);
    let filter = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        let (key, asc) = sort.get();
        let needle = filter.get().trim().to_lowercase();
        state.ws.with(|w| {
            let mut v: Vec<Row> = w
                .contacts
                .values()
                .filter(|c| {
                    needle.is_empty()
                        || c.name.to_lowercase().contains(&needle)
                        || c.email
                            .as_deref()
                            .is_some_and(|m| m.to_lowercase().contains(&needle))
                        || w.account_name(Some(&c.account_id))
                            .is_some_and(|a| a.to_lowercase().contains(&needle))
                })
                .map(|c| Row {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    title: c.title.clone().unwrap_or_default(),
                    account: w
                        .account_name(Some(&c.account_id))
                        .unwrap_or("")
                        .to_string(),
                    email: c.email.clone().unwrap_or_default(),
                    phone: c.phone.clone().unwrap_or_default(),
                })
                .collect();
            v.sort_by(|a, b| {
                let o = match key {
                    "account" => a.account.to_lowercase().cmp(&b.account.to_lowercase()),
                    "title" => a.title.cmp(&b.title),
                    "email" => a.email.cmp(&b.email),
                    _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                };
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            v
        })
    });
    let any = Memo::new(move |_| state.ws.with(|w| !w.contacts.is_empty()));
    let total = Signal::derive(move || rows.with(|r| r.len()));
    view! {
        <PageHeader title="Contacts".to_string() subtitle=Signal::derive(move || plural(total.get(), "contact", "contacts"))>
            <A href=href("/contacts/new")><span class="btn btn-primary">"New contact"</span></A>
        </PageHeader>
        <Show when=move || any.get() fallback=|| view! {
            <EmptyState title="No contacts yet" text="Contacts are the people you talk to at your accounts. Add one, or convert a lead to create one." action_label="Add your first contact" action_href=href("/contacts/new")/>
        }>
            <div class="toolbar" role="group" aria-label="Contact filters">
                <label class="toolbar-field" for="contact-filter">
                    <span>"Name, e-mail or account contains"</span>
                    <input id="contact-filter" type="search" prop:value=move || filter.get() on:input=move |ev| filter.set(event_target_value(&ev))/>
                </label>
                <CsvExport what="contacts" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.title.clone(), r.account.clone(), r.email.clone(), r.phone.clone(),
                    ]).collect());
                    (vec!["Name", "Title", "Account", "E-mail", "Phone"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![Col("Name", Some("name")), Col("Title", Some("title")), Col("Account", Some("account")), Col("E-mail", Some("email")), Col("Phone", None)]
                sort=sort
                rows=rows
                row=contact_row
            />
        </Show>
    }
}

fn contact_row(r: Row) -> impl IntoView {
    view! {
        <tr>
            <td><A href=href(&format!("/contacts/{}", r.id))>{r.name}</A></td>
            <td>{r.title}</td>
            <td>{r.account}</td>
            <td class="muted">{r.email}</td>
            <td class="muted">{r.phone}</td>
        </tr>
    }
}

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
        state.ws.with(|w| {
            let id = record_id.get_value();
            let n = w
                .activities
                .values()
                .filter(|a| a.contact_id.as_ref() == Some(&id))
                .count();
            let name = w
                .contacts
                .get(&id)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            if n == 0 {
                format!("Delete {name}?")
            } else {
                format!(
                    "Delete {name} and their {}?",
                    plural(n, "activity", "activities")
                )
            }
        })
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
