//! Reading single cells whose words differ from CRM to CRM: statuses, yes/no, activity
//! types, scores, web domains. Each reader says why a value was refused.

use super::guess::normalize;
use crate::domain::{ActivityKind, CustomerStatus, ForecastCategory, LeadStatus, StageKind};

fn any(n: &str, words: &[&str]) -> bool {
    words.iter().any(|w| n.contains(w))
}

/// A lead status from any CRM's wording (Salesforce "Open - Not Contacted", HubSpot
/// "ATTEMPTED_TO_CONTACT", "Junk"…). Unknown words leave the lead New: a status is a
/// hint, not worth rejecting a lead over.
pub fn lead_status(raw: &str) -> LeadStatus {
    let n = normalize(raw);
    if any(&n, &["notcontacted"]) {
        LeadStatus::New
    } else if any(
        &n,
        &[
            "disqualified",
            "unqualified",
            "notqualified",
            "junk",
            "spam",
            "badfit",
            "badtiming",
            "notconverted",
            "lost",
            "dead",
            "rejected",
        ],
    ) {
        LeadStatus::Disqualified
    } else if any(&n, &["converted", "customer", "won"]) {
        LeadStatus::Converted
    } else if any(&n, &["qualified", "opendeal", "sql"]) {
        LeadStatus::Qualified
    } else if any(
        &n,
        &[
            "working",
            "contacted",
            "progress",
            "attempt",
            "connected",
            "nurtur",
            "engaged",
        ],
    ) {
        LeadStatus::Working
    } else {
        LeadStatus::New
    }
}

/// An account's customer status ("Customer - Direct", "Former customer", "Prospect").
/// Unknown words mean Prospect.
pub fn customer_status(raw: &str) -> CustomerStatus {
    let n = normalize(raw);
    if any(
        &n,
        &["churn", "former", "cancel", "lost", "inactive", "expired"],
    ) {
        CustomerStatus::Churned
    } else if any(&n, &["customer", "client", "active", "won", "paying"]) {
        CustomerStatus::Customer
    } else {
        CustomerStatus::Prospect
    }
}

/// A deal's open/won/lost status (Pipedrive's "Deal - Status"); `Ok(None)` for open.
pub fn deal_status(raw: &str) -> Result<Option<StageKind>, String> {
    match normalize(raw).as_str() {
        "" | "open" | "active" | "inprogress" | "ongoing" => Ok(None),
        "won" | "closedwon" | "win" | "signed" => Ok(Some(StageKind::Won)),
        "lost" | "closedlost" | "dead" => Ok(Some(StageKind::Lost)),
        _ => Err(format!("“{}” is not open, won or lost", raw.trim())),
    }
}

/// A forecast category in any CRM's wording (Salesforce's API names "BestCase" and
/// "Forecast" for Commit, HubSpot's "Upside"). `Ok(None)` means the stage's own
/// category: an empty cell, or Salesforce's "Closed", which only says the deal is won.
pub fn forecast_category(raw: &str) -> Result<Option<ForecastCategory>, String> {
    match normalize(raw).as_str() {
        "" | "closed" | "closedwon" | "won" | "default" => Ok(None),
        "omitted" | "omit" | "excluded" | "notforecasted" => Ok(Some(ForecastCategory::Omitted)),
        "pipeline" | "open" => Ok(Some(ForecastCategory::Pipeline)),
        "bestcase" | "best" | "upside" | "probable" => Ok(Some(ForecastCategory::BestCase)),
        "commit" | "committed" | "forecast" | "mostlikely" => Ok(Some(ForecastCategory::Commit)),
        _ => Err(format!(
            "“{}” is not a forecast category (Pipeline, Best case, Commit or Omitted)",
            raw.trim()
        )),
    }
}

/// Yes/no as spreadsheets and CRMs write it ("x", "TRUE", "Completed", "To do").
pub fn done(raw: &str) -> Result<bool, String> {
    let t = raw.trim();
    if matches!(t, "✓" | "✔" | "☑") {
        return Ok(true);
    }
    match normalize(t).as_str() {
        "yes" | "y" | "true" | "1" | "x" | "done" | "completed" | "complete" | "closed"
        | "finished" => Ok(true),
        "" | "no" | "n" | "false" | "0" | "notdone" | "todo" | "open" | "pending"
        | "notstarted" | "inprogress" | "waiting" | "deferred" | "planned" | "scheduled" => {
            Ok(false)
        }
        _ => Err(format!("“{t}” is not yes or no")),
    }
}

/// An activity type from its wording ("Outbound call", "Email", "Lunch"); anything
/// unknown is a Task, the most neutral kind.
pub fn activity_kind(raw: &str) -> ActivityKind {
    let n = normalize(raw);
    if any(&n, &["demo", "presentation"]) {
        ActivityKind::Demo
    } else if any(&n, &["call", "phone"]) {
        ActivityKind::Call
    } else if any(&n, &["meet", "lunch", "visit", "event"]) {
        ActivityKind::Meeting
    } else if any(&n, &["mail"]) {
        ActivityKind::Email
    } else if any(&n, &["note"]) {
        ActivityKind::Note
    } else {
        ActivityKind::Task
    }
}

