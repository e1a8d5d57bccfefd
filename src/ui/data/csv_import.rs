//! Data › Import CSV: a file from a spreadsheet or another CRM, in four steps — file,
//! columns, values, review. Nothing is written until "Import"; then every valid row
//! goes in one transaction and the rejected rows can be downloaded with their reasons.

use super::csv_values::ValueMapping;
use crate::analytics::text::plural;
use crate::platform;
use crate::snapshot::csv_in::{
    fields, missing_required, plan, read, rejects_csv, CsvTable, DateFormat, Field, ImportOptions,
    ImportPlan, Target,
};
use crate::ui::components::file_drop::file_drop;
use crate::ui::components::layout::PageHeader;
use crate::ui::components::progress::{set_work, ProgressBar, Work};
use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    File,
    Columns,
    Values,
    Review,
}

/// Shown per step so people know where they are.
const STEPS: [(Step, &str); 4] = [
    (Step::File, "1. File"),
    (Step::Columns, "2. Columns"),
    (Step::Values, "3. Values"),
    (Step::Review, "4. Review"),
];

/// How many rows with errors the review lists (all are in the download).
const SHOWN_ERRORS: usize = 50;

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "commas",
        b';' => "semicolons",
        b'\t' => "tabs",
        b'|' => "vertical bars",
        _ => "an unusual delimiter",
    }
}

