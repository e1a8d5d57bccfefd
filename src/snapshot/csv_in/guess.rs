//! Guessing which field each column holds from its header, so a Salesforce, HubSpot or
//! Pipedrive export maps itself and the user only checks the result.

use super::fields::{fields, Field, Target};
use std::collections::HashSet;

/// Lower case letters and digits only: "Deal - Expected close date" and
/// "deal_expected_close_date" compare equal, "Probability (%)" becomes "probability".
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Headers that mean `field` when importing `target`, as the usual CRMs and spreadsheets
/// write them. Lists are per target because "Deal name" is the name of a deal but the
/// deal link of an activity. Within a target no header appears twice (tested).
fn synonyms(target: Target, field: Field) -> &'static [&'static str] {
    use Field::*;
    use Target::*;
    const FIRST: &[&str] = &["first name", "firstname", "given name", "person first name"];
    const LAST: &[&str] = &[
        "last name",
        "lastname",
        "surname",
        "family name",
        "person last name",
    ];
    const EMAIL: &[&str] = &[
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "work email",
        "primary email",
        "person email",
        "person email work",
    ];
    const PHONE: &[&str] = &[
        "phone",
        "phone number",
        "telephone",
        "mobile",
        "mobile phone",
        "mobile phone number",
        "work phone",
        "business phone",
        "person phone",
        "person phone work",
    ];
    const COMPANY: &[&str] = &[
        "company",
        "company name",
        "account",
        "account name",
        "associated company",
        "organization",
        "organisation",
        "organization name",
        "organisation name",
        "organization - name",
        "person organization",
        "customer",
        "client",
    ];
    const OWNER: &[&str] = &[
        "owner",
        "owner name",
        "assigned to",
        "sales rep",
        "rep",
        "salesperson",
        "user",
        "hubspot owner",
    ];
    const CREATED: &[&str] = &[
        "created",
        "created date",
        "create date",
        "created on",
        "created at",
        "creation date",
        "date created",
        "date added",
        "add time",
        "createdate",
    ];
    const CONTACT: &[&str] = &[
        "contact",
        "contact name",
        "contact person",
        "primary contact",
        "associated contact",
        "person",
        "person name",
        "person - name",
    ];
    match (target, field) {
        (Leads | Contacts, Name) => &[
            "name",
            "full name",
            "contact name",
            "lead name",
            "lead title",
            "person name",
            "person - name",
        ],
        (Leads | Contacts, FirstName) => FIRST,
        (Leads | Contacts, LastName) => LAST,
        (Leads | Contacts, Email) => EMAIL,
        (Leads | Contacts, Phone) => PHONE,
        (Leads, Company) | (Contacts, Account) => COMPANY,
        (Leads, Source) => &[
            "source",
            "lead source",
            "original source",
            "original source type",
            "channel",
            "origin",
        ],
        (Leads, Status) => &["status", "lead status", "hs lead status"],
        (Leads, Score) => &["score", "lead score", "hubspot score"],
        (Leads, Owner) => &[
            "owner",
            "owner name",
            "lead owner",
            "contact owner",
            "person owner",
            "assigned to",
            "sales rep",
            "rep",
            "salesperson",
            "user",
            "hubspot owner",
        ],
        (Contacts, Title) => &[
            "title",
            "job title",
            "position",
            "role",
            "job role",
            "person job title",
        ],
        (Accounts, Name) => &[
            "name",
            "account name",
            "company",
            "company name",
            "organization",
            "organisation",
            "organization name",
            "organisation name",
            "organization - name",
            "customer",
            "customer name",
            "client",
        ],
        (Accounts, Domain) => &[
            "domain",
            "domain name",
            "company domain name",
            "website",
            "web site",
            "url",
            "organization website",
        ],
        (Accounts, Industry) => &["industry", "organization industry", "sector", "vertical"],
        (Accounts, Segment) => &["segment", "customer segment", "market segment"],
        (Accounts, Territory) => &["territory", "sales territory", "region"],
        (Accounts, Status) => &[
            "status",
            "customer status",
            "type",
            "account type",
            "company type",
            "lifecycle stage",
        ],
        (Accounts, Owner) => &[
            "owner",
            "owner name",
            "account owner",
            "company owner",
            "organization owner",
            "assigned to",
            "sales rep",
            "rep",
            "salesperson",
            "user",
            "hubspot owner",
        ],
        (Deals, Name) => &[
            "name",
            "deal",
            "deal name",
            "deal title",
            "deal - title",
            "title",
            "opportunity",
            "opportunity name",
        ],
        (Deals, Account) | (Activities, Account) => &[
            "account",
            "account name",
            "company",
            "company name",
            "associated company",
            "organization",
            "organisation",
            "organization name",
            "organisation name",
            "organization - name",
            "deal organization",
            "customer",
            "client",
        ],
        (Deals, Contact) | (Activities, Contact) => CONTACT,
        (Deals, Amount) => &[
            "amount",
            "value",
            "deal value",
            "deal amount",
            "opportunity amount",
            "amount in company currency",
            "total",
            "total value",
            "price",
        ],
        (Deals, Currency) => &[
            "currency",
            "deal currency",
            "opportunity currency",
            "amount currency",
            "currency code",
            "currency iso code",
            "value currency",
        ],
        (Deals, Stage) => &[
            "stage",
            "deal stage",
            "dealstage",
            "stage name",
            "opportunity stage",
            "pipeline stage",
        ],
        (Deals, DealStatus) => &["status", "deal status", "won lost", "outcome"],
        (Deals, Owner) => &[
            "owner",
            "owner name",
            "deal owner",
            "opportunity owner",
            "assigned to",
            "sales rep",
            "rep",
            "salesperson",
            "user",
            "hubspot owner",
        ],
        (Deals, ExpectedClose) => &[
            "close date",
            "expected close",
            "expected close date",
            "expected closing date",
            "estimated close date",
            "target close date",
            "closing date",
            "closedate",
        ],
        (Deals, ClosedDate) => &[
            "closed",
            "closed date",
            "closed on",
            "closed at",
            "date closed",
            "actual close date",
            "deal closed on",
            "close time",
        ],
        (Deals, WonDate) => &[
            "won time",
            "won date",
            "won on",
            "date won",
            "closed won date",
        ],
        (Deals, LostDate) => &[
            "lost time",
            "lost date",
            "lost on",
            "date lost",
            "closed lost date",
        ],
        (Deals, CreatedDate) => &[
            "created",
            "created date",
            "create date",
            "created on",
            "created at",
            "creation date",
            "date created",
            "date added",
            "add time",
            "createdate",
            "deal created",
            "deal created on",
            "opportunity created date",
        ],
        (Deals, LostReason) => &[
            "lost reason",
            "loss reason",
            "reason lost",
            "reason for loss",
            "closed lost reason",
            "deal lost reason",
        ],
        (Deals, NextStep) => &["next step", "next steps", "next activity subject"],
        (Deals, NextStepDue) => &[
            "next step due",
            "next step date",
            "next step due date",
            "next activity date",
        ],
        (Deals, Mrr) => &[
            "mrr",
            "monthly recurring revenue",
            "recurring revenue",
            "monthly value",
        ],
        (Activities, Subject) => &[
            "subject",
            "title",
            "activity",
            "activity subject",
            "task",
            "task subject",
            "task title",
            "event subject",
        ],
        (Activities, ActivityType) => &[
            "type",
            "activity type",
            "task type",
            "event type",
            "engagement type",
            "kind",
            "category",
        ],
        (Activities, Notes) => &[
            "notes",
            "note",
            "description",
            "comments",
            "comment",
            "body",
            "details",
            "task notes",
        ],
        (Activities, Due) => &[
            "due",
            "due date",
            "due date time",
            "date",
            "activity date",
            "start",
            "start date",
            "start time",
            "scheduled",
            "scheduled date",
        ],
        (Activities, Done) => &[
            "done",
            "completed",
            "complete",
            "is completed",
            "status",
            "task status",
            "completion status",
        ],
        (Activities, Owner) => &[
            "owner",
            "owner name",
            "activity owner",
            "task owner",
            "assigned to",
            "assigned to user",
            "sales rep",
            "rep",
            "salesperson",
            "user",
            "hubspot owner",
        ],
        (Activities, DealName) => &[
            "deal",
            "deal name",
            "deal title",
            "deal - title",
            "opportunity",
            "opportunity name",
            "related deal",
            "associated deal",
        ],
        (_, Owner) => OWNER,
        (_, CreatedDate) => CREATED,
        _ => &[],
    }
}

