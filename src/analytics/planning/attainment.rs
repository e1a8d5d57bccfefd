//! My day's attainment sentence: "You are at 62% of your Q3 2026 quota, $41,000 to go,
//! 23 days left." For a rep their own quota; for a manager their team's; with no
//! "me", the company's. The numbers are the dashboard's (the KPI engine's quota
//! attainment for the current fiscal quarter and the user's default scope).

use crate::analytics::dashboard::default_scope;
use crate::analytics::kpi::{compute, KpiFacts, KpiInput, MetricKey, Reading};
use crate::analytics::period::Period;
use crate::analytics::scope::{People, Scope};
use crate::domain::{Currency, Date, Rates, Workspace};

/// Whose quota the sentence is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    Me,
    MyTeam,
    Company,
    /// Another scope chosen on My day: "Bo", "Mia’s team".
    Named(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct AttainmentLine {
    pub text: String,
    /// Won ÷ quota, when there is a quota.
    pub share: Option<f64>,
    /// 0–100 for a progress bar.
    pub bar: u32,
}

/// The whole percent shown: rounded, but never 100% before the quota is met.
fn whole_percent(share: f64) -> i64 {
    let p = (share * 100.0).round() as i64;
    if share < 1.0 && p >= 100 {
        99
    } else {
        p
    }
}

/// The sentence for `attainment` (the KPI reading) in `period` on `today`.
pub fn attainment_line(
    subject: Subject,
    attainment: &Reading,
    period: &Period,
    today: Date,
    home: &Currency,
) -> AttainmentLine {
    let (who, whose) = match &subject {
        Subject::Me => ("You are".to_string(), "your"),
        Subject::MyTeam => ("Your team is".to_string(), "its"),
        Subject::Company => ("The company is".to_string(), "its"),
        Subject::Named(name) => (format!("{name} is"), "the"),
    };
    let label = period.label();
    let days_left = (period.end() - today).num_days() + 1;
    let left = match days_left {
        d if d <= 0 => "the quarter is over".to_string(),
        1 => "last day".to_string(),
        d => format!("{d} days left"),
    };
    let money = |v: f64| crate::analytics::kpi::whole_money(v, home);
    let Some(share) = attainment.value else {
        let reason = attainment.reason.clone().unwrap_or_default();
        let text = if reason.contains("zero") {
            format!("The {label} quota is zero, so there is no attainment to show.")
        } else {
            let for_whom = match &subject {
                Subject::Me => "for you".to_string(),
                Subject::MyTeam => "for your team".to_string(),
                Subject::Company => "for the company".to_string(),
                Subject::Named(name) => format!("for {name}"),
            };
            format!("No quota is set {for_whom} for {label}: set one in Team › Quotas.")
        };
        return AttainmentLine {
            text,
            share: None,
            bar: 0,
        };
    };
    let (won, quota) = (attainment.numerator, attainment.denominator);
    let pct = whole_percent(share);
    let mut text = if won >= quota {
        format!(
            "{who} at {pct}% of {whose} {label} quota: {} above it, {left}.",
            money(won - quota)
        )
    } else {
        format!(
            "{who} at {pct}% of {whose} {label} quota, {} to go, {left}.",
            money(quota - won)
        )
    };
    if let Some(l) = attainment.left_out_text() {
        text.push_str(&format!(" ({l}.)"));
    }
    AttainmentLine {
        text,
        share: Some(share),
        bar: (share * 100.0).clamp(0.0, 100.0) as u32,
    }
}

/// My day's line: the current fiscal quarter, for `people` (a choice on My day), or
/// what the user is responsible for when `None`.
pub fn my_day_line(
    ws: &Workspace,
    facts: &KpiFacts,
    rates: &Rates,
    today: Date,
    people: Option<&People>,
) -> AttainmentLine {
    let scope = match people {
        Some(p) => Scope {
            people: p.clone(),
            ..Scope::default()
        },
        None => default_scope(ws),
    };
    let me = ws.settings.me.as_ref();
    let subject = match &scope.people {
        People::Everyone => Subject::Company,
        People::Rep(r) if Some(r) == me => Subject::Me,
        People::Team(m) if Some(m) == me => Subject::MyTeam,
        // "Me" not set and no choice: the default is everyone's, handled above.
        p => Subject::Named(scope_name(ws, p)),
    };
    let period = Period::quarter_of(today, ws.settings.fiscal_year_start_month);
    let k = compute(
        &KpiInput {
            ws,
            facts,
            scope: &scope,
            today,
            rates,
        },
        period,
    );
    attainment_line(
        subject,
        &k.get(MetricKey::QuotaAttainment).current,
        &period,
        today,
        &ws.settings.home_currency,
    )
}

/// "Bo", "Mia’s team".
fn scope_name(ws: &Workspace, p: &People) -> String {
    Scope {
        people: p.clone(),
        ..Scope::default()
    }
    .label(ws)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::kpi::fixture::{d, known, today};

    fn reading(won: f64, quota: f64) -> Reading {
        Reading::defined(won / quota, won, quota, 1)
    }

    #[test]
    fn the_sentence_says_where_you_are_what_is_left_and_how_long() {
        let q3 = Period::quarter_of(d(2026, 9, 8), 1);
        let usd = Currency::usd();
        let l = attainment_line(
            Subject::Me,
            &reading(6_200_000.0, 10_000_000.0),
            &q3,
            d(2026, 9, 8),
            &usd,
        );
        assert_eq!(
            l.text,
            "You are at 62% of your Q3 2026 quota, $38,000 to go, 23 days left."
        );
        assert_eq!(l.bar, 62);
        let l = attainment_line(
            Subject::MyTeam,
            &reading(11_200_000.0, 10_000_000.0),
            &q3,
            d(2026, 9, 30),
            &usd,
        );
        assert_eq!(
            l.text,
            "Your team is at 112% of its Q3 2026 quota: $12,000 above it, last day."
        );
        assert_eq!(l.bar, 100);
        // 99.6% is not yet 100%.
        let l = attainment_line(
            Subject::Me,
            &reading(9_960_000.0, 10_000_000.0),
            &q3,
            d(2026, 9, 29),
            &usd,
        );
        assert_eq!(
            l.text,
            "You are at 99% of your Q3 2026 quota, $400 to go, 2 days left."
        );
        let none = Reading::undefined("no quota set for this period");
        assert_eq!(
            attainment_line(Subject::Me, &none, &q3, d(2026, 9, 8), &usd).text,
            "No quota is set for you for Q3 2026: set one in Team › Quotas."
        );
    }

    #[test]
    fn my_day_uses_the_dashboards_numbers_for_what_i_am_responsible_for() {
        let kn = known();
        let mut ws = kn.fx.ws.clone();
        let facts = KpiFacts::build(&ws);
        let rates = Rates::of(&ws);
        // No "me": the company's $60,000 quota, $36,000 won.
        assert_eq!(
            my_day_line(&ws, &facts, &rates, today(), None).text,
            "The company is at 60% of its Q4 2026 quota, $24,000 to go, 40 days left. (1 amount is in COP left out: no rate for COP.)"
        );
        ws.settings.me = Some(kn.ana.clone());
        assert_eq!(
            my_day_line(&ws, &facts, &rates, today(), None).text,
            "You are at 75% of your Q4 2026 quota, $10,000 to go, 40 days left."
        );
        // Mia manages Ana and Bo: no team quota, so theirs add up ($70,000).
        ws.settings.me = Some(kn.mia.clone());
        assert_eq!(
            my_day_line(&ws, &facts, &rates, today(), None).text,
            "Your team is at 51% of its Q4 2026 quota, $34,000 to go, 40 days left. (1 amount is in COP left out: no rate for COP.)"
        );
        // Another scope chosen on My day: named, with its own numbers.
        let ana = People::Rep(kn.ana.clone());
        assert_eq!(
            my_day_line(&ws, &facts, &rates, today(), Some(&ana)).text,
            "Ana is at 75% of the Q4 2026 quota, $10,000 to go, 40 days left."
        );
        let team = People::Team(kn.mia.clone());
        assert_eq!(
            my_day_line(&ws, &facts, &rates, today(), Some(&team)),
            my_day_line(&ws, &facts, &rates, today(), None),
            "my own team chosen is the default"
        );
        assert!(
            my_day_line(&ws, &facts, &rates, today(), Some(&People::Everyone))
                .text
                .starts_with("The company is at 60%")
        );
        ws.settings.me = Some(kn.ana.clone());
        assert!(my_day_line(&ws, &facts, &rates, today(), Some(&team))
            .text
            .starts_with("Mia’s team is at 51% of the Q4 2026 quota"));
    }
}
