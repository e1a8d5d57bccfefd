//! The one route table: every page's path, its place in the sidebar (if any) and its
//! view. The router and the navigation are both built from `PAGES`, so adding a page
//! is one entry here (and its folder under `src/ui/`).

use super::components::layout::NavGroup;
use super::components::split::split_fn;
use super::{
    accounts, activities, automation, contacts, dashboard, data, deals, forecast, help, leads,
    pipeline, review, scoring, settings, team,
};
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos::wasm_split::SplitLoaderError;
use leptos_router::components::{Route, RouteProps};
use leptos_router::{
    ChooseView, MatchNestedRoutes, ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch,
    StaticSegment,
};
use std::future::Future;
use std::pin::Pin;

/// The sidebar's groups, in the order they show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Sell,
    Analyze,
    Workspace,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Sell, Section::Analyze, Section::Workspace];

    pub fn title(self) -> &'static str {
        match self {
            Section::Sell => "Sell",
            Section::Analyze => "Analyze",
            Section::Workspace => "Workspace",
        }
    }
}

/// How the router gets a page's view. The Pipeline board (the first page) is in the
/// first download; every other page is a split point (`split_page!` below), cut into its own
/// wasm piece by scripts/wasm-split.mjs after the build and fetched (then kept by the
/// service worker) the first time the page opens. The router awaits `preload` before it
/// swaps pages and drops a load the user has navigated away from, so a slow piece never
/// replaces the page that is showing by then. Native builds call the functions directly.
#[derive(Clone, Copy)]
pub enum PageView {
    Now(fn() -> AnyView),
    Split {
        load: fn() -> Fetching<()>,
        view: fn() -> Fetching<AnyView>,
    },
}

/// A piece being fetched, then what it gives.
type Fetching<T> = Pin<Box<dyn Future<Output = Result<T, SplitLoaderError>>>>;

impl ChooseView for PageView {
    async fn choose(self) -> AnyView {
        match self {
            PageView::Now(view) => view(),
            // A piece that cannot be fetched (offline before the service worker kept it,
            // or a tab older than the deploy on the host) is a message, not a crash: a
            // failed load is not cached, so the next visit to the page tries again.
            PageView::Split { view, .. } => match view().await {
                Ok(page) => page,
                Err(_) => view! { <PieceMissing/> }.into_any(),
            },
        }
    }

    async fn preload(&self) {
        if let PageView::Split { load, .. } = self {
            // A failure shows in `choose`, which tries once more.
            let _ = load().await;
        }
    }
}

/// What shows instead of a page whose piece could not be downloaded.
#[component]
fn PieceMissing() -> impl IntoView {
    view! {
        <section class="page">
            <h1>"This page could not be downloaded"</h1>
            <div class="empty-state" role="alert">
                <p>
                    "Salesdeck keeps every page for offline use once it has been downloaded, "
                    "but this one is not here yet: you may be offline, or Salesdeck was "
                    "updated on its host since this tab opened. Your data is safe."
                </p>
                <button class="btn btn-primary" on:click=|_| crate::platform::reload()>
                    "Reload Salesdeck"
                </button>
            </div>
        </section>
    }
}

/// A `split_page!` function and the preload function made beside it.
macro_rules! split {
    ($view:ident, $load:ident) => {
        PageView::Split {
            load: || Box::pin($load()),
            view: || Box::pin($view()),
        }
    };
}

/// A page function that is a split point (`components::split`), with the preload
/// function the router awaits before it swaps pages.
macro_rules! split_page {
    ($name:ident, $preload:ident, $($component:ident)::+) => {
        split_fn! {
            #[split($name, preload = $preload)]
            fn $name() -> Result<AnyView, SplitLoaderError> {
                Ok(view! { <$($component)::+/> }.into_any())
            }
        }
    };
}

