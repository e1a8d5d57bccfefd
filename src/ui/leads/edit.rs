//! Leads: a filtered, sortable, paged list; the lead page with status actions and
//! one-step conversion into an account, a contact and a deal.

use super::activities::{ActivityTimeline, LogActivity};
use super::form_support::{focus_first_invalid, owner_options, plural, save_record, DeleteRecord};
use crate::domain::activity_forms::Links;
use crate::domain::forms::date_label;
use crate::domain::lead_forms::{ConvertForm, LeadForm};
use crate::domain::leads::{convert, set_status};
use crate::domain::{Change, Id, Lead, LeadStatus, Record};
use crate::lens;
use crate::platform;
use crate::ui::components::fields::{
    error_summary, select_field, text_field, FieldSpec, FormState,
};
use crate::ui::components::layout::{EmptyState, PageHeader, RecordNotFound};
use crate::ui::components::table::{Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

pub fn status_label(s: LeadStatus) -> &'static str {
    match s {
        LeadStatus::New => "New",
        LeadStatus::Working => "Working",
        LeadStatus::Qualified => "Qualified",
        LeadStatus::Disqualified => "Disqualified",
        LeadStatus::Converted => "Converted",
    }
}

const STATUSES: [LeadStatus; 5] = [
    LeadStatus::New,
    LeadStatus::Working,
    LeadStatus::Qualified,
    LeadStatus::Disqualified,
    LeadStatus::Converted,
];

#[derive(Clone, PartialEq)]
struct LeadRow {
    id: Id,
    name: String,
    company: String,
    email: String,
    source: String,
    status: LeadStatus,
    owner: String,
    created: chrono::NaiveDate,
}

#[component]
pub fn LeadsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let sort = SortState::new("created", false);

    let rows = Memo::new(move |_| {
        let (st, ow, so) = (status.get(), owner.get(), source.get());
        let (key, asc) = sort.get();
        state.ws.with(|w| {
            let mut rows: Vec<LeadRow> = w
                .leads
                .values()
                .filter(|l| st.is_empty() || l.status.key() == st)
                .filter(|l| {
                    ow.is_empty() || l.owner_id.as_ref().map(|o| o.as_str()) == Some(ow.as_str())
                })
                .filter(|l| so.is_empty() || l.source.as_deref() == Some(so.as_str()))
                .map(|l| LeadRow {
                    id: l.id.clone(),
                    name: l.name.clone(),
                    company: l.company.clone().unwrap_or_default(),
                    email: l.email.clone().unwrap_or_default(),
                    source: l.source.clone().unwrap_or_default(),
                    status: l.status,
                    owner: w.rep_name(l.owner_id.as_ref()).unwrap_or("").to_string(),
                    created: l.created_at.date_naive(),
                })
                .collect();
            rows.sort_by(|a, b| {
                let o = match key {
                    "name" => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
                    "company" => a.company.to_lowercase().cmp(&b.company.to_lowercase()),
                    "status" => (a.status as u8).cmp(&(b.status as u8)),
                    "owner" => a.owner.cmp(&b.owner),
                    "source" => a.source.cmp(&b.source),
                    _ => a.created.cmp(&b.created),
                };
                if asc {
                    o
                } else {
                    o.reverse()
                }
            });
            rows
        })
    });
    // A new filter or sort starts at the first page.
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let any = Memo::new(move |_| state.ws.with(|w| !w.leads.is_empty()));
    let sources = move || {
        state.ws.with(|w| {
            let mut s: Vec<String> = w.leads.values().filter_map(|l| l.source.clone()).collect();
            s.sort();
            s.dedup();
            let mut v = vec![(String::new(), "All sources".to_string())];
            v.extend(s.into_iter().map(|x| (x.clone(), x)));
            v
        })
    };
    let owners = move || state.ws.with(super::form_support::owner_filter_options);
    let statuses = || {
        let mut v = vec![(String::new(), "All statuses".to_string())];
        v.extend(
            STATUSES
                .iter()
                .map(|s| (s.key().to_string(), status_label(*s).to_string())),
        );
        v
    };
    let subtitle = Signal::derive(move || plural(total.get(), "lead", "leads"));
    view! {
        <PageHeader title="Leads".to_string() subtitle=subtitle>
            <A href=href("/leads/new")><span class="btn btn-primary">"New lead"</span></A>
        </PageHeader>
        <Show
            when=move || any.get()
            fallback=|| view! {
                <EmptyState
                    title="No leads yet"
                    text="Leads are people who might buy. Qualify them, then convert the good ones into an account, a contact and a deal in one step."
                    action_label="Add your first lead"
                    action_href=href("/leads/new")
                />
            }
        >
            <div class="toolbar" role="group" aria-label="Lead filters">
                {crate::ui::components::table::filter_select("lead-status", "Status", status, statuses)}
                {crate::ui::components::table::filter_select("lead-owner", "Owner", owner, owners)}
                {crate::ui::components::table::filter_select("lead-source", "Source", source, sources)}
                <CsvExport what="leads" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.company.clone(), r.email.clone(), r.source.clone(), status_label(r.status).to_string(),
                        r.owner.clone(), r.created.format("%Y-%m-%d").to_string(),
                    ]).collect());
                    (vec!["Name", "Company", "E-mail", "Source", "Status", "Owner", "Created"], rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Name", Some("name")),
                    Col("Company", Some("company")),
                    Col("E-mail", None),
                    Col("Source", Some("source")),
                    Col("Status", Some("status")),
                    Col("Owner", Some("owner")),
                    Col("Created", Some("created")),
                ]
                sort=sort
                rows=rows
                row=lead_row
            />
        </Show>
    }
}

