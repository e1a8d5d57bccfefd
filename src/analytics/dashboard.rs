//! The dashboard's view: which period and whose numbers, kept in the address so a view
//! can be bookmarked and the back button works. When the address names no scope, the
//! view shows what the current user is responsible for: their own numbers for a rep,
//! their team's for a manager, everyone's when "me" is not set.

use super::period::PeriodPick;
use super::scope::{People, Scope};
use crate::domain::{RepRole, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DashboardView {
    pub period: PeriodPick,
    pub scope: Scope,
}

/// What the current user is responsible for.
pub fn default_scope(ws: &Workspace) -> Scope {
    match ws.settings.me.as_ref().and_then(|me| ws.reps.get(me)) {
        Some(r) if r.role == RepRole::Manager => Scope::team(r.id.clone()),
        Some(r) => Scope::rep(r.id.clone()),
        None => Scope::everyone(),
    }
}

/// Percent-encodes what is not safe in a query value.
fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl DashboardView {
    /// The view an address asks for (`get` reads one query value); a missing or
    /// unreadable period is this quarter, a missing scope the user's own.
    pub fn from_query<'a>(get: impl Fn(&str) -> Option<&'a str>, ws: &Workspace) -> DashboardView {
        let period = get("period")
            .and_then(PeriodPick::from_key)
            .unwrap_or(PeriodPick::ThisQuarter);
        let named = ["people", "rep", "team", "territory", "segment", "pipeline"]
            .iter()
            .any(|k| get(k).is_some());
        let scope = if named {
            Scope::from_query(&get)
        } else {
            default_scope(ws)
        };
        DashboardView { period, scope }
    }

    /// "period=this-quarter&people=everyone&segment=SaaS": the scope is always written,
    /// so "everyone" chosen on purpose is not mistaken for "not chosen".
    pub fn to_query(&self) -> String {
        let mut parts = vec![format!("period={}", encode(&self.period.key()))];
        if self.scope.people == People::Everyone {
            parts.push("people=everyone".into());
        }
        for (k, v) in self.scope.to_query() {
            parts.push(format!("{k}={}", encode(&v)));
        }
        parts.join("&")
    }
}

/// The people filter's choices: everyone, each manager's team, each rep (active ones
/// by name; the current choice stays listed even if inactive). Keys: "everyone",
/// "team:<id>", "rep:<id>".
pub fn people_options(ws: &Workspace, current: &People) -> Vec<(String, String)> {
    let mut reps: Vec<&crate::domain::Rep> = ws.reps.values().collect();
    reps.sort_by_key(|r| r.name.to_lowercase());
    let mut out = vec![("everyone".to_string(), "Everyone".to_string())];
    for r in reps.iter().filter(|r| r.role == RepRole::Manager) {
        if r.active || *current == People::Team(r.id.clone()) {
            out.push((format!("team:{}", r.id), format!("{}’s team", r.name)));
        }
    }
    for r in &reps {
        if r.active || *current == People::Rep(r.id.clone()) {
            out.push((format!("rep:{}", r.id), r.name.clone()));
        }
    }
    out
}

/// The key of a people choice (see `people_options`).
pub fn people_key(p: &People) -> String {
    match p {
        People::Everyone => "everyone".into(),
        People::Team(id) => format!("team:{id}"),
        People::Rep(id) => format!("rep:{id}"),
    }
}

/// A people choice from its key.
pub fn people_from_key(k: &str) -> People {
    match k.split_once(':') {
        Some(("team", id)) => People::Team(crate::domain::Id::from_string(id)),
        Some(("rep", id)) => People::Rep(crate::domain::Id::from_string(id)),
        _ => People::Everyone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, Fx};
    use crate::domain::Segment;

    fn parse(q: &str, ws: &Workspace) -> DashboardView {
        let pairs: Vec<(String, String)> = q
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), v.replace("%20", " ")))
            .collect();
        DashboardView::from_query(
            |k| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()),
            ws,
        )
    }

    #[test]
    fn views_round_trip_through_the_address() {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia", None);
        let v = DashboardView {
            period: PeriodPick::Custom(d(2026, 1, 1), d(2026, 3, 31)),
            scope: Scope {
                people: People::Team(mia.clone()),
                segment: Some(Segment::SaaS),
                ..Scope::default()
            },
        };
        let q = v.to_query();
        assert_eq!(
            q,
            format!("period=2026-01-01..2026-03-31&team={mia}&segment=SaaS")
        );
        assert_eq!(parse(&q, &fx.ws), v);
        let everyone = DashboardView {
            period: PeriodPick::LastMonth,
            scope: Scope::everyone(),
        };
        assert_eq!(everyone.to_query(), "period=last-month&people=everyone");
        assert_eq!(parse(&everyone.to_query(), &fx.ws), everyone);
    }

    #[test]
    fn without_a_scope_the_view_is_what_the_user_is_responsible_for() {
        let mut fx = Fx::new();
        assert_eq!(parse("", &fx.ws).scope, Scope::everyone(), "no “me” yet");
        assert_eq!(
            parse("period=nonsense", &fx.ws).period,
            PeriodPick::ThisQuarter
        );
        let mia = fx.rep("Mia", None);
        let ana = fx.rep("Ana", Some(&mia));
        fx.ws.settings.me = Some(ana.clone());
        assert_eq!(parse("period=this-month", &fx.ws).scope, Scope::rep(ana));
        fx.ws.settings.me = Some(mia.clone());
        assert_eq!(parse("", &fx.ws).scope, Scope::team(mia));
        // Chosen on purpose, everyone stays everyone.
        assert_eq!(parse("people=everyone", &fx.ws).scope, Scope::everyone());
    }

    #[test]
    fn people_choices_list_teams_then_reps() {
        let mut fx = Fx::new();
        let mia = fx.rep("Mia", None);
        let ana = fx.rep("Ana", Some(&mia));
        let opts = people_options(&fx.ws, &People::Everyone);
        let labels: Vec<&str> = opts.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["Everyone", "Mia’s team", "Ana", "Mia"]);
        for (k, _) in &opts {
            assert_eq!(&people_key(&people_from_key(k)), k);
        }
        assert_eq!(people_from_key(&format!("rep:{ana}")), People::Rep(ana));
        assert_eq!(people_from_key("nonsense"), People::Everyone);
    }
}
