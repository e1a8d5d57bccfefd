//! The dashboard's charts, and the list of records behind a clicked bar (its key is
//! kept in the address as `drill`, so the back button closes it).

use crate::analytics::charts::{self, ChartSpec};
use crate::analytics::lists::drill::{drill, Drill};
use crate::ui::components::chart::Chart;
use crate::ui::components::table::CsvExport;
use crate::ui::links::href;
use leptos::prelude::*;
use leptos_router::components::A;

/// Every chart of the period and scope, in the order a manager reads them.
#[component]
pub fn DashboardCharts(
    specs: Memo<Option<Vec<ChartSpec>>>,
    on_select: Callback<String>,
) -> impl IntoView {
    let n = 8;
    view! {
        <div class="chart-grid">
            {(0..n).map(|i| {
                let spec = Signal::derive(move || specs.with(|s| s.as_ref().and_then(|s| s.get(i).cloned()).unwrap_or_default()));
                view! { <div class="chart-cell"><Chart spec=spec on_select=on_select level=2/></div> }
            }).collect_view()}
        </div>
    }
}

/// The records behind the selected bar: a table with links, exportable to CSV.
#[component]
pub fn DrillList(rows: Drill, title: String, on_close: Callback<()>) -> impl IntoView {
    let what = rows.what;
    let headers = rows.headers.clone();
    let csv_rows: Vec<Vec<String>> = rows.rows.iter().map(|r| r.cells.clone()).collect();
    let csv_headers = headers.clone();
    let count = rows.rows.len();
    view! {
        <section class="card section drill" aria-labelledby="drill-title">
            <div class="section-header">
                <h2 id="drill-title">{format!("{title}: {}", crate::analytics::text::plural(count, &what[..what.len() - 1], what))}</h2>
                <div class="toolbar-inline">
                    <CsvExport what=what table=Callback::new(move |_| (csv_headers.clone(), csv_rows.clone()))/>
                    <button type="button" class="btn btn-small" on:click=move |_| on_close.run(())>"Close"</button>
                </div>
            </div>
            {if count == 0 {
                view! { <p class="muted">"Nothing behind this bar."</p> }.into_any()
            } else {
                view! {
                    <table class="data-table">
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.rows.into_iter().map(|r| {
                                let mut cells = r.cells.into_iter();
                                let first = cells.next().unwrap_or_default();
                                view! {
                                    <tr>
                                        <td><A href=href(&r.link)>{first}</A></td>
                                        {cells.map(|c| view! { <td>{c}</td> }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// The drill-down of `key` for the page (pure pieces: `charts::behind`, `drill`).
pub fn drill_rows(
    input: &crate::analytics::kpi::KpiInput,
    period: &crate::analytics::period::Period,
    key: &str,
) -> Drill {
    drill(input.ws, &charts::behind(input, period, key))
}
