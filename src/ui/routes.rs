//! The one route table: every page's path, its place in the sidebar (if any) and its
//! view. The router and the navigation are both built from `PAGES`, so adding a page
//! is one entry here (and its folder under `src/ui/`).

use super::components::layout::NavGroup;
use super::{
    accounts, activities, automation, contacts, dashboard, data, deals, forecast, help, leads,
    pipeline, review, scoring, settings, team,
};
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::components::{Route, RouteProps};
use leptos_router::{
    MatchNestedRoutes, ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch,
    StaticSegment,
};

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

/// One page of the app.
pub struct Page {
    /// "/deals", "/deals/:id" (a `:name` segment is a parameter).
    pub path: &'static str,
    /// The sidebar section and link label, for pages the sidebar lists.
    pub nav: Option<(Section, &'static str)>,
    pub view: fn() -> AnyView,
}

/// Every page. The sidebar lists the `nav` pages in this order within each section;
/// the router tries the paths in this order, so "/deals/new" comes before "/deals/:id".
pub const PAGES: &[Page] = &[
    Page {
        path: "/",
        nav: None,
        view: || view! { <deals::DealsPage/> }.into_any(),
    },
    Page {
        path: "/my-day",
        nav: Some((Section::Sell, "My day")),
        view: || view! { <activities::MyDayPage/> }.into_any(),
    },
    Page {
        path: "/pipeline",
        nav: Some((Section::Sell, "Pipeline")),
        view: || view! { <pipeline::PipelinePage/> }.into_any(),
    },
    Page {
        path: "/deals",
        nav: Some((Section::Sell, "Deals")),
        view: || view! { <deals::DealsPage/> }.into_any(),
    },
    Page {
        path: "/deals/new",
        nav: None,
        view: || view! { <deals::DealEditPage/> }.into_any(),
    },
    Page {
        path: "/deals/:id",
        nav: None,
        view: || view! { <deals::DealEditPage/> }.into_any(),
    },
    Page {
        path: "/leads",
        nav: Some((Section::Sell, "Leads")),
        view: || view! { <leads::LeadsPage/> }.into_any(),
    },
    Page {
        path: "/leads/new",
        nav: None,
        view: || view! { <leads::LeadEditPage/> }.into_any(),
    },
    Page {
        path: "/leads/:id",
        nav: None,
        view: || view! { <leads::LeadEditPage/> }.into_any(),
    },
    Page {
        path: "/accounts",
        nav: Some((Section::Sell, "Accounts")),
        view: || view! { <accounts::AccountsPage/> }.into_any(),
    },
    Page {
        path: "/accounts/new",
        nav: None,
        view: || view! { <accounts::AccountEditPage/> }.into_any(),
    },
    Page {
        path: "/accounts/:id",
        nav: None,
        view: || view! { <accounts::AccountEditPage/> }.into_any(),
    },
    Page {
        path: "/contacts",
        nav: Some((Section::Sell, "Contacts")),
        view: || view! { <contacts::ContactsPage/> }.into_any(),
    },
    Page {
        path: "/contacts/new",
        nav: None,
        view: || view! { <contacts::ContactEditPage/> }.into_any(),
    },
    Page {
        path: "/contacts/:id",
        nav: None,
        view: || view! { <contacts::ContactEditPage/> }.into_any(),
    },
    Page {
        path: "/activities",
        nav: Some((Section::Sell, "Activities")),
        view: || view! { <activities::ActivitiesPage/> }.into_any(),
    },
    Page {
        path: "/dashboard",
        nav: Some((Section::Analyze, "Dashboard")),
        view: || view! { <dashboard::DashboardPage/> }.into_any(),
    },
    Page {
        path: "/review",
        nav: Some((Section::Analyze, "What changed")),
        view: || view! { <review::ReviewPage/> }.into_any(),
    },
    Page {
        path: "/forecast",
        nav: Some((Section::Analyze, "Forecast")),
        view: || view! { <forecast::ForecastPage/> }.into_any(),
    },
    Page {
        path: "/team",
        nav: Some((Section::Analyze, "Team")),
        view: || view! { <team::TeamPage/> }.into_any(),
    },
    Page {
        path: "/team/quotas",
        nav: None,
        view: || view! { <team::QuotasPage/> }.into_any(),
    },
    Page {
        path: "/team/goals",
        nav: None,
        view: || view! { <team::GoalsPage/> }.into_any(),
    },
    Page {
        path: "/team/spend",
        nav: None,
        view: || view! { <team::SpendPage/> }.into_any(),
    },
    Page {
        path: "/team/scorecards",
        nav: None,
        view: || view! { <team::ScorecardsPage/> }.into_any(),
    },
    Page {
        path: "/team/:rep",
        nav: None,
        view: || view! { <team::ScorecardPage/> }.into_any(),
    },
    Page {
        path: "/data",
        nav: Some((Section::Workspace, "Data")),
        view: || view! { <data::DataPage/> }.into_any(),
    },
    Page {
        path: "/data/csv",
        nav: None,
        view: || view! { <data::CsvImportPage/> }.into_any(),
    },
    Page {
        path: "/automation",
        nav: Some((Section::Workspace, "Automation")),
        view: || view! { <automation::AutomationPage/> }.into_any(),
    },
    Page {
        path: "/scoring",
        nav: Some((Section::Workspace, "Lead scoring")),
        view: || view! { <scoring::ScoringPage/> }.into_any(),
    },
    Page {
        path: "/settings",
        nav: Some((Section::Workspace, "Settings")),
        view: || view! { <settings::SettingsPage/> }.into_any(),
    },
    Page {
        path: "/help",
        nav: Some((Section::Workspace, "Definitions")),
        view: || view! { <help::HelpPage/> }.into_any(),
    },
];

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
