//! Team › Quotas: the quota grid (company, each manager's team, each rep × the months,
//! fiscal quarters or fiscal year), typed in place, pasted from a spreadsheet, copied
//! forward. Every cell's text, note and warning comes from `planning::quota_grid`;
//! each edit, paste or copy is one commit.

use super::subnav::TeamNav;
use crate::analytics::period::Period;
use crate::analytics::planning::quota_grid::{
    copy_forward, edit_cell, paste_quotas, quota_grid, GridView, RowKind,
};
use crate::domain::Change;
use crate::platform;
use crate::ui::components::layout::PageHeader;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn save(state: AppState, changes: Vec<Change>, done: String) {
    if changes.is_empty() {
        state.notify(NoticeKind::Info, done);
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
pub fn QuotasPage() -> impl IntoView {
    let state = use_app();
    let view_kind = RwSignal::new(GridView::Months);
    // A day inside the fiscal year shown.
    let day = RwSignal::new(platform::today());
    // The cell a paste without headers starts at.
    let anchor = RwSignal::new(None::<(usize, usize)>);
    let problems = RwSignal::new(Vec::<String>::new());
    let block = RwSignal::new(String::new());
    let grid = Memo::new(move |_| state.ws.with(|w| quota_grid(w, view_kind.get(), day.get())));

    let paste = move |text: String, at: Option<(usize, usize)>| -> bool {
        let g = grid.get_untracked();
        let result = state.ws.with_untracked(|w| {
            paste_quotas(w, &g, at, &text, &mut platform::new_id, platform::now())
        });
        match result {
            Ok((changes, n)) => {
                problems.set(Vec::new());
                save(
                    state,
                    changes,
                    format!(
                        "Pasted {}",
                        crate::analytics::text::plural(n, "quota", "quotas")
                    ),
                );
                true
            }
            Err(p) => {
                problems.set(p);
                false
            }
        }
    };
    let shift_year = move |by: i32| {
        let f = state
            .ws
            .with_untracked(|w| w.settings.fiscal_year_start_month);
        let y = Period::year_of(day.get_untracked(), f);
        let next = if by < 0 { y.previous() } else { y.next() };
        if let Some(p) = next {
            day.set(p.start());
        }
    };

    view! {
        <PageHeader title="Quotas".to_string() subtitle=Signal::derive(move || format!("Fiscal year {}", grid.with(|g| g.year.label())))/>
        <TeamNav/>
        <section class="card section quota-controls">
            <label class="inline-field">"Periods "
                <select aria-label="Periods" on:change=move |ev| {
                    if let Some(v) = GridView::from_key(&event_target_value(&ev)) { view_kind.set(v); }
                }>
                    {GridView::ALL.into_iter().map(|v| view! { <option value=v.key() selected=move || view_kind.get() == v>{v.label()}</option> }).collect_view()}
                </select>
            </label>
            <button class="btn btn-small" on:click=move |_| shift_year(-1)>"Previous year"</button>
            <button class="btn btn-small" on:click=move |_| shift_year(1)>"Next year"</button>
            <p class="muted quota-rule">"Type an amount in a cell, or empty it to clear. A quarter whose months are set is the sum of its months (read-only here); an empty month gets its share of the quarter's quota. Paste a block copied from a spreadsheet into any cell: with row and column headers it lands where the names say, without them it starts at that cell."</p>
        </section>
        {move || grid.with(|g| (!g.warnings.is_empty()).then(|| view! {
            <section class="card section warnings" role="status" aria-label="Quota warnings">
                <ul>{g.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
            </section>
        }))}
        {move || (!problems.with(Vec::is_empty)).then(|| view! {
            <section class="card section error-summary" role="alert" aria-label="Paste problems">
                <p>"Nothing was pasted:"</p>
                <ul>{problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
            </section>
        })}
        <section class="card table-card section quota-grid-card">
            {move || {
                let g = grid.get();
                if g.rows.is_empty() {
                    return view! { <p class="empty-inline">"No reps yet: add your team in Team, then set their quotas here."</p> }.into_any();
                }
                let cols = g.columns.clone();
                view! {
                    <table class="data-table quota-grid" aria-label="Quota grid">
                        <thead><tr>
                            <th scope="col">"Quota for"</th>
                            {cols.iter().enumerate().map(|(ci, c)| {
                                let name = c.name.clone();
                                view! { <th scope="col" class="num">
                                    <span>{name.clone()}</span>
                                    <button class="btn btn-tiny" title="Copy the previous period's quotas into this one" aria-label=format!("Copy the previous period into {name}") on:click=move |_| {
                                        let g = grid.get_untracked();
                                        let c = state.ws.with_untracked(|w| copy_forward(w, &g, ci, &mut platform::new_id, platform::now()));
                                        save(state, c.changes, c.message);
                                    }>"⇢"</button>
                                </th> }
                            }).collect_view()}
                            <th scope="col" class="num">"Year"</th>
                        </tr></thead>
                        <tbody>
                            {g.rows.iter().enumerate().map(|(ri, r)| {
                                let class = match r.kind { RowKind::Company => "row-company", RowKind::Team => "row-team", RowKind::Rep => "row-rep" };
                                view! {
                                    <tr class=class>
                                        <th scope="row">{r.name.clone()}</th>
                                        {r.cells.iter().enumerate().map(|(ci, c)| {
                                            let label = g.cell_name(ri, ci);
                                            let note = c.note.clone();
                                            let warning = c.warning.clone();
                                            let warned = warning.is_some();
                                            let field = if c.editable {
                                                let text = c.text.clone();
                                                view! {
                                                    <input class="quota-input" inputmode="decimal" aria-label=label value=text
                                                        on:focus=move |_| anchor.set(Some((ri, ci)))
                                                        on:change=move |ev| {
                                                            let input = event_target_value(&ev);
                                                            let g = grid.get_untracked();
                                                            let r = state.ws.with_untracked(|w| edit_cell(w, &g, ri, ci, &input, &mut platform::new_id, platform::now()));
                                                            match r {
                                                                Ok(changes) => { problems.set(Vec::new()); save(state, changes, format!("Saved {}", g.cell_name(ri, ci))); }
                                                                Err(e) => { state.notify(NoticeKind::Error, e.clone()); problems.set(vec![e]); grid.with_untracked(|_| ()); }
                                                            }
                                                        }
                                                        on:paste=move |ev: leptos::ev::ClipboardEvent| {
                                                            let text = ev.clipboard_data().and_then(|d| d.get_data("text/plain").ok()).unwrap_or_default();
                                                            if text.contains('\t') || text.trim_end().contains('\n') {
                                                                ev.prevent_default();
                                                                paste(text, Some((ri, ci)));
                                                            }
                                                        }
                                                    />
                                                }.into_any()
                                            } else {
                                                view! { <span class="quota-computed" aria-label=label>{c.text.clone()}</span> }.into_any()
                                            };
                                            view! {
                                                <td class="num" class:cell-warning=warned>
                                                    {field}
                                                    {note.map(|n| view! { <div class="cell-note">{n}</div> })}
                                                    {warning.map(|w| view! { <div class="cell-warn">{w}</div> })}
                                                </td>
                                            }
                                        }).collect_view()}
                                        <td class="num year-total">{r.year_total.clone()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section class="card section">
            <h2 class="form-section-title">"Paste from a spreadsheet"</h2>
            <p class="muted">"Copy a block of cells (tab-separated) and paste it here. With a header row of periods and a first column of names it goes where they say; without headers it starts at the cell you last clicked in the grid."</p>
            <textarea class="paste-box" rows="4" aria-label="Block to paste" prop:value=move || block.get() on:input=move |ev| block.set(event_target_value(&ev))></textarea>
            <div class="form-actions">
                <button class="btn btn-primary" on:click=move |_| {
                    if paste(block.get_untracked(), anchor.get_untracked()) { block.set(String::new()); }
                }>"Paste into the grid"</button>
                <span class="muted">{move || match anchor.get() {
                    Some((r, c)) => grid.with(|g| if r < g.rows.len() && c < g.columns.len() { format!("Without headers it starts at {}.", g.cell_name(r, c)) } else { String::new() }),
                    None => "Without headers, click a cell first.".to_string(),
                }}</span>
            </div>
        </section>
    }
}