/// One page of the app.
pub struct Page {
    /// "/deals", "/deals/:id" (a `:name` segment is a parameter).
    pub path: &'static str,
    /// The sidebar section and link label, for pages the sidebar lists.
    pub nav: Option<(Section, &'static str)>,
    pub view: PageView,
}

/// Every page. The sidebar lists the `nav` pages in this order within each section;
/// the router tries the paths in this order, so "/deals/new" comes before "/deals/:id".
pub const PAGES: &[Page] = &[
    Page {
        path: "/",
        nav: None,
        view: split!(deals_page, __preload_deals_page),
    },
    Page {
        path: "/my-day",
        nav: Some((Section::Sell, "My day")),
        view: split!(my_day_page, __preload_my_day_page),
    },
    Page {
        path: "/pipeline",
        nav: Some((Section::Sell, "Pipeline")),
        view: PageView::Now(|| view! { <pipeline::PipelinePage/> }.into_any()),
    },
    Page {
        path: "/deals",
        nav: Some((Section::Sell, "Deals")),
        view: split!(deals_page, __preload_deals_page),
    },
    Page {
        path: "/deals/new",
        nav: None,
        view: split!(deal_edit_page, __preload_deal_edit_page),
    },
    Page {
        path: "/deals/:id",
        nav: None,
        view: split!(deal_edit_page, __preload_deal_edit_page),
    },
    Page {
        path: "/leads",
        nav: Some((Section::Sell, "Leads")),
        view: split!(leads_page, __preload_leads_page),
    },
    Page {
        path: "/leads/new",
        nav: None,
        view: split!(lead_edit_page, __preload_lead_edit_page),
    },
    Page {
        path: "/leads/:id",
        nav: None,
        view: split!(lead_edit_page, __preload_lead_edit_page),
    },
    Page {
        path: "/accounts",
        nav: Some((Section::Sell, "Accounts")),
        view: split!(accounts_page, __preload_accounts_page),
    },
    Page {
        path: "/accounts/new",
        nav: None,
        view: split!(account_edit_page, __preload_account_edit_page),
    },
    Page {
        path: "/accounts/:id",
        nav: None,
        view: split!(account_edit_page, __preload_account_edit_page),
    },
    Page {
        path: "/contacts",
        nav: Some((Section::Sell, "Contacts")),
        view: split!(contacts_page, __preload_contacts_page),
    },
    Page {
        path: "/contacts/new",
        nav: None,
        view: split!(contact_edit_page, __preload_contact_edit_page),
    },
    Page {
        path: "/contacts/:id",
        nav: None,
        view: split!(contact_edit_page, __preload_contact_edit_page),
    },
    Page {
        path: "/activities",
        nav: Some((Section::Sell, "Activities")),
        view: split!(activities_page, __preload_activities_page),
    },
    Page {
        path: "/dashboard",
        nav: Some((Section::Analyze, "Dashboard")),
        view: split!(dashboard_page, __preload_dashboard_page),
    },
    Page {
        path: "/review",
        nav: Some((Section::Analyze, "What changed")),
        view: split!(review_page, __preload_review_page),
    },
    Page {
        path: "/forecast",
        nav: Some((Section::Analyze, "Forecast")),
        view: split!(forecast_page, __preload_forecast_page),
    },
    Page {
        path: "/team",
        nav: Some((Section::Analyze, "Team")),
        view: split!(team_page, __preload_team_page),
    },
    Page {
        path: "/team/quotas",
        nav: None,
        view: split!(quotas_page, __preload_quotas_page),
    },
    Page {
        path: "/team/goals",
        nav: None,
        view: split!(goals_page, __preload_goals_page),
    },
    Page {
        path: "/team/spend",
        nav: None,
        view: split!(spend_page, __preload_spend_page),
    },
    Page {
        path: "/team/scorecards",
        nav: None,
        view: split!(scorecards_page, __preload_scorecards_page),
    },
    Page {
        path: "/team/:rep",
        nav: None,
        view: split!(scorecard_page, __preload_scorecard_page),
    },
    Page {
        path: "/data",
        nav: Some((Section::Workspace, "Data")),
        view: split!(data_page, __preload_data_page),
    },
    Page {
        path: "/data/csv",
        nav: None,
        view: split!(csv_import_page, __preload_csv_import_page),
    },
    Page {
        path: "/automation",
        nav: Some((Section::Workspace, "Automation")),
        view: split!(automation_page, __preload_automation_page),
    },
    Page {
        path: "/scoring",
        nav: Some((Section::Workspace, "Lead scoring")),
        view: split!(scoring_page, __preload_scoring_page),
    },
    Page {
        path: "/settings",
        nav: Some((Section::Workspace, "Settings")),
        view: split!(settings_page, __preload_settings_page),
    },
    Page {
        path: "/help",
        nav: Some((Section::Workspace, "Definitions")),
        view: split!(help_page, __preload_help_page),
    },
];

split_page!(my_day_page, __preload_my_day_page, activities::MyDayPage);

split_page!(deals_page, __preload_deals_page, deals::DealsPage);

split_page!(
    deal_edit_page,
    __preload_deal_edit_page,
    deals::DealEditPage
);

split_page!(leads_page, __preload_leads_page, leads::LeadsPage);

split_page!(
    lead_edit_page,
    __preload_lead_edit_page,
    leads::LeadEditPage
);

split_page!(
    accounts_page,
    __preload_accounts_page,
    accounts::AccountsPage
);

split_page!(
    account_edit_page,
    __preload_account_edit_page,
    accounts::AccountEditPage
);

split_page!(
    contacts_page,
    __preload_contacts_page,
    contacts::ContactsPage
);

split_page!(
    contact_edit_page,
    __preload_contact_edit_page,
    contacts::ContactEditPage
);

split_page!(
    activities_page,
    __preload_activities_page,
    activities::ActivitiesPage
);

split_page!(
    dashboard_page,
    __preload_dashboard_page,
    dashboard::DashboardPage
);

split_page!(review_page, __preload_review_page, review::ReviewPage);

split_page!(
    forecast_page,
    __preload_forecast_page,
    forecast::ForecastPage
);

split_page!(team_page, __preload_team_page, team::TeamPage);

split_page!(quotas_page, __preload_quotas_page, team::QuotasPage);

split_page!(goals_page, __preload_goals_page, team::GoalsPage);

split_page!(spend_page, __preload_spend_page, team::SpendPage);

split_page!(
    scorecards_page,
    __preload_scorecards_page,
    team::ScorecardsPage
);

split_page!(
    scorecard_page,
    __preload_scorecard_page,
    team::ScorecardPage
);

split_page!(data_page, __preload_data_page, data::DataPage);

split_page!(
    csv_import_page,
    __preload_csv_import_page,
    data::CsvImportPage
);

split_page!(
    automation_page,
    __preload_automation_page,
    automation::AutomationPage
);

split_page!(
    settings_page,
    __preload_settings_page,
    settings::SettingsPage
);

split_page!(scoring_page, __preload_scoring_page, scoring::ScoringPage);

split_page!(help_page, __preload_help_page, help::HelpPage);

/// The page the router shows at `path` (the address without the base path): the first
/// in table order whose path matches it whole.
pub fn page_at(path: &str) -> Option<&'static Page> {
    PAGES.iter().find(|p| {
        TablePath::parse(p.path)
            .test(path)
            .is_some_and(|m| m.remaining().trim_matches('/').is_empty())
    })
}

