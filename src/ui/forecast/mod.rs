//! Forecast: forecast methods and their accuracy (being built).

use crate::ui::components::layout::PageHeader;
use leptos::prelude::*;

#[component]
pub fn ForecastPage() -> impl IntoView {
    view! {
        <PageHeader title="Forecast".to_string()/>
        <section class="card section"><p>"This page is being built."</p></section>
    }
}
