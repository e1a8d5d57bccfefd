//! Dashboard: KPIs and charts (being built).

use crate::ui::components::layout::PageHeader;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    view! {
        <PageHeader title="Dashboard".to_string()/>
        <section class="card section"><p>"This page is being built."</p></section>
    }
}
