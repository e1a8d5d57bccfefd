//! Leads: a filtered, sortable, paged list.

use crate::domain::forms::date_label;
use crate::domain::{Id, LeadStatus};
use crate::ui::components::form_support::{owner_filter_options, plural};
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{filter_select, Col, CsvExport, PagedTable, SortState};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

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
    let owners = move || state.ws.with(owner_filter_options);
    let statuses = || {
        let mut v = vec![(String::new(), "All statuses".to_string())];
        v.extend(
            LeadStatus::ALL
                .iter()
                .map(|s| (s.key().to_string(), s.label().to_string())),
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
                {filter_select("lead-status", "Status", status, statuses)}
                {filter_select("lead-owner", "Owner", owner, owners)}
                {filter_select("lead-source", "Source", source, sources)}
                <CsvExport what="leads" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(|r| vec![
                        r.name.clone(), r.company.clone(), r.email.clone(), r.source.clone(), r.status.label().to_string(),
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
            <td><span class=format!("badge badge-lead-{}", r.status.key())>{r.status.label()}</span></td>
            <td>{r.owner}</td>
            <td>{date_label(Some(r.created))}</td>
        </tr>
    }
}