/// Object words CRMs put before a field name ("Deal - Lost reason", "Person - Email").
/// Only the words for the target's own records are stripped, so "Account owner" in a
/// deals file does not become the deal's owner.
fn prefixes(target: Target) -> &'static [&'static str] {
    match target {
        Target::Leads => &["lead", "person", "contact"],
        Target::Accounts => &["account", "organization", "organisation", "company"],
        Target::Contacts => &["contact", "person"],
        Target::Deals => &["deal", "opportunity"],
        Target::Activities => &["activity", "task", "event"],
    }
}

/// One guess per column: the field its header names, each field at most once (the
/// first column wins). Exact synonyms first, then headers with an object prefix.
pub fn guess_mapping(target: Target, headers: &[String]) -> Vec<Option<Field>> {
    let candidates: Vec<(Field, HashSet<String>)> = fields(target)
        .iter()
        .map(|&f| {
            let mut names: HashSet<String> =
                synonyms(target, f).iter().map(|s| normalize(s)).collect();
            names.insert(normalize(f.label()));
            names.insert(normalize(f.key()));
            (f, names)
        })
        .collect();
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut out: Vec<Option<Field>> = vec![None; headers.len()];
    let mut used: HashSet<Field> = HashSet::new();
    let mut assign = |out: &mut Vec<Option<Field>>, i: usize, name: &str| {
        if name.is_empty() {
            return;
        }
        let hit = candidates
            .iter()
            .find(|(f, names)| !used.contains(f) && names.contains(name));
        if let Some((f, _)) = hit {
            used.insert(*f);
            out[i] = Some(*f);
        }
    };
    for (i, name) in normalized.iter().enumerate() {
        assign(&mut out, i, name);
    }
    for (i, name) in normalized.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        for p in prefixes(target) {
            if let Some(rest) = name.strip_prefix(p) {
                assign(&mut out, i, rest);
                if out[i].is_some() {
                    break;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Field::*;

    fn guess(target: Target, headers: &[&str]) -> Vec<Option<Field>> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        guess_mapping(target, &h)
    }

    #[test]
    fn no_header_means_two_fields_within_a_target() {
        for t in Target::ALL {
            let mut seen: std::collections::HashMap<String, Field> = Default::default();
            for &f in fields(t) {
                let mut names: HashSet<String> =
                    synonyms(t, f).iter().map(|s| normalize(s)).collect();
                names.insert(normalize(f.label()));
                names.insert(normalize(f.key()));
                for n in names {
                    if let Some(other) = seen.insert(n.clone(), f) {
                        panic!("{t:?}: “{n}” means both {other:?} and {f:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn salesforce_opportunity_export() {
        let m = guess(
            Target::Deals,
            &[
                "Opportunity Name",
                "Account Name",
                "Amount",
                "Stage",
                "Close Date",
                "Created Date",
                "Opportunity Owner",
                "Lead Source",
                "Probability (%)",
                "Next Step",
                "Opportunity ID",
            ],
        );
        assert_eq!(
            m,
            [
                Some(Name),
                Some(Account),
                Some(Amount),
                Some(Stage),
                Some(ExpectedClose),
                Some(CreatedDate),
                Some(Owner),
                None,
                None,
                Some(NextStep),
                None
            ]
        );
    }

    #[test]
    fn hubspot_deal_and_contact_exports() {
        let m = guess(
            Target::Deals,
            &[
                "Record ID",
                "Deal Name",
                "Deal Stage",
                "Amount",
                "Close Date",
                "Create Date",
                "Deal owner",
                "Associated Company",
                "Pipeline",
            ],
        );
        assert_eq!(
            m,
            [
                None,
                Some(Name),
                Some(Stage),
                Some(Amount),
                Some(ExpectedClose),
                Some(CreatedDate),
                Some(Owner),
                Some(Account),
                None
            ]
        );
        let c = guess(
            Target::Contacts,
            &[
                "First Name",
                "Last Name",
                "Email",
                "Company name",
                "Job Title",
                "Phone Number",
            ],
        );
        assert_eq!(
            c,
            [
                Some(FirstName),
                Some(LastName),
                Some(Email),
                Some(Account),
                Some(Title),
                Some(Phone)
            ]
        );
    }

    #[test]
    fn pipedrive_deal_export() {
        let m = guess(
            Target::Deals,
            &[
                "Deal - ID",
                "Deal - Title",
                "Deal - Value",
                "Deal - Currency",
                "Deal - Stage",
                "Deal - Status",
                "Deal - Owner",
                "Deal - Organization",
                "Deal - Expected close date",
                "Deal - Won time",
                "Deal - Lost time",
                "Deal - Deal created",
                "Deal - Lost reason",
                "Organization - Name",
                "Person - Name",
                "Person - Email",
            ],
        );
        assert_eq!(
            m,
            [
                None,
                Some(Name),
                Some(Amount),
                Some(Currency),
                Some(Stage),
                Some(DealStatus),
                Some(Owner),
                Some(Account),
                Some(ExpectedClose),
                Some(WonDate),
                Some(LostDate),
                Some(CreatedDate),
                Some(LostReason),
                // The deal's organization already took the account.
                None,
                Some(Contact),
                None
            ]
        );
        let p = guess(
            Target::Contacts,
            &[
                "Person - Name",
                "Person - Email",
                "Organization - Name",
                "Person - Phone",
            ],
        );
        assert_eq!(p, [Some(Name), Some(Email), Some(Account), Some(Phone)]);
    }

    #[test]
    fn matching_ignores_case_and_punctuation_and_uses_each_field_once() {
        let m = guess(
            Target::Leads,
            &[
                "FIRST_NAME",
                "last-name",
                "E-Mail",
                "Email",
                "lead source",
                "Lead Status",
            ],
        );
        assert_eq!(
            m,
            [
                Some(FirstName),
                Some(LastName),
                Some(Email),
                None,
                Some(Source),
                Some(Status)
            ]
        );
    }
}
