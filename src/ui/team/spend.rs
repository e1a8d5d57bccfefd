//! Team › Spend: sales and marketing spend per month (what CAC divides), typed in
//! place or pasted from a spreadsheet. Cells, totals and the paste come from
//! `planning::spend_grid`; each edit or paste is one commit.

use super::subnav::TeamNav;
use crate::analytics::period::Period;
use crate::analytics::planning::spend_grid::{edit_spend, paste_spend, spend_grid};
use crate::domain::Change;
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn save(state: AppState, changes: Vec<Change>, done: String) {
    if changes.is_empty() {
        return;
    }
    spawn_local(async move {
        match state.commit(changes).await {
            Ok(()) => state.notify(NoticeKind::Info, done),
            Err(e) => state.report(&e),
        }
    });
}

#[component]
pub fn SpendPage() -> impl IntoView {
    let state = use_app();
    let day = RwSignal::new(platform::today());
    let problems = RwSignal::new(Vec::<String>::new());
    let grid = Memo::new(move |_| state.ws.with(|w| spend_grid(w, day.get())));
    let paste = move |text: String, at: Option<(usize, usize)>| {
        let g = grid.get_untracked();
        match state.ws.with_untracked(|w| {
            paste_spend(w, &g, at, &text, &mut platform::new_id, platform::now())
        }) {
            Ok((changes, n)) => {
                problems.set(Vec::new());
                save(
                    state,
                    changes,
                    format!(
                        "Pasted {}",
                        crate::analytics::text::plural(n, "amount", "amounts")
                    ),
                );
            }
            Err(p) => problems.set(p),
        }
    };
    let shift_year = move |back: bool| {
        let f = state
            .ws
            .with_untracked(|w| w.settings.fiscal_year_start_month);
        let y = Period::year_of(day.get_untracked(), f);
        if let Some(p) = if back { y.previous() } else { y.next() } {
            day.set(p.start());
        }
    };
    view! {
        <PageHeader title="Spend".to_string() subtitle=Signal::derive(move || format!("Sales and marketing spend, fiscal year {}", grid.with(|g| g.year.label())))/>
        <TeamNav/>
        <section class="card section quota-controls">
            <button class="btn btn-small" on:click=move |_| shift_year(true)>"Previous year"</button>
            <button class="btn btn-small" on:click=move |_| shift_year(false)>"Next year"</button>
            <p class="muted quota-rule">"What was spent on sales and marketing each month; the dashboard's customer acquisition cost divides it by new customers. Type an amount, empty a cell to clear it, or paste a block copied from a spreadsheet into a cell."</p>
        </section>
        {move || (!problems.with(Vec::is_empty)).then(|| view! {
            <section class="card section error-summary" role="alert" aria-label="Paste problems">
                <p>"Nothing was saved:"</p>
                <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </section>
        })}
        <section class="card table-card section quota-grid-card">
            {move || {
                let g = grid.get();
                view! {
                    <table class="data-table quota-grid" aria-label="Spend grid">
                        <thead><tr><th scope="col">"Spend"</th>{g.columns.iter().map(|c| view! { <th scope="col" class="num">{c.name.clone()}</th> }).collect_view()}<th scope="col" class="num">"Year"</th></tr></thead>
                        <tbody>
                            {g.rows.iter().enumerate().map(|(ri, r)| view! {
                                <tr class="row-rep">
                                    <th scope="row">{r.name.clone()}</th>
                                    {r.cells.iter().enumerate().map(|(ci, c)| {
                                        let label = format!("{}, {}", r.name, g.columns[ci].name);
                                        view! { <td class="num"><input class="quota-input" inputmode="decimal" aria-label=label value=c.text.clone()
                                            on:change=move |ev| {
                                                let input = event_target_value(&ev);
                                                let g = grid.get_untracked();
                                                match state.ws.with_untracked(|w| edit_spend(w, &g, ri, ci, &input, &mut platform::new_id, platform::now())) {
                                                    Ok(changes) => { problems.set(Vec::new()); save(state, changes, "Saved".into()); }
                                                    Err(e) => problems.set(vec![e]),
                                                }
                                            }
                                            on:paste=move |ev: leptos::ev::ClipboardEvent| {
                                                let text = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()).unwrap_or_default();
                                                if text.contains('\t') || text.trim_end().contains('\n') {
                                                    ev.prevent_default();
                                                    paste(text, Some((ri, ci)));
                                                }
                                            }/></td> }
                                    }).collect_view()}
                                    <td class="num year-total">{r.total.clone()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                        <tfoot><tr><th scope="row">"Counted for CAC"</th>{g.totals.iter().map(|t| view! { <td class="num">{t.clone()}</td> }).collect_view()}<td class="num">{g.year_total.clone()}</td></tr></tfoot>
                    </table>
                    {(!g.other_spans.is_empty()).then(|| view! { <ul class="muted">{g.other_spans.iter().map(|s| view! { <li>{s.clone()}</li> }).collect_view()}</ul> })}
                }
            }}
        </section>
    }
}