/// Fetches the piece of the page at `path`, so the router's first view is ready when the
/// workspace is. Needed because the router's first build, unlike a later navigation,
/// does not drop a load the user has navigated away from: a deal page still loading
/// would replace the board the user had clicked meanwhile.
pub async fn preload_page_at(path: &str) {
    if let Some(PageView::Split { load, .. }) = page_at(path).map(|p| p.view) {
        // A failure shows when the router opens the page.
        let _ = load().await;
    }
}

/// Fetches the Analyze pages' pieces one after another, a moment after the first page
/// has opened, so a manager's first open of the dashboard does not wait for the hundred
/// or so files its charts and KPI engine are cut into. Failures are quiet: the page
/// tries again when it is opened.
pub async fn prefetch_analyze_pages() {
    crate::platform::sleep_ms(1_000).await;
    for page in PAGES {
        if let (Some((Section::Analyze, _)), PageView::Split { load, .. }) = (page.nav, page.view) {
            let _ = load().await;
        }
    }
}

/// The sidebar: each section with its pages, in table order.
pub fn nav() -> Vec<NavGroup> {
    Section::ALL
        .into_iter()
        .map(|section| NavGroup {
            title: section.title(),
            links: PAGES
                .iter()
                .filter_map(|p| match p.nav {
                    Some((s, label)) if s == section => Some((label, p.path)),
                    _ => None,
                })
                .collect(),
        })
        .filter(|g| !g.links.is_empty())
        .collect()
}

