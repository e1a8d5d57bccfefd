//! The app shell (sidebar navigation, notices) and page-level building blocks.

use crate::ui::links::href;
use crate::ui::state::{use_app, NoticeKind};
use leptos::prelude::*;
use leptos_router::components::A;

/// A group of sidebar links ("Sell", "Analyze", "Workspace"), in order.
#[derive(Clone, Debug, PartialEq)]
pub struct NavGroup {
    pub title: &'static str,
    /// (label, path) of each link.
    pub links: Vec<(&'static str, &'static str)>,
}

/// Whether the router is waiting for the next page's wasm piece.
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// The page frame: sidebar navigation (`nav`, built from the route table), the search
/// box, the training and export banners, the page, and notices.
#[component]
pub fn Shell(nav: Vec<NavGroup>, children: Children) -> impl IntoView {
    let state = use_app();
    let routing: Signal<bool> =
        use_context::<Routing>().map_or(Signal::from(false), |r| r.0.into());
    // The list's name: known before the workspace is read (the settings are not yet).
    let workspace_name = move || state.registry.with(|r| r.current().name.clone());
    view! {
        <div class="app">
            <a class="skip-link" href="#main">"Skip to content"</a>
            <aside class="sidebar">
                <div class="brand">
                    <span class="brand-mark" aria-hidden="true">"S"</span>
                    <div>
                        <div class="brand-name">"Salesdeck"</div>
                        <div class="brand-workspace">{workspace_name}</div>
                    </div>
                </div>
                <nav aria-label="Main">
                    {nav
                        .into_iter()
                        .map(|group| {
                            view! {
                                <div class="nav-group">
                                    <div class="nav-group-title">{group.title}</div>
                                    <ul>
                                        {group
                                            .links
                                            .into_iter()
                                            .map(|(label, path)| {
                                                view! {
                                                    <li>
                                                        <A href=href(path)>{label}</A>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </div>
                            }
                        })
                        .collect_view()}
                </nav>
                <div class="sidebar-foot">"Stored in this browser · works offline"</div>
            </aside>
            <main class="content" id="main" tabindex="-1">
                <div class="topbar"><super::search::SearchBox/></div>
                <UpdateReady/>
                <super::safety::StorageFullAlert/>
                <super::training::TrainingBanner/>
                <super::safety::ExportReminder/>
                <div class="route-loading" role="status" hidden=move || !routing.get()>
                    <span class="sr-only">"Loading the page…"</span>
                </div>
                <div class="page-frame" inert=move || routing.get() aria-busy=move || routing.get().to_string()>
                    {children()}
                </div>
            </main>
            <Notices/>
        </div>
    }
}

/// A new build waits (installed by the service worker): the user decides when to switch.
#[component]
fn UpdateReady() -> impl IntoView {
    let state = use_app();
    view! {
        <Show when=move || state.update_ready.get()>
            <div class="update-ready" role="status">
                <span>"A new version is ready. Reload to use it; everything you saved stays."</span>
                <button class="btn btn-primary" on:click=|_| crate::platform::offline::apply_update()>
                    "Reload"
                </button>
            </div>
        </Show>
    }
}

/// The toast area: info notices fade by themselves, errors stay until dismissed.
#[component]
fn Notices() -> impl IntoView {
    let state = use_app();
    view! {
        <div class="notices" role="status" aria-live="polite">
            {move || {
                state
                    .notice
                    .get()
                    .map(|n| {
                        let error = n.kind == NoticeKind::Error;
                        let undo = n.undo.clone();
                        view! {
                            <div class="notice" class:notice-error=error role=error.then_some("alert")>
                                <span>{n.text}</span>
                                {undo.map(|changes| view! {
                                    <button class="notice-action" on:click=move |_| {
                                        let changes = changes.clone();
                                        leptos::task::spawn_local(async move { state.undo(changes).await });
                                    }>"Undo"</button>
                                })}
                                <button
                                    class="notice-close"
                                    aria-label="Dismiss notice"
                                    on:click=move |_| state.notice.set(None)
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// What an edit page shows for an id that does not exist (deleted, or an old link):
/// `kind` is "deal", `list` is "deals".
#[component]
pub fn RecordNotFound(kind: &'static str, list: &'static str) -> impl IntoView {
    let mut title = kind.to_string();
    if let Some(first) = title.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    view! {
        <PageHeader title=format!("{title} not found")/>
        <section class="card">
            <p>{format!("This {kind} does not exist (it may have been deleted).")}</p>
            <A href=href(&format!("/{list}"))>{format!("Back to {list}")}</A>
        </section>
    }
}

/// What an address that matches no page shows.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <PageHeader title="Page not found".to_string()/>
        <section class="card">
            <p>"There is no page at this address."</p>
            <A href=href("/deals")>"Go to your deals"</A>
        </section>
    }
}

/// Title row of a page with an optional primary action on the right.
#[component]
pub fn PageHeader(
    #[prop(into)] title: Signal<String>,
    #[prop(optional, into)] subtitle: Option<Signal<String>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>{move || title.get()}</h1>
                {subtitle.map(|s| view! { <p class="page-subtitle">{move || s.get()}</p> })}
            </div>
            <div class="page-actions">{children.map(|c| c())}</div>
        </header>
    }
}

/// What an empty list says: what the thing is and how to add the first one.
#[component]
pub fn EmptyState(
    title: &'static str,
    text: &'static str,
    action_label: &'static str,
    action_href: String,
) -> impl IntoView {
    view! {
        <section class="empty-state">
            <div class="empty-illustration" aria-hidden="true"></div>
            <h2>{title}</h2>
            <p>{text}</p>
            <A href=action_href>
                <span class="btn btn-primary">{action_label}</span>
            </A>
        </section>
    }
}