fn lead_row(r: LeadRow) -> impl IntoView {
    view! {
        <tr>
            <td><A href=href(&format!("/leads/{}", r.id))>{r.name}</A></td>
            <td>{r.company}</td>
            <td class="muted">{r.email}</td>
            <td>{r.source}</td>
            <td><span class=format!("badge badge-lead-{}", r.status.key())>{status_label(r.status)}</span></td>
            <td>{r.owner}</td>
            <td>{date_label(Some(r.created))}</td>
        </tr>
    }
}

#[component]
pub fn LeadEditPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id"));
        view! { <LeadEditor id=id/> }
    }
}

#[component]
fn LeadEditor(id: Option<String>) -> impl IntoView {
    let state = use_app();
    let navigate = use_navigate();
    let existing = id.as_ref().and_then(|id| {
        state
            .ws
            .with_untracked(|w| w.leads.get(&Id::from_string(id.clone())).cloned())
    });
    if id.is_some() && existing.is_none() {
        return view! { <RecordNotFound kind="lead" list="leads"/> }.into_any();
    }
    let is_new = existing.is_none();
    let record_id = StoredValue::new(
        existing
            .as_ref()
            .map(|l| l.id.clone())
            .unwrap_or_else(platform::new_id),
    );
    let form = FormState::new(match &existing {
        Some(l) => LeadForm::from_lead(l),
        None => state
            .ws
            .with_untracked(|w| LeadForm::new(w.settings.me.as_ref())),
    });
    let saving = RwSignal::new(false);
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
                    f.to_record(
                        w,
                        w.leads.get(&record_id.get_value()),
                        record_id.get_value(),
                        platform::now(),
                    )
                },
                move |_| {
                    if is_new {
                        navigate(
                            &format!("/leads/{}", record_id.get_value()),
                            Default::default(),
                        );
                    }
                },
            );
        }
    };
    let delete_message = Signal::derive(move || {
        state.ws.with(|w| {
            let id = record_id.get_value();
            let n = w
                .activities
                .values()
                .filter(|a| a.lead_id.as_ref() == Some(&id))
                .count();
            let name = w.leads.get(&id).map(|l| l.name.clone()).unwrap_or_default();
            if n == 0 {
                format!("Delete the lead {name}?")
            } else {
                format!(
                    "Delete the lead {name} and its {}?",
                    plural(n, "activity", "activities")
                )
            }
        })
    });
    let changes = Callback::new(move |_| {
        state.ws.with_untracked(|w| {
            let id = record_id.get_value();
            let name = w.leads.get(&id).map(|l| l.name.clone()).unwrap_or_default();
            (
                w.delete_lead_changes(&id, platform::now()),
                format!("Deleted {name}"),
            )
        })
    });
    let lead = Memo::new(move |_| {
        state
            .ws
            .with(|w| w.leads.get(&record_id.get_value()).cloned())
    });
    let title = existing
        .as_ref()
        .map(|l| l.name.clone())
        .unwrap_or_else(|| "New lead".into());
    let owners = move || {
        let current = form.values.with(|f| f.owner_id.clone());
        state.ws.with(|w| owner_options(w, &current))
    };
    view! {
        <PageHeader title=title>
            {move || lead.get().map(|l| view! { <span class=format!("badge badge-lead-{}", l.status.key())>{status_label(l.status)}</span> })}
            {(!is_new).then(|| view! { <DeleteRecord label="Delete lead" message=delete_message changes=changes back="/leads"/> })}
        </PageHeader>
        {move || lead.get().map(|l| view! { <LeadStatusPanel lead=l/> })}
        <form class="card form" on:submit=save novalidate=true>
            {error_summary(form)}
            <div class="form-grid">
                {text_field(form, FieldSpec::new("name", "Name").required().placeholder("Ana Silva"), lens!(name))}
                {text_field(form, FieldSpec::new("company", "Company").placeholder("Globex"), lens!(company))}
                {text_field(form, FieldSpec::new("email", "E-mail").kind("email"), lens!(email))}
                {text_field(form, FieldSpec::new("phone", "Phone").kind("tel"), lens!(phone))}
                {text_field(form, FieldSpec::new("source", "Source").placeholder("Webinar, referral, website…"), lens!(source))}
                {select_field(form, FieldSpec::new("owner_id", "Owner"), lens!(owner_id), owners)}
                {text_field(form, FieldSpec::new("score", "Score (0–100)").kind("number"), lens!(score))}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {if is_new { "Create lead" } else { "Save lead" }}
                </button>
                <A href=href("/leads")><span class="btn">"Back to leads"</span></A>
            </div>
        </form>
        {(!is_new).then(|| {
            let id = record_id.get_value();
            let about = state.ws.with_untracked(|w| w.leads.get(&id).map(|l| l.name.clone()).unwrap_or_default());
            let links = Links { lead_id: Some(id.clone()), ..Default::default() };
            view! {
                <LogActivity links=links about=about/>
                <ActivityTimeline filter=|a, id| a.lead_id.as_ref() == Some(id) id=id/>
            }
        })}
    }
    .into_any()
}

/// Status actions, the disqualify reason and the convert form, depending on status.
#[component]
fn LeadStatusPanel(lead: Lead) -> impl IntoView {
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
                                format!("Lead marked {}", status_label(to).to_lowercase()),
                            ),
                            Err(e) => state.notify(NoticeKind::Error, e.to_string()),
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

#[component]
fn ConvertPanel(lead_id: Id, converting: RwSignal<bool>) -> impl IntoView {
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
                        Err(e) => state.notify(NoticeKind::Error, e.to_string()),
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
