//! One module per page.

pub mod accounts;
pub mod activities;
pub mod contacts;
pub mod csv_import;
pub mod data;
pub mod deals;
pub mod demo;
mod form_support;
pub mod leads;
pub mod pipeline;
pub mod pipelines;
pub mod settings;
pub mod team;
pub mod workspaces;

use super::components::layout::PageHeader;
use super::links::href;
use leptos::prelude::*;
use leptos_router::components::A;

/// Pages that are planned but not built yet say what they will do.
pub fn coming_soon(page: &'static str) -> impl IntoView {
    let (title, text): (&str, &str) = match page {
        "pipeline" => (
            "Pipeline",
            "A board with a column per stage: drag deals between stages, see each column's count, total and weighted amount, and spot stalled deals at a glance.",
        ),
        "leads" => (
            "Leads",
            "Capture, qualify and convert leads into an account, a contact and a deal in one step.",
        ),
        "contacts" => (
            "Contacts",
            "The people at your accounts, with their titles, e-mail and phone, and a timeline of everything you did with them.",
        ),
        "activities" => (
            "Activities",
            "Calls, meetings, demos, e-mails, tasks and notes, with a “My day” view of what is overdue, due today and coming up.",
        ),
        "dashboard" => (
            "Dashboard",
            "Win rate, average deal size, sales cycle, pipeline coverage, velocity and activity metrics, with charts.",
        ),
        "forecast" => (
            "Forecast",
            "Closed so far, weighted pipeline with a P10–P90 band, forecast categories, historical and trend forecasts, and their accuracy.",
        ),
        "team" => (
            "Team",
            "Reps, managers and territories, quotas and attainment, and coaching notes.",
        ),
        _ => (
            "Data",
            "Export and import JSON snapshots (merge several reps’ snapshots into one team view), CSV import and export, workspaces and demo data.",
        ),
    };
    view! {
        <PageHeader title=title.to_string()/>
        <section class="card coming-soon">
            <span class="badge badge-muted">"Coming soon"</span>
            <p>{text}</p>
            <p class="muted">
                "Meanwhile, keep your "
                <A href=href("/accounts")>"accounts"</A>
                " and "
                <A href=href("/deals")>"deals"</A>
                " up to date: everything you enter here will feed this page."
            </p>
        </section>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageHeader title="Page not found".to_string()/>
        <section class="card">
            <p>"There is no page at this address."</p>
            <A href=href("/deals")>"Go to your deals"</A>
        </section>
    }
}
