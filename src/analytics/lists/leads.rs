//! The leads list: filter by status, owner and source, sort by any column, CSV rows.

use super::{caseless, directed, owner_matches};
use crate::analytics::automation::lead_scoring::LeadScoring;
use crate::domain::{Date, Id, LeadStatus, Workspace};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeadFilter {
    pub status: Option<LeadStatus>,
    pub owner: Option<Id>,
    pub source: Option<String>,
    /// Only leads scoring at least this much.
    pub min_score: Option<u8>,
}

/// The column the list sorts by; keys are the column keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeadSort {
    Name,
    Company,
    /// In the order a lead moves through the statuses.
    Status,
    Owner,
    Source,
    Created,
    Score,
    /// The learned model's probability of converting.
    Learned,
}

impl LeadSort {
    pub const ALL: [LeadSort; 8] = [
        LeadSort::Score,
        LeadSort::Learned,
        LeadSort::Name,
        LeadSort::Company,
        LeadSort::Status,
        LeadSort::Owner,
        LeadSort::Source,
        LeadSort::Created,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LeadSort::Name => "name",
            LeadSort::Company => "company",
            LeadSort::Status => "status",
            LeadSort::Owner => "owner",
            LeadSort::Source => "source",
            LeadSort::Created => "created",
            LeadSort::Score => "score",
            LeadSort::Learned => "learned",
        }
    }

    /// Unknown keys sort by creation date.
    pub fn from_key(k: &str) -> LeadSort {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == k)
            .unwrap_or(LeadSort::Created)
    }
}

/// One row of the leads list, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct LeadRow {
    pub id: Id,
    pub name: String,
    pub company: String,
    pub email: String,
    pub source: String,
    pub status: LeadStatus,
    /// Empty when unassigned.
    pub owner: String,
    pub created: Date,
    /// The points model's score, and the points behind it.
    pub score: u8,
    pub score_why: String,
    pub title: String,
    pub company_size: Option<u32>,
    /// The learned model's chance of converting (percent) and the factors behind
    /// it; `None` while the model has too few leads to learn from.
    pub learned: Option<u8>,
    pub learned_why: String,
}

impl LeadRow {
    pub const CSV_HEADERS: [&'static str; 12] = [
        "Name",
        "Company",
        "E-mail",
        "Job title",
        "Employees",
        "Source",
        "Status",
        "Owner",
        "Created",
        "Score",
        "Score reasons",
        "Learned chance (%)",
    ];

    pub fn csv_cells(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            self.company.clone(),
            self.email.clone(),
            self.title.clone(),
            self.company_size.map(|n| n.to_string()).unwrap_or_default(),
            self.source.clone(),
            self.status.label().to_string(),
            self.owner.clone(),
            self.created.format("%Y-%m-%d").to_string(),
            self.score.to_string(),
            self.score_why.clone(),
            self.learned.map(|p| p.to_string()).unwrap_or_default(),
        ]
    }
}

/// The leads that pass `filter`, sorted by `sort`.
pub fn lead_rows(
    ws: &Workspace,
    scoring: &LeadScoring,
    filter: &LeadFilter,
    sort: LeadSort,
    ascending: bool,
) -> Vec<LeadRow> {
    use crate::analytics::automation::lead_scoring::{learned_why, Learned};
    let facts = &scoring.facts;
    let model = &ws.settings.scoring;
    let learned = match &scoring.learned {
        Learned::Ready(m) => Some(m),
        Learned::TooFew(..) => None,
    };
    let mut rows: Vec<LeadRow> = ws
        .leads
        .values()
        .filter(|l| filter.status.is_none_or(|s| l.status == s))
        .filter(|l| owner_matches(filter.owner.as_ref(), l.owner_id.as_ref()))
        .filter(|l| {
            filter
                .source
                .as_deref()
                .is_none_or(|s| l.source.as_deref() == Some(s))
        })
        .map(|l| {
            let s = facts.get(&l.id).map(|f| model.score(f));
            (l, s)
        })
        .filter(|(_, s)| {
            filter
                .min_score
                .is_none_or(|m| s.as_ref().is_some_and(|s| s.value >= m))
        })
        .map(|(l, s)| LeadRow {
            id: l.id.clone(),
            name: l.name.clone(),
            company: l.company.clone().unwrap_or_default(),
            email: l.email.clone().unwrap_or_default(),
            source: l.source.clone().unwrap_or_default(),
            status: l.status,
            owner: ws.rep_name(l.owner_id.as_ref()).unwrap_or("").to_string(),
            created: crate::domain::time::local_day(l.created_at),
            score: s.as_ref().map_or(0, |s| s.value),
            score_why: s.map(|s| s.explain()).unwrap_or_default(),
            title: l.title.clone().unwrap_or_default(),
            company_size: l.company_size,
            learned: None,
            learned_why: String::new(),
        })
        .map(|mut r| {
            if let (Some(m), Some(f)) = (&learned, facts.get(&r.id)) {
                let (p, pulls) = m.predict(f);
                r.learned = Some((p * 100.0).round() as u8);
                r.learned_why = learned_why(&pulls);
            }
            r
        })
        .collect();
    sort_leads(&mut rows, sort, ascending);
    rows
}

pub fn sort_leads(rows: &mut [LeadRow], sort: LeadSort, ascending: bool) {
    rows.sort_by(|a, b| {
        let o = match sort {
            LeadSort::Name => caseless(&a.name, &b.name),
            LeadSort::Company => caseless(&a.company, &b.company),
            LeadSort::Status => (a.status as u8).cmp(&(b.status as u8)),
            LeadSort::Owner => a.owner.cmp(&b.owner),
            LeadSort::Source => a.source.cmp(&b.source),
            LeadSort::Created => a.created.cmp(&b.created),
            LeadSort::Score => a.score.cmp(&b.score).then(caseless(&a.name, &b.name)),
            LeadSort::Learned => a.learned.cmp(&b.learned).then(caseless(&a.name, &b.name)),
        };
        directed(o, ascending)
    });
}

