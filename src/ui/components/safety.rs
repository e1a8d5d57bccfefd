//! Keeping data safe: the storage card in Settings, the export reminder banner, the
//! storage-full alert, and the snapshot export they all lead to.

use crate::platform::{self, prefs, StorageStatus};
use crate::snapshot::backup::{format_bytes, should_remind};
use crate::snapshot::format::{file_name, ExportWriter};
use crate::ui::components::progress::{run_in_chunks, set_work, ProgressBar, Work};
use crate::ui::links::href;
use crate::ui::state::{use_app, AppState, NoticeKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

/// Usage, quota and persistence, with a button to ask for persistence again.
#[component]
pub fn StorageInfo() -> impl IntoView {
    let state = use_app();
    let status = RwSignal::new(None::<StorageStatus>);
    let refresh = move || {
        spawn_local(async move {
            let s = platform::storage_status().await;
            state.persisted.set(Some(s.persisted));
            status.set(Some(s));
        })
    };
    refresh();
    // A grant while the page is open (the first record's request) shows at once.
    Effect::new(move |_| {
        if let Some(p) = state.persisted.get() {
            status.update(|s| {
                if let Some(s) = s.as_mut() {
                    s.persisted = p;
                }
            });
        }
    });
    let ask = move |_| {
        spawn_local(async move {
            let granted = platform::request_persistence().await;
            state.persisted.set(Some(granted));
            status.set(Some(platform::storage_status().await));
        })
    };
    view! {
        <section class="card section" aria-labelledby="storage-title">
            <h2 class="form-section-title" id="storage-title">"Storage in this browser"</h2>
            {move || match status.get() {
                None => view! { <p class="muted">"Checking…"</p> }.into_any(),
                Some(s) => {
                    let used = match (s.usage, s.quota) {
                        (Some(u), Some(q)) => format!("Using {} of {} available to this site.", format_bytes(u), format_bytes(q)),
                        (Some(u), None) => format!("Using {}.", format_bytes(u)),
                        _ => "This browser does not report storage use.".to_string(),
                    };
                    view! {
                        <p>{used}</p>
                        {if s.persisted {
                            view! { <p><span class="badge badge-won">"Persistent"</span>" The browser will not clear your data to free space."</p> }.into_any()
                        } else {
                            view! {
                                <p>
                                    <span class="badge badge-prospect">"Not persistent"</span>
                                    " The browser may clear this site’s data when space runs low. Export a snapshot now and then."
                                </p>
                                <button class="btn btn-small" on:click=ask>"Ask the browser to keep my data"</button>
                            }.into_any()
                        }}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Shown now and then when storage is not persistent and there is data to lose.
#[component]
pub fn ExportReminder() -> impl IntoView {
    let state = use_app();
    let persisted = state.persisted;
    let snoozed = RwSignal::new(prefs::get_date(prefs::REMINDER_SNOOZED));
    if persisted.get_untracked().is_none() {
        spawn_local(async move {
            let p = platform::storage_status().await.persisted;
            // A grant that arrived meanwhile wins over this older answer.
            if persisted.get_untracked().is_none() {
                persisted.set(Some(p));
            }
        });
    }
    let show = move || {
        // Demo data can be regenerated at any time: no reminder for it.
        let has_records = !state.registry.with(|r| r.current().demo)
            && state
                .ws
                .with(|w| !w.deals.is_empty() || !w.accounts.is_empty() || !w.leads.is_empty());
        should_remind(
            persisted.get().unwrap_or(true),
            has_records,
            prefs::get_date(prefs::LAST_EXPORT),
            snoozed.get(),
            platform::today(),
        )
    };
    view! {
        <Show when=show>
            <div class="reminder" role="note">
                <span>"Your data lives only in this browser, which may clear it. Keep a copy: export a snapshot."</span>
                <A href=href("/data")><span class="btn btn-small">"Export now"</span></A>
                <button class="btn btn-small" on:click=move |_| {
                    let today = platform::today();
                    prefs::set_date(prefs::REMINDER_SNOOZED, today);
                    snoozed.set(Some(today));
                }>"Remind me next week"</button>
            </div>
        </Show>
    }
}

/// Writes the snapshot in chunks (and encrypts it when a passphrase is given), then
/// offers it as a download (Data › Export, and the storage-full alert).
pub async fn export_snapshot(
    state: AppState,
    passphrase: Option<String>,
    work: RwSignal<Option<Work>>,
) {
    let now = platform::now();
    let (mut writer, name) = state.ws.with_untracked(|w| {
        (
            ExportWriter::new(w, now),
            file_name(&w.settings.workspace_name, platform::today()),
        )
    });
    set_work(work, "Exporting…", Some(0.0));
    run_in_chunks(
        || {
            state
                .ws
                .with_untracked(|w| (writer.step(w, 2000), writer.progress()))
        },
        |d| set_work(work, "Exporting…", Some(d)),
    )
    .await;
    let mut bytes = writer.into_bytes();
    let mut name = name;
    if let Some(pass) = passphrase {
        set_work(work, "Encrypting…", None);
        platform::yield_now().await;
        match platform::crypto::encrypt(&pass, &bytes).await {
            Ok(env) => {
                bytes = env.to_text().into_bytes();
                name = name.replace(".salesdeck.json", ".encrypted.salesdeck.json");
            }
            Err(e) => {
                work.set(None);
                state.notify(NoticeKind::Error, e);
                return;
            }
        }
    }
    work.set(None);
    match platform::download_bytes(&name, "application/json", &bytes) {
        Ok(()) => {
            platform::prefs::set_date(platform::prefs::LAST_EXPORT, platform::today());
            state.notify(NoticeKind::Info, format!("Exported {name}"));
        }
        Err(e) => state.notify(NoticeKind::Error, e),
    }
}

/// Shown when the browser refused a write because its storage is full: what was not
/// done, that nothing saved before is lost, and the ways to make room, each one a
/// click away. Dismissed by the user, or gone once a later write succeeds.
#[component]
pub fn StorageFullAlert() -> impl IntoView {
    let state = use_app();
    let work = RwSignal::new(None::<Work>);
    let export = move |_| {
        spawn_local(async move { export_snapshot(state, None, work).await });
    };
    move || {
        state.storage_full.get().map(|what| {
            view! {
                <div class="storage-full" role="alert" aria-labelledby="storage-full-title">
                    <p class="storage-full-title" id="storage-full-title">
                        <strong>{format!("{what}: the browser's storage for this site is full.")}</strong>
                    </p>
                    <p>"The browser refused to store more, so that change was not written. Everything saved before is still here, as it was."</p>
                    <p>"To make room, then try again:"</p>
                    <ul class="storage-full-steps">
                        <li>
                            <button class="btn btn-small btn-primary" disabled=move || work.with(Option::is_some) on:click=export>"Export a snapshot"</button>
                            " keeps a copy of this workspace as a file."
                        </li>
                        <li>
                            <A href=href("/data#workspaces")>"Delete a workspace"</A>
                            " you no longer need (Data › Workspaces; a demo can be made again at any time)."
                        </li>
                        <li>
                            <A href=href("/settings#storage-title")>"See how much is stored"</A>
                            ", or free space the browser holds for other sites."
                        </li>
                    </ul>
                    <ProgressBar work=work/>
                    <button class="btn btn-small" on:click=move |_| state.storage_full.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
