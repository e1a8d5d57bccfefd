//! Data: workspaces, demo data for training, snapshot export and import, and the way
//! to the CSV import.

use super::demo::DemoPanel;
use super::snapshot_export::ExportPanel;
use super::snapshot_import::ImportPanel;
use super::workspaces::WorkspacesPanel;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::progress::Work;
use crate::ui::links::href;
use leptos::prelude::*;

#[component]
pub fn DataPage() -> impl IntoView {
    // One task at a time across export and import, with one progress bar.
    let busy = RwSignal::new(false);
    let work = RwSignal::new(None::<Work>);
    view! {
        <PageHeader title="Data".to_string()/>
        <WorkspacesPanel/>
        <DemoPanel/>
        <ExportPanel busy=busy work=work/>
        <section class="card section">
            <h2 class="form-section-title">"Import from a spreadsheet or another CRM"</h2>
            <p class="muted">"Leads, accounts, contacts, deals or activities from a CSV file: you map its columns and values before anything is written."</p>
            <a class="btn" href=href("/data/csv")>"Import a CSV file"</a>
        </section>
        <ImportPanel busy=busy work=work/>
    }
}
