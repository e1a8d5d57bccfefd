//! Leads: a filtered, sortable, paged list. The query is `analytics::lists::leads`.

use crate::analytics::lists::leads::{
    employees_label, lead_rows, lead_sources, LeadFilter, LeadRow, LeadSort,
};
use crate::analytics::text::plural;
use crate::domain::forms::date_label;
use crate::domain::LeadStatus;
use crate::ui::components::form_support::owner_filter_options;
use crate::ui::components::layout::{EmptyState, PageHeader};
use crate::ui::components::table::{
    chosen_id, filter_select, Col, CsvExport, PagedTable, SortState,
};
use crate::ui::links::href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn LeadsPage() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let source = RwSignal::new(String::new());
    let min_score = RwSignal::new(String::new());
    let sort = SortState::new(LeadSort::Created.key(), false);

    let rows = Memo::new(move |_| {
        let f = LeadFilter {
            status: LeadStatus::from_key(&status.get()),
            owner: chosen_id(&owner.get()),
            source: Some(source.get()).filter(|s| !s.is_empty()),
            min_score: min_score.get().trim().parse::<u8>().ok(),
        };
        let (key, asc) = sort.get();
        state
            .ws
            .with(|w| {
                state.with_lead_scoring(w, |s| lead_rows(w, s, &f, LeadSort::from_key(key), asc))
            })
            .unwrap_or_default()
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    let any = Memo::new(move |_| state.ws.with(|w| !w.leads.is_empty()));
    let sources = move || {
        state.ws.with(|w| {
            let mut v = vec![(String::new(), "All sources".to_string())];
            v.extend(lead_sources(w).into_iter().map(|x| (x.clone(), x)));
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
            <A href=href("/scoring")><span class="btn">"How leads are scored"</span></A>
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
                <label class="toolbar-field" for="lead-min-score">
                    <span>"Score at least"</span>
                    <input id="lead-min-score" type="number" min="0" max="100" placeholder="0"
                        prop:value=move || min_score.get()
                        on:input=move |ev| min_score.set(event_target_value(&ev))/>
                </label>
                <CsvExport what="leads" table=Callback::new(move |_| {
                    let rows = rows.with_untracked(|r| r.iter().map(LeadRow::csv_cells).collect());
                    (LeadRow::CSV_HEADERS.to_vec(), rows)
                })/>
            </div>
            <PagedTable
                columns=vec![
                    Col("Name", Some(LeadSort::Name.key())),
                    Col("Company and e-mail", Some(LeadSort::Company.key())),
                    Col("Source", Some(LeadSort::Source.key())),
                    Col("Status", Some(LeadSort::Status.key())),
                    Col("Owner", Some(LeadSort::Owner.key())),
                    Col("Created", Some(LeadSort::Created.key())),
                    Col("Score", Some(LeadSort::Score.key())),
                    Col("Learned chance", Some(LeadSort::Learned.key())),
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
            <td><A href=href(&format!("/leads/{}", r.id))>{r.name}</A>
                {(!r.title.is_empty()).then(|| view! { <div class="muted small">{r.title.clone()}</div> })}</td>
            <td>{r.company}{r.company_size.map(|n| view! { <div class="muted small">{employees_label(n)}</div> })}
                {(!r.email.is_empty()).then(|| view! { <div class="muted small lead-email">{r.email.clone()}</div> })}</td>
            <td>{r.source}</td>
            <td><span class=format!("badge badge-lead-{}", r.status.key())>{r.status.label()}</span></td>
            <td>{r.owner}</td>
            <td>{date_label(Some(r.created))}</td>
            <td class="score-cell"><strong>{r.score}</strong><span class="muted small score-why">{r.score_why}</span></td>
            <td class="score-cell">{match r.learned {
                Some(p) => view! { <strong>{format!("{p}%")}</strong><span class="muted small score-why">{r.learned_why}</span> }.into_any(),
                None => view! { <span class="muted" title="Not enough converted or disqualified leads to learn from yet">"—"</span> }.into_any(),
            }}</td>
        </tr>
    }
}