/// "1,200 employees".
pub fn employees_label(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("{out} {}", if n == 1 { "employee" } else { "employees" })
}

/// Every lead source in the workspace, once each, sorted (the source filter's choices).
pub fn lead_sources(ws: &Workspace) -> Vec<String> {
    let mut s: Vec<String> = ws.leads.values().filter_map(|l| l.source.clone()).collect();
    s.sort();
    s.dedup();
    s
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::*;
    use super::*;

    fn three() -> (Workspace, Id) {
        let (mut ws, mut ids) = seeded();
        let ana = ids.next_id();
        ws.put(rep(ana.clone(), "Ana").into());
        for (i, (name, company, status, source, owner)) in [
            (
                "bea",
                "Globex",
                LeadStatus::Qualified,
                Some("Webinar"),
                Some(ana.clone()),
            ),
            ("Carl", "acme", LeadStatus::New, None, None),
            (
                "Ada",
                "Initech",
                LeadStatus::Working,
                Some("Referral"),
                None,
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let mut l = lead(ids.next_id(), name);
            l.company = Some(company.into());
            l.status = status;
            l.source = source.map(str::to_string);
            l.owner_id = owner;
            l.created_at = now() - chrono::Duration::days(i as i64);
            ws.put(l.into());
        }
        (ws, ana)
    }

    /// The list as it reads now, scored from scratch.
    pub(super) fn rows_now(
        ws: &Workspace,
        f: &LeadFilter,
        sort: LeadSort,
        asc: bool,
    ) -> Vec<LeadRow> {
        lead_rows(ws, &LeadScoring::built(ws, now()), f, sort, asc)
    }

    fn names(rows: &[LeadRow]) -> String {
        rows.iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    #[test]
    fn filters_by_status_owner_and_source() {
        let (ws, ana) = three();
        let rows = |f: LeadFilter| names(&rows_now(&ws, &f, LeadSort::Name, true));
        assert_eq!(rows(LeadFilter::default()), "Ada,bea,Carl");
        let qualified = LeadFilter {
            status: Some(LeadStatus::Qualified),
            ..Default::default()
        };
        assert_eq!(rows(qualified), "bea");
        let mine = LeadFilter {
            owner: Some(ana),
            ..Default::default()
        };
        assert_eq!(rows(mine), "bea");
        let referral = LeadFilter {
            source: Some("Referral".into()),
            ..Default::default()
        };
        assert_eq!(rows(referral), "Ada");
        assert_eq!(lead_sources(&ws), ["Referral", "Webinar"]);
    }

    #[test]
    fn sorts_by_each_column() {
        let (ws, _) = three();
        let sorted = |s, asc| names(&rows_now(&ws, &LeadFilter::default(), s, asc));
        assert_eq!(sorted(LeadSort::Company, true), "Carl,bea,Ada");
        assert_eq!(sorted(LeadSort::Status, true), "Carl,Ada,bea");
        // Newest first, the list's default.
        assert_eq!(sorted(LeadSort::Created, false), "bea,Carl,Ada");
        assert_eq!(sorted(LeadSort::Source, true), "Carl,Ada,bea");
        assert_eq!(LeadSort::from_key("?"), LeadSort::Created);
    }

    #[test]
    fn employee_counts_read_with_separators() {
        assert_eq!(employees_label(1), "1 employee");
        assert_eq!(employees_label(950), "950 employees");
        assert_eq!(employees_label(1200), "1,200 employees");
        assert_eq!(employees_label(1_234_567), "1,234,567 employees");
    }

    #[test]
    fn csv_rows() {
        let (ws, _) = three();
        let rows = rows_now(&ws, &LeadFilter::default(), LeadSort::Name, true);
        assert_eq!(
            rows[1].csv_cells(),
            [
                "bea",
                "Globex",
                "",
                "",
                "",
                "Webinar",
                "Qualified",
                "Ana",
                "2026-11-22",
                "15",
                "Source Webinar +15",
                ""
            ]
        );
        assert_eq!(LeadRow::CSV_HEADERS.len(), rows[1].csv_cells().len());
    }
}

#[cfg(test)]
mod score_tests {
    use super::super::fixtures::*;
    use super::tests::rows_now;
    use super::*;

    #[test]
    fn sorts_and_filters_by_score_with_its_reasons() {
        let (mut ws, mut ids) = seeded();
        for (name, source, email) in [
            ("Ref", "Referral", "a@corp.com"),
            ("Web", "Website", "b@gmail.com"),
            ("None", "Other", "c@corp.com"),
        ] {
            let mut l = lead(ids.next_id(), name);
            l.source = Some(source.into());
            l.email = Some(email.into());
            ws.put(l.into());
        }
        let rows = rows_now(&ws, &LeadFilter::default(), LeadSort::Score, false);
        let got: Vec<(&str, u8)> = rows.iter().map(|r| (r.name.as_str(), r.score)).collect();
        // Referral 25 + company e-mail 10; company e-mail 10; Website 10 − free mail 5.
        assert_eq!(got, [("Ref", 35), ("None", 10), ("Web", 5)]);
        assert_eq!(
            rows[0].score_why,
            "Source Referral +25 · Company e-mail +10"
        );
        let hot = LeadFilter {
            min_score: Some(10),
            ..Default::default()
        };
        let names: Vec<String> = rows_now(&ws, &hot, LeadSort::Score, false)
            .into_iter()
            .map(|r| r.name)
            .collect();
        assert_eq!(names, ["Ref", "None"]);
    }
}