/// A lead score 0–100: "85", "85%", "72.5" (rounded).
pub fn score(raw: &str) -> Result<u8, String> {
    let t = raw.trim();
    let number = t.trim_end_matches('%').trim().replace(',', ".");
    let value: f64 = number
        .parse()
        .map_err(|_| format!("“{t}” is not a number"))?;
    if !(0.0..=100.0).contains(&value) {
        return Err(format!("“{t}” is not between 0 and 100"));
    }
    Ok(value.round() as u8)
}

/// Employees from a CRM's cell: "250", "1,200", or a range as LinkedIn and HubSpot
/// write them ("51-200", "10,000+"), which counts as its lower end.
pub fn employees(raw: &str) -> Result<u32, String> {
    let t = raw.trim();
    let low = t
        .trim_end_matches('+')
        .split(['-', '–'])
        .next()
        .unwrap_or("");
    crate::domain::lead_forms::parse_employees(low)
        .ok_or_else(|| format!("“{t}” is not a number of employees"))
}

/// A web domain from a website cell: "https://www.Acme.com/about" → "acme.com".
pub fn domain(raw: &str) -> Option<String> {
    let t = raw.trim().to_lowercase();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(&t);
    let t = t.strip_prefix("www.").unwrap_or(t);
    let host = t.split(['/', '?', '#']).next().unwrap_or("").trim();
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_statuses_from_several_crms() {
        let cases = [
            ("New", LeadStatus::New),
            ("Open - Not Contacted", LeadStatus::New),
            ("Working - Contacted", LeadStatus::Working),
            ("ATTEMPTED_TO_CONTACT", LeadStatus::Working),
            ("Qualified", LeadStatus::Qualified),
            ("OPEN_DEAL", LeadStatus::Qualified),
            ("Unqualified", LeadStatus::Disqualified),
            ("Junk", LeadStatus::Disqualified),
            ("Closed - Not Converted", LeadStatus::Disqualified),
            ("Closed - Converted", LeadStatus::Converted),
            ("", LeadStatus::New),
            ("whatever", LeadStatus::New),
        ];
        for (raw, want) in cases {
            assert_eq!(lead_status(raw), want, "{raw}");
        }
    }

    #[test]
    fn customer_statuses() {
        assert_eq!(
            customer_status("Customer - Direct"),
            CustomerStatus::Customer
        );
        assert_eq!(customer_status("Former customer"), CustomerStatus::Churned);
        assert_eq!(customer_status("Inactive"), CustomerStatus::Churned);
        assert_eq!(customer_status("Prospect"), CustomerStatus::Prospect);
    }

    #[test]
    fn yes_no_cells() {
        for t in ["yes", "TRUE", "1", "x", "X", "Completed", "done", "✓"] {
            assert_eq!(done(t), Ok(true), "{t}");
        }
        for t in [
            "no",
            "false",
            "0",
            "",
            "To do",
            "Not started",
            "In Progress",
        ] {
            assert_eq!(done(t), Ok(false), "{t}");
        }
        assert_eq!(done("maybe"), Err("“maybe” is not yes or no".into()));
    }

    #[test]
    fn activity_kinds_default_to_task() {
        assert_eq!(activity_kind("Outbound call"), ActivityKind::Call);
        assert_eq!(activity_kind("Meeting"), ActivityKind::Meeting);
        assert_eq!(activity_kind("Product demo"), ActivityKind::Demo);
        assert_eq!(activity_kind("E-mail"), ActivityKind::Email);
        assert_eq!(activity_kind("note"), ActivityKind::Note);
        assert_eq!(activity_kind("Deadline"), ActivityKind::Task);
        assert_eq!(activity_kind(""), ActivityKind::Task);
    }

    #[test]
    fn forecast_categories_from_several_crms() {
        use ForecastCategory::*;
        let cases = [
            ("Pipeline", Some(Pipeline)),
            ("BestCase", Some(BestCase)),
            ("Best Case", Some(BestCase)),
            ("Forecast", Some(Commit)),
            ("Commit", Some(Commit)),
            ("Omitted", Some(Omitted)),
            ("Closed", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(forecast_category(raw), Ok(want), "{raw}");
        }
        assert!(forecast_category("Maybe").is_err());
    }

    #[test]
    fn employee_counts_and_ranges() {
        assert_eq!(employees("250"), Ok(250));
        assert_eq!(employees("1,200"), Ok(1200));
        assert_eq!(employees("51-200"), Ok(51));
        assert_eq!(employees("10,000+"), Ok(10_000));
        assert_eq!(
            employees("many"),
            Err("“many” is not a number of employees".into())
        );
        assert!(employees("-5").is_err());
    }

    #[test]
    fn scores_and_domains() {
        assert_eq!(score("85"), Ok(85));
        assert_eq!(score(" 72.5% "), Ok(73));
        assert_eq!(score("150"), Err("“150” is not between 0 and 100".into()));
        assert_eq!(score("high"), Err("“high” is not a number".into()));
        assert_eq!(
            domain("https://www.Acme.com/about").as_deref(),
            Some("acme.com")
        );
        assert_eq!(domain("acme.io").as_deref(), Some("acme.io"));
        assert_eq!(domain("  "), None);
        assert_eq!(deal_status("Won"), Ok(Some(StageKind::Won)));
        assert_eq!(deal_status("lost"), Ok(Some(StageKind::Lost)));
        assert_eq!(deal_status("open"), Ok(None));
        assert!(deal_status("deleted").is_err());
    }
}
