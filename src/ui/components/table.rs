//! List building blocks: the paged table of a list page (sortable column headers, one
//! page of rows, a pager: lists never render more than one page, so 50k records stay
//! smooth; the paging is `analytics::lists::page`), filter selects and CSV export.

use crate::analytics::lists::page::Page;
use crate::analytics::text::group;
use crate::domain::Id;
use leptos::prelude::*;

/// The sorted column key and direction.
#[derive(Clone, Copy)]
pub struct SortState(RwSignal<(&'static str, bool)>);

impl SortState {
    pub fn new(key: &'static str, ascending: bool) -> Self {
        SortState(RwSignal::new((key, ascending)))
    }

    pub fn get(&self) -> (&'static str, bool) {
        self.0.get()
    }

    /// Clicking the sorted column flips it; another column sorts ascending.
    pub fn toggle(&self, key: &'static str) {
        self.0.update(|(k, asc)| {
            if *k == key {
                *asc = !*asc;
            } else {
                *k = key;
                *asc = true;
            }
        });
    }
}

#[component]
pub fn SortHeader(label: &'static str, key: &'static str, sort: SortState) -> impl IntoView {
    let aria = move || {
        let (k, asc) = sort.get();
        if k == key {
            if asc {
                "ascending"
            } else {
                "descending"
            }
        } else {
            "none"
        }
    };
    let arrow = move || match aria() {
        "ascending" => " ↑",
        "descending" => " ↓",
        _ => "",
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button class="sort-button" on:click=move |_| sort.toggle(key)>
                {label}
                <span aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// "1–100 of 50,000" with previous and next buttons.
#[component]
pub fn Pager(page: RwSignal<usize>, #[prop(into)] total: Signal<usize>) -> impl IntoView {
    let at = move || Page::of(total.get(), page.get());
    view! {
        <nav class="pager" aria-label="Pages">
            <span class="muted">{move || at().label()}</span>
            <button class="btn btn-small" disabled=move || !at().has_previous() on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                "Previous page"
            </button>
            <button class="btn btn-small" disabled=move || !at().has_next() on:click=move |_| page.update(|p| *p += 1)>
                "Next page"
            </button>
        </nav>
    }
}

/// A list's column header: its label and, when the list sorts by it, the sort key.
#[derive(Clone, Copy)]
pub struct Col(pub &'static str, pub Option<&'static str>);

/// The table of a list page: sortable headers, one page of `rows` drawn by `row`, and
/// the pager. It goes back to the first page whenever the rows change (a filter or the
/// sort changed them).
#[component]
pub fn PagedTable<R, V>(
    columns: Vec<Col>,
    sort: SortState,
    rows: Memo<Vec<R>>,
    row: fn(R) -> V,
) -> impl IntoView
where
    R: Clone + PartialEq + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        rows.track();
        page.set(0);
    });
    let total = Signal::derive(move || rows.with(|r| r.len()));
    view! {
        <div class="card table-card">
            <table class="data-table">
                <thead>
                    <tr>
                        {columns.into_iter().map(|Col(label, key)| match key {
                            Some(key) => view! { <SortHeader label=label key=key sort=sort/> }.into_any(),
                            None => view! { <th scope="col">{label}</th> }.into_any(),
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let shown = Page::of(total.get(), page.get()).rows();
                        rows.with(|r| r[shown].iter().cloned().map(row).collect_view())
                    }}
                </tbody>
            </table>
            <Pager page=page total=total/>
        </div>
    }
}

/// A filter select's choice as an id: "" (all) is `None`.
pub fn chosen_id(value: &str) -> Option<Id> {
    (!value.is_empty()).then(|| Id::from_string(value))
}

/// A labelled select for a toolbar, bound to a string signal ("" = all).
pub fn filter_select(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    options: impl Fn() -> Vec<(String, String)> + Send + Sync + 'static,
) -> impl IntoView {
    // Memoised: the options read the workspace, and an unrelated change (moving a
    // deal) must not rebuild the list.
    let options = Memo::new(move |_| options());
    view! {
        <label class="toolbar-field" for=id>
            <span>{label}</span>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}

/// Rows of a list as CSV cells, with their headers.
pub type CsvTable = (Vec<&'static str>, Vec<Vec<String>>);

/// "Export CSV": downloads the list as shown (its filter, sort and columns).
#[component]
pub fn CsvExport(what: &'static str, table: Callback<(), CsvTable>) -> impl IntoView {
    let state = crate::ui::state::use_app();
    let export = move |_| {
        let (headers, rows) = table.run(());
        let n = rows.len();
        let text = crate::snapshot::csv_out::to_csv(&headers, rows);
        let name = state.ws.with_untracked(|w| {
            format!(
                "{} {what} {}.csv",
                w.settings.workspace_name,
                crate::platform::today().format("%Y-%m-%d")
            )
        });
        match crate::platform::download(&name, "text/csv", &text) {
            Ok(()) => state.notify(
                crate::ui::state::NoticeKind::Info,
                format!("Exported {} rows to {name}", group(n)),
            ),
            Err(e) => state.notify(crate::ui::state::NoticeKind::Error, e),
        }
    };
    view! { <button class="btn btn-small toolbar-end" on:click=export>"Export CSV"</button> }
}
