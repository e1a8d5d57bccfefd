//! Data › Import CSV: a file from a spreadsheet or another CRM, in four steps — file,
//! columns, values, review. The file is read as bytes and decoded in the encoding
//! detected (or the one the user picks). Nothing is written until "Import"; then every
//! valid row goes in one transaction and the rejected rows can be downloaded with their
//! reasons. A deal history file fills the change history of deals already imported.

use super::csv_values::{values_problem, ValueMapping};
use crate::analytics::text::plural;
use crate::platform;
use crate::snapshot::csv_in::{
    detect_encoding, fields, missing_required, open_deals_without_amount, pipeline_reviews, plan,
    read_bytes, rejects_csv, rows_in_file, CsvTable, DateFormat, Encoding, Field, HistorySummary,
    ImportOptions, ImportPlan, PipelineReview, StagePlacement, Target,
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

/// What a history file does, said once on the file step.
const HISTORY_HINT: &str = "A deal history file (like Salesforce’s Opportunity History \
    export) fills the change history of deals you already imported, matched by their \
    External id or name. Import the deals file first.";

/// What a wrongly decoded file looks like, so people know when to change the encoding.
const ENCODING_HINT: &str = "Check the first values below: accented names that look wrong \
    (é shown as Ã© or as �) mean the file has another encoding, so pick it here.";

/// The missing field as the columns step asks for it.
fn missing_label(target: Target, f: Field) -> &'static str {
    match (target, f) {
        (Target::DealHistory, Field::DealName) => "Deal (or External id)",
        _ => f.label(),
    }
}

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
    // The file as read, decoded again when the user picks another encoding.
    let bytes = RwSignal::new(None::<Arc<Vec<u8>>>);
    let encoding = RwSignal::new(Encoding::Utf8);
    let detected = RwSignal::new(Encoding::Utf8);
    let encoding_error = RwSignal::new(None::<String>);
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
            let result = platform::read_bytes(&file).await.and_then(|b| {
                let e = detect_encoding(&b);
                read_bytes(&b, e).map(|t| (b, e, t))
            });
            work.set(None);
            busy.set(false);
            match result {
                Ok((b, e, t)) => {
                    let opts = state
                        .ws
                        .with_untracked(|w| ImportOptions::guess(target.get_untracked(), &t, w));
                    file_name.set(name);
                    bytes.set(Some(Arc::new(b)));
                    encoding.set(e);
                    detected.set(e);
                    encoding_error.set(None);
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
    // Another encoding reads the file again and guesses its columns again; one that
    // cannot read it says why and keeps the file as it was read.
    let set_encoding = move |ev: leptos::ev::Event| {
        let (Some(e), Some(b)) = (
            Encoding::from_key(&event_target_value(&ev)),
            bytes.get_untracked(),
        ) else {
            return;
        };
        match read_bytes(&b, e) {
            Ok(t) => {
                let opts = state
                    .ws
                    .with_untracked(|w| ImportOptions::guess(target.get_untracked(), &t, w));
                encoding_error.set(None);
                encoding.set(e);
                table.set(Some(Arc::new(t)));
                options.set(Some(opts));
            }
            Err(err) => {
                let kept = encoding.get_untracked();
                encoding_error.set(Some(format!(
                    "Read as {}, the file cannot be imported: {err} It is still read as {}.",
                    e.label(),
                    kept.label()
                )));
                let select: web_sys::HtmlSelectElement = event_target(&ev);
                select.set_value(kept.key());
            }
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
        let mut changes = p.changes.clone();
        if p.history.is_none() {
            // Imported deals get their stage's playbook tasks once, like any other
            // entry (never due before today), and the follow-up rules see them.
            let extra = state.ws.with_untracked(|w| {
                crate::domain::automation::after_changes(
                    w,
                    &changes,
                    platform::new_id,
                    platform::now(),
                    platform::today(),
                )
            });
            changes.extend(extra);
        }
        let n = p.imported;
        let done = match &p.history {
            Some(h) => format!(
                "Imported the history of {}",
                plural(h.deals_updated, "deal", "deals")
            ),
            None => format!(
                "Imported {n} {}",
                target.get_untracked().label().to_lowercase()
            ),
        };
        busy.set(true);
        set_work(work, &format!("Importing {n} rows…"), None);
        spawn_local(async move {
            platform::yield_now().await;
            // As planned: a history's deals carry their imported change logs (`commit`
            // would log them again and drop those); other files only insert.
            let result = state.commit_as_is(changes).await;
            work.set(None);
            busy.set(false);
            match result {
                Ok(()) => {
                    state.notify(NoticeKind::Info, done);
                    planned.set(None);
                    table.set(None);
                    bytes.set(None);
                    options.set(None);
                    step.set(Step::File);
                }
                Err(e) => state.report_as("Nothing was imported", &e),
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
                        {Target::FILE_KINDS.into_iter().map(|t| view! {
                            <option value=t.key() selected=move || target.get() == t>{t.label()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || target.get() == Target::DealHistory>
                    <p class="field-hint kind-hint">{HISTORY_HINT}</p>
                    {move || state.ws.with(|w| w.deals.is_empty()).then(|| view! {
                        <p class="notice-box">"This workspace has no deals yet: import your deals file first, with its id column mapped to External id."</p>
                    })}
                </Show>
                {file_drop("csv-file", "CSV file", ".csv,.tsv,.txt,text/csv", "…or drop it here. Commas, semicolons or tabs; UTF-8, UTF-16 or Windows-1252 (detected).", load)}
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
                {move || (target.get() == Target::DealHistory).then(|| view! { <p class="field-hint">{HISTORY_HINT}</p> })}
                <div class="read-options">
                    <div class="field encoding">
                        <label for="csv-encoding">"Encoding"</label>
                        <select id="csv-encoding" aria-describedby="csv-encoding-hint" on:change=set_encoding>
                            {Encoding::ALL.into_iter().map(|e| view! {
                                <option value=e.key() selected=move || encoding.get() == e>{e.label()}</option>
                            }).collect_view()}
                        </select>
                        <p class="field-hint" id="csv-encoding-hint">
                            <strong class="detected">{move || format!("Detected: {}.", detected.get().label())}</strong>
                            " " {ENCODING_HINT}
                        </p>
                        {move || encoding_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    </div>
                    <div class="field">
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
                </div>
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
                {move || {
                    let m = missing();
                    (!m.is_empty()).then(|| view! {
                        <p class="field-error" role="alert">{format!(
                            "Map a column to {} to continue.",
                            m.iter().map(|f| missing_label(target.get_untracked(), *f)).collect::<Vec<_>>().join(" and ")
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
                <ValueMapping table=table options=options file_name=file_name/>
                <div class="form-actions">
                    <button class="btn btn-primary"
                        disabled=move || options.with(|o| o.as_ref().and_then(values_problem).is_some())
                        on:click=move |_| review()>"Next: review"</button>
                    <button class="btn" on:click=move |_| step.set(Step::Columns)>"Back"</button>
                </div>
            </section>
        </Show>

        <Show when=move || step.get() == Step::Review>
            {move || planned.get().map(|p| {
                let total = rows_in_file(&p);
                let history = p.history.clone();
                let outcome = if history.is_some() {
                    "will be read into the change history of deals".to_string()
                } else {
                    format!("will be imported as {}", target.get_untracked().label().to_lowercase())
                };
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
                let no_amount = state.ws.with_untracked(|w| open_deals_without_amount(&p, w));
                let no_amount = (no_amount > 0).then(|| view! {
                    <p class="notice-box">{if no_amount == 1 {
                        "1 open deal has no amount yet; it counts as a deal and adds nothing to totals.".to_string()
                    } else {
                        format!("{} no amount yet; they count as deals and add nothing to totals.", plural(no_amount, "open deal has", "open deals have"))
                    }}</p>
                });
                let pipelines = pipeline_reviews(&p).into_iter().map(pipeline_changes).collect_view();
                let errors = p.errors.clone();
                let has_errors = !errors.is_empty();
                let n = p.imported;
                // A history writes the deals it changes; other files the rows they import.
                let (label, can_import) = match &history {
                    Some(h) if h.deals_updated == 0 => ("Nothing to import".to_string(), false),
                    Some(h) => (
                        format!("Import the history of {}", plural(h.deals_updated, "deal", "deals")),
                        true,
                    ),
                    None => (format!("Import {}", plural(n, "row", "rows")), n > 0),
                };
                let up_to_date = history.as_ref().is_some_and(|h| h.deals_updated == 0 && h.deals_unchanged > 0);
                view! {
                    <section class="card section" aria-labelledby="review-title">
                        <h2 class="form-section-title" id="review-title">"Review"</h2>
                        <p class="import-summary" role="status">{format!(
                            "{} of {} {outcome}; {} cannot be imported.",
                            n, plural(total, "row", "rows"), plural(errors.len(), "row", "rows")
                        )}</p>
                        {history.as_ref().map(history_summary)}
                        {up_to_date.then(|| view! { <p class="notice-box">"These deals already have this history: there is nothing to import."</p> })}
                        {creates}
                        {no_amount}
                        {pipelines}
                        {(target.get_untracked() == Target::Deals).then(|| view! { <p class="muted">"Each open deal gets its stage's playbook tasks once, due from today at the earliest."</p> })}
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
                            <button class="btn btn-primary" disabled=move || busy.get() || !can_import on:click=import>{label}</button>
                            <button class="btn" on:click=move |_| step.set(Step::Values)>"Back"</button>
                        </div>
                    </section>
                }
            })}
        </Show>
        <p class="muted back-link"><a href=href("/data")>"Back to Data"</a></p>
    }
}

/// What a history file does to the deals it names.
fn history_summary(h: &HistorySummary) -> impl IntoView {
    let rows = [
        ("Deals updated", h.deals_updated),
        ("Deals already up to date (unchanged)", h.deals_unchanged),
        ("Stage history entries", h.stage_entries),
        (
            "Change entries (amount, close date, forecast category…)",
            h.log_entries,
        ),
        ("Deals reconciled with their current values", h.reconciled),
    ];
    view! {
        <table class="data-table compact history-summary" aria-label="History summary">
            <tbody>
                {rows.into_iter().map(|(label, n)| view! {
                    <tr><th scope="row">{label}</th><td class="num">{n}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
        <p class="field-hint">"Entries are counted on the updated deals, after the import. A deal \
            is reconciled when the file’s last row differs from its value now: it keeps its \
            value, and one entry records the change to it."</p>
    }
}

/// Where an added stage lands on the board: "6 of 8, after Negotiation".
fn column_text(s: &StagePlacement, columns: usize) -> String {
    match &s.after {
        Some(before) => format!("{} of {columns}, after {before}", s.column),
        None => format!("{} of {columns}, first", s.column),
    }
}

fn probability_text(s: &StagePlacement) -> String {
    let why = if s.probability_from_file {
        "from the file"
    } else {
        match s.kind {
            crate::domain::StageKind::Won => "won stage",
            crate::domain::StageKind::Lost => "lost stage",
            crate::domain::StageKind::Open => "between its neighbours",
        }
    };
    format!("{}% ({why})", s.probability)
}

/// A pipeline the import creates or adds stages to, with each stage added.
fn pipeline_changes(r: PipelineReview) -> impl IntoView {
    let title = if r.created {
        format!(
            "Importing creates the pipeline “{}” with {}:",
            r.name,
            plural(r.columns, "stage", "stages")
        )
    } else {
        format!(
            "Importing adds {} to “{}”:",
            plural(r.added.len(), "stage", "stages"),
            r.name
        )
    };
    let columns = r.columns;
    view! {
        <div class="pipeline-change">
        <p class="review-subtitle">{title}</p>
        <table class="data-table compact" aria-label=format!("Stages added to {}", r.name)>
            <thead><tr>
                <th scope="col">"Stage"</th>
                <th scope="col">"Kind"</th>
                <th scope="col">"Board column"</th>
                <th scope="col">"Probability"</th>
                <th scope="col">"Forecast category"</th>
            </tr></thead>
            <tbody>
                {r.added.iter().map(|s| view! {
                    <tr>
                        <td>{s.name.clone()}</td>
                        <td>{s.kind.label()}</td>
                        <td>{column_text(s, columns)}</td>
                        <td>{probability_text(s)}</td>
                        <td>{s.forecast_category.label()}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