#[component]
pub fn CsvImportPage() -> impl IntoView {
    let state = use_app();
    let step = RwSignal::new(Step::File);
    let target = RwSignal::new(Target::Deals);
    let file_name = RwSignal::new(String::new());
    let table = RwSignal::new(None::<Arc<CsvTable>>);
    let options = RwSignal::new(None::<ImportOptions>);
    let read_error = RwSignal::new(None::<String>);
    let planned = RwSignal::new(None::<Arc<ImportPlan>>);
    let work = RwSignal::new(None::<Work>);
    let busy = RwSignal::new(false);

    let load = move |file: web_sys::File| {
        let name = file.name();
        read_error.set(None);
        busy.set(true);
        spawn_local(async move {
            set_work(work, "Reading file…", None);
            platform::yield_now().await;
            let result = match platform::read_text(&file).await {
                Ok(text) => read(&text),
                Err(e) => Err(e),
            };
            work.set(None);
            busy.set(false);
            match result {
                Ok(t) => {
                    let opts = state
                        .ws
                        .with_untracked(|w| ImportOptions::guess(target.get_untracked(), &t, w));
                    file_name.set(name);
                    table.set(Some(Arc::new(t)));
                    options.set(Some(opts));
                    step.set(Step::Columns);
                }
                Err(e) => read_error.set(Some(format!("{name} cannot be read: {e}"))),
            }
        });
    };
    // Changing what the file holds re-guesses the columns.
    let set_target = move |t: Target| {
        target.set(t);
        if let Some(tab) = table.get_untracked() {
            options.set(Some(
                state
                    .ws
                    .with_untracked(|w| ImportOptions::guess(t, &tab, w)),
            ));
        }
    };
    let missing = move || {
        options.with(|o| {
            o.as_ref()
                .map(|o| missing_required(o.target, &o.mapping))
                .unwrap_or_default()
        })
    };
    let review = move || {
        let (Some(tab), Some(opts)) = (table.get_untracked(), options.get_untracked()) else {
            return;
        };
        let p = state
            .ws
            .with_untracked(|w| plan(&tab, &opts, w, platform::now(), &mut || platform::new_id()));
        planned.set(Some(Arc::new(p)));
        step.set(Step::Review);
    };
    let import = move |_| {
        let Some(p) = planned.get_untracked() else {
            return;
        };
        let changes = p.changes.clone();
        let n = p.imported;
        let noun = target.get_untracked().label().to_lowercase();
        busy.set(true);
        set_work(work, &format!("Importing {n} rows…"), None);
        spawn_local(async move {
            platform::yield_now().await;
            let result = state.commit(changes).await;
            work.set(None);
            busy.set(false);
            match result {
                Ok(()) => {
                    state.notify(NoticeKind::Info, format!("Imported {n} {noun}"));
                    planned.set(None);
                    table.set(None);
                    options.set(None);
                    step.set(Step::File);
                }
                Err(e) => state.notify(NoticeKind::Error, format!("Nothing was imported: {e}")),
            }
        });
    };
    let download_rejects = move |_| {
        let (Some(tab), Some(p)) = (table.get_untracked(), planned.get_untracked()) else {
            return;
        };
        let text = rejects_csv(&tab, &p.errors);
        let name = format!(
            "{} rejected rows.csv",
            file_name.get_untracked().trim_end_matches(".csv")
        );
        if let Err(e) = platform::download(&name, "text/csv", &text) {
            state.notify(NoticeKind::Error, e);
        }
    };

    view! {
        <PageHeader title="Import a CSV file".to_string()/>
        <p class="muted">"From a spreadsheet or another CRM (Salesforce, HubSpot and Pipedrive exports are recognised). Nothing is written until you confirm on the last step."</p>
        <ol class="steps" aria-label="Import steps">
            {STEPS.into_iter().map(|(s, label)| view! {
                <li class:current=move || step.get() == s class:done=move || { step.get() > s }
                    aria-current=move || (step.get() == s).then_some("step")>{label}</li>
            }).collect_view()}
        </ol>
        <ProgressBar work=work/>

        <Show when=move || step.get() == Step::File>
            <section class="card section">
                <div class="field narrow">
                    <label for="csv-target">"What the file holds"</label>
                    <select id="csv-target" on:change=move |ev| {
                        if let Some(t) = Target::from_key(&event_target_value(&ev)) { set_target(t) }
                    }>
                        {Target::ALL.into_iter().map(|t| view! {
                            <option value=t.key() selected=move || target.get() == t>{t.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {file_drop("csv-file", "CSV file", ".csv,.tsv,.txt,text/csv", "…or drop it here. Commas, semicolons or tabs; UTF-8.", load)}
                {move || read_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            </section>
        </Show>

        <Show when=move || step.get() == Step::Columns>
            <section class="card section" aria-labelledby="columns-title">
                <h2 class="form-section-title" id="columns-title">"Which field is each column?"</h2>
                <p class="muted">{move || table.get().map(|t| format!(
                    "{} · {} · separated by {}. Guessed from the headers: check each one.",
                    file_name.get(), plural(t.rows.len(), "row", "rows"), delimiter_name(t.delimiter)
                ))}</p>
                <table class="data-table compact mapping" aria-label="Column mapping">
                    <thead><tr><th scope="col">"Column in the file"</th><th scope="col">"First value"</th><th scope="col">"Salesdeck field"</th></tr></thead>
                    <tbody>
                        {move || table.get().map(|t| t.headers.iter().enumerate().map(|(i, h)| {
                            let id = format!("map-col-{i}");
                            let sample = t.rows.iter().map(|r| r[i].trim()).find(|c| !c.is_empty()).unwrap_or("").to_string();
                            let choices = fields(target.get_untracked());
                            view! {
                                <tr>
                                    <th scope="row"><label for=id.clone()>{h.clone()}</label></th>
                                    <td class="muted sample">{sample}</td>
                                    <td>
                                        <select id=id on:change=move |ev| {
                                            let f = Field::from_key(&event_target_value(&ev));
                                            options.update(|o| if let Some(o) = o {
                                                // A field fills one column: taking it elsewhere frees it here.
                                                if let Some(f) = f { for m in o.mapping.iter_mut() { if *m == Some(f) { *m = None } } }
                                                o.mapping[i] = f;
                                            });
                                        }>
                                            <option value="" selected=move || options.with(|o| o.as_ref().is_some_and(|o| o.mapping[i].is_none()))>"— Don’t import —"</option>
                                            {choices.iter().map(|f| {
                                                let f = *f;
                                                view! { <option value=f.key() selected=move || options.with(|o| o.as_ref().is_some_and(|o| o.mapping[i] == Some(f)))>{f.label()}</option> }
                                            }).collect_view()}
                                        </select>
                                    </td>
                                </tr>
                            }
                        }).collect_view())}
                    </tbody>
                </table>
                <div class="field narrow">
                    <label for="csv-date-format">"Date format"</label>
                    <select id="csv-date-format" on:change=move |ev| {
                        if let Some(f) = DateFormat::from_key(&event_target_value(&ev)) {
                            options.update(|o| if let Some(o) = o { o.date_format = f });
                        }
                    }>
                        {DateFormat::ALL.into_iter().map(|f| view! {
                            <option value=f.key() selected=move || options.with(|o| o.as_ref().is_some_and(|o| o.date_format == f))>{f.example()}</option>
                        }).collect_view()}
                    </select>
                </div>
                {move || {
                    let m = missing();
                    (!m.is_empty()).then(|| view! {
                        <p class="field-error" role="alert">{format!(
                            "Map a column to {} to continue.",
                            m.iter().map(|f| f.label()).collect::<Vec<_>>().join(" and ")
                        )}</p>
                    })
                }}
                <div class="form-actions">
                    <button class="btn btn-primary" disabled=move || !missing().is_empty() on:click=move |_| {
                        // Values seen in the newly mapped columns get their guesses.
                        if let Some(t) = table.get_untracked() {
                            options.update(|o| if let Some(o) = o {
                                let fresh = state.ws.with_untracked(|w| crate::snapshot::csv_in::guess_values(&t, &o.mapping, w));
                                for (k, v) in fresh.stages { o.values.stages.entry(k).or_insert(v); }
                                for (k, v) in fresh.owners { o.values.owners.entry(k).or_insert(v); }
                            });
                        }
                        step.set(Step::Values);
                    }>"Next: values"</button>
                    <button class="btn" on:click=move |_| step.set(Step::File)>"Back"</button>
                </div>
            </section>
        </Show>

        <Show when=move || step.get() == Step::Values>
            <section class="card section" aria-labelledby="values-title">
                <h2 class="form-section-title" id="values-title">"What do the values mean here?"</h2>
                <ValueMapping table=table options=options/>
                <div class="form-actions">
                    <button class="btn btn-primary" on:click=move |_| review()>"Next: review"</button>
                    <button class="btn" on:click=move |_| step.set(Step::Columns)>"Back"</button>
                </div>
            </section>
        </Show>

        <Show when=move || step.get() == Step::Review>
            {move || planned.get().map(|p| {
                let total = p.imported + p.errors.len();
                let noun = target.get_untracked().label().to_lowercase();
                let creates = (!p.new_reps.is_empty() || !p.new_accounts.is_empty()).then(|| {
                    let mut parts = Vec::new();
                    if !p.new_reps.is_empty() {
                        parts.push(format!("{}: {}", plural(p.new_reps.len(), "new rep", "new reps"), p.new_reps.join(", ")));
                    }
                    if !p.new_accounts.is_empty() {
                        let shown: Vec<&str> = p.new_accounts.iter().take(10).map(String::as_str).collect();
                        let more = p.new_accounts.len().saturating_sub(10);
                        parts.push(format!(
                            "{}: {}{}",
                            plural(p.new_accounts.len(), "new account", "new accounts"),
                            shown.join(", "),
                            if more > 0 { format!(" and {more} more") } else { String::new() }
                        ));
                    }
                    view! { <p class="notice-box">{format!("Importing also creates {}.", parts.join("; "))}</p> }
                });
                let errors = p.errors.clone();
                let has_errors = !errors.is_empty();
                let n = p.imported;
                view! {
                    <section class="card section" aria-labelledby="review-title">
                        <h2 class="form-section-title" id="review-title">"Review"</h2>
                        <p class="import-summary" role="status">{format!(
                            "{} of {} will be imported as {}; {} cannot be imported.",
                            n, plural(total, "row", "rows"), noun, plural(errors.len(), "row", "rows")
                        )}</p>
                        {creates}
                        {has_errors.then(|| view! {
                            <table class="data-table compact" aria-label="Rows with errors">
                                <thead><tr><th scope="col" class="num">"Row"</th><th scope="col">"Problem"</th></tr></thead>
                                <tbody>
                                    {errors.iter().take(SHOWN_ERRORS).map(|e| view! {
                                        <tr><td class="num">{e.row}</td><td>{e.messages.join("; ")}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(errors.len() > SHOWN_ERRORS).then(|| view! { <p class="muted">{format!("…and {} more in the download.", errors.len() - SHOWN_ERRORS)}</p> })}
                            <button class="btn btn-small" on:click=download_rejects>"Download rejected rows"</button>
                        })}
                        <div class="form-actions">
                            <button class="btn btn-primary" disabled=move || busy.get() || n == 0 on:click=import>{format!("Import {}", plural(n, "row", "rows"))}</button>
                            <button class="btn" on:click=move |_| step.set(Step::Values)>"Back"</button>
                        </div>
                    </section>
                }
            })}
        </Show>
        <p class="muted back-link"><a href=href("/data")>"Back to Data"</a></p>
    }
}