/// The router's routes, one per page.
pub fn routes() -> impl MatchNestedRoutes + Clone + Send + 'static {
    let routes: Vec<_> = PAGES
        .iter()
        .map(|p| {
            Route(
                RouteProps::builder()
                    .path(TablePath::parse(p.path))
                    .view(p.view)
                    .build(),
            )
        })
        .collect();
    StaticVec::from(routes)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Segment {
    Static(&'static str),
    Param(&'static str),
}

/// A path from the table, matched segment by segment exactly as `path!("/deals/:id")`
/// would be (the macro needs a literal, the table holds the strings).
#[derive(Clone, Debug, PartialEq, Eq)]
struct TablePath(Vec<Segment>);

impl TablePath {
    fn parse(path: &'static str) -> TablePath {
        TablePath(
            path.split('/')
                .filter(|s| !s.is_empty())
                .map(|s| match s.strip_prefix(':') {
                    Some(name) => Segment::Param(name),
                    None => Segment::Static(s),
                })
                .collect(),
        )
    }
}

impl PossibleRouteMatch for TablePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut remaining = path;
        let mut matched_len = 0;
        let mut params = Vec::new();
        for segment in &self.0 {
            let m = match *segment {
                Segment::Static(s) => StaticSegment(s).test(remaining)?,
                Segment::Param(p) => ParamSegment(p).test(remaining)?,
            };
            matched_len += m.matched().len();
            remaining = m.remaining();
            params.extend(m.params());
        }
        Some(PartialPathMatch::new(
            remaining,
            params,
            &path[..matched_len],
        ))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in &self.0 {
            match *segment {
                Segment::Static(s) => StaticSegment(s).generate_path(path),
                Segment::Param(p) => ParamSegment(p).generate_path(path),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use wasm_bindgen_test::wasm_bindgen_test;

    // The ui module is built for wasm32 only, so this runs in the browser tests.
    #[wasm_bindgen_test]
    fn the_page_at_an_address_is_the_one_the_router_shows() {
        let path = |a: &str| page_at(a).map(|p| p.path);
        assert_eq!(path(""), Some("/"));
        assert_eq!(path("/"), Some("/"));
        assert_eq!(path("/pipeline"), Some("/pipeline"));
        assert_eq!(path("/deals"), Some("/deals"));
        assert_eq!(path("/deals/"), Some("/deals"));
        assert_eq!(path("/deals/new"), Some("/deals/new"));
        assert_eq!(path("/deals/3f1c"), Some("/deals/:id"));
        assert_eq!(path("/team/quotas"), Some("/team/quotas"));
        assert_eq!(path("/team/ana"), Some("/team/:rep"));
        assert_eq!(path("/no-such-page"), None);
        assert_eq!(path("/deals/3f1c/extra"), None);
    }
}
