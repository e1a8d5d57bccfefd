//! Guessing which field each column holds from its header, so a Salesforce, HubSpot or
//! Pipedrive export maps itself and the user only checks the result.

use super::fields::{fields, Field, Target};
use std::collections::{HashMap, HashSet};

/// Lower case letters and digits only: "Deal - Expected close date" and
/// "deal_expected_close_date" compare equal, "Probability (%)" becomes "probability".
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A header split into lower-case words at spaces, punctuation and camelCase humps:
/// "closeDate", "close_date", "Close Date" and "CLOSE-DATE" are all `["close", "date"]`;
/// "CurrencyISOCode" is `["currency", "iso", "code"]`. Headers are compared by their
/// words joined (`words(h).concat()`, which equals `normalize(h)`); the words let an
/// object prefix ("Deal - Stage", "Opportunity.Amount") be stripped as a whole word.
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

use Target::{Accounts, Activities, Contacts, DealHistory, Deals, Leads};

/// The files whose records have a created date, an owner… (all but the history).
const RECORDS: &[Target] = &Target::ALL;
const PEOPLE: &[Target] = &[Leads, Contacts];
/// Files whose rows are deals or their changes.
const DEALISH: &[Target] = &[Deals, DealHistory];

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
    "person organization",
    "customer",
    "client",
    "employer",
];
const CONTACT: &[&str] = &[
    "contact",
    "contact name",
    "contact person",
    "primary contact",
    "associated contact",
    "person",
    "person name",
];
/// The id of a deal in the CRM it came from. A deals file's plain "Id" is that too,
/// but not a history file's: there "Id" is the history row's own id (Salesforce's
/// OpportunityHistory.Id) and "OpportunityId" the deal's.
const DEAL_IDS: &[&str] = &[
    "deal id",
    "opportunity id",
    "record id",
    "external id",
    "crm id",
    "object id",
    "hs object id",
    "salesforce id",
    "sfdc id",
    "source id",
];
const DEAL_NAMES: &[&str] = &[
    "deal",
    "deal name",
    "deal title",
    "opportunity",
    "opportunity name",
];

/// Every header the import recognises: which field it names, in which files. One
/// table for every file kind; an entry applies to the files it lists (and only where
/// its field is offered, see `fields`). Words whose meaning depends on the file
/// ("Title" is a contact's job title but a deal's name; "Status" is a lead's status
/// but a deal's open/won/lost) have an entry per file. Compared by `words` joined, so
/// each is written once, in any style. Within one file no header names two fields
/// (tested).
const SYNONYMS: &[(&[Target], Field, &[&str])] = &[
    // Names.
    (
        PEOPLE,
        Field::Name,
        &[
            "name",
            "full name",
            "contact name",
            "lead name",
            "lead title",
            "person name",
            "display name",
        ],
    ),
    (
        &[Accounts],
        Field::Name,
        &[
            "name",
            "account name",
            "company",
            "company name",
            "organization",
            "organisation",
            "organization name",
            "organisation name",
            "customer",
            "customer name",
            "client",
            "client name",
            "business name",
        ],
    ),
    (
        &[Deals],
        Field::Name,
        &[
            "name",
            "deal",
            "deal name",
            "deal title",
            "title",
            "opportunity",
            "opportunity name",
            "opportunity title",
        ],
    ),
    (
        PEOPLE,
        Field::FirstName,
        &["first name", "given name", "person first name", "forename"],
    ),
    (
        PEOPLE,
        Field::LastName,
        &["last name", "surname", "family name", "person last name"],
    ),
    // People's details.
    (
        PEOPLE,
        Field::Email,
        &[
            "email",
            "email address",
            "work email",
            "primary email",
            "person email",
            "person email work",
            "mail",
        ],
    ),
    (
        PEOPLE,
        Field::Phone,
        &[
            "phone",
            "phone number",
            "telephone",
            "tel",
            "mobile",
            "mobile phone",
            "mobile phone number",
            "cell",
            "cell phone",
            "work phone",
            "business phone",
            "person phone",
            "person phone work",
        ],
    ),
    (
        &[Leads],
        Field::CompanySize,
        &[
            "employees",
            "number of employees",
            "no of employees",
            "employee count",
            "company size",
            "headcount",
            "organization size",
            "company employees",
        ],
    ),
    (
        &[Contacts, Leads],
        Field::Title,
        &[
            "title",
            "job title",
            "position",
            "role",
            "job role",
            "person job title",
        ],
    ),
    // Who a record belongs to.
    (&[Leads], Field::Company, COMPANY),
    (&[Contacts], Field::Account, COMPANY),
    (
        &[Deals, Activities],
        Field::Account,
        &[
            "account",
            "account name",
            "company",
            "company name",
            "associated company",
            "organization",
            "organisation",
            "organization name",
            "organisation name",
            "deal organization",
            "customer",
            "customer name",
            "client",
            "client name",
        ],
    ),
    (&[Deals, Activities], Field::Contact, CONTACT),
    (
        RECORDS,
        Field::Owner,
        &[
            "owner",
            "owner name",
            "owner email",
            "assigned to",
            "assignee",
            "assigned user",
            "sales rep",
            "sales representative",
            "rep",
            "rep name",
            "salesperson",
            "sales person",
            "sales agent",
            "agent",
            "seller",
            "account executive",
            "user",
            "hubspot owner",
        ],
    ),
    (
        &[Leads],
        Field::Owner,
        &["lead owner", "contact owner", "person owner"],
    ),
    (
        &[Accounts],
        Field::Owner,
        &["account owner", "company owner", "organization owner"],
    ),
    (&[Deals], Field::Owner, &["deal owner", "opportunity owner"]),
    (
        &[Activities],
        Field::Owner,
        &["activity owner", "task owner", "assigned to user"],
    ),
    // Leads.
    (
        &[Leads],
        Field::Source,
        &[
            "source",
            "lead source",
            "original source",
            "original source type",
            "channel",
            "origin",
        ],
    ),
    (
        &[Leads],
        Field::Status,
        &["status", "lead status", "hs lead status"],
    ),
    (
        &[Leads],
        Field::Score,
        &["score", "lead score", "hubspot score"],
    ),
    // Accounts.
    (
        &[Accounts],
        Field::Domain,
        &[
            "domain",
            "domain name",
            "company domain name",
            "website",
            "web site",
            "web",
            "url",
            "organization website",
        ],
    ),
    (
        &[Accounts],
        Field::Industry,
        &["industry", "organization industry", "sector", "vertical"],
    ),
    (
        &[Accounts],
        Field::Segment,
        &["segment", "customer segment", "market segment"],
    ),
    (
        &[Accounts],
        Field::Territory,
        &["territory", "sales territory", "region"],
    ),
    (
        &[Accounts],
        Field::Status,
        &[
            "status",
            "customer status",
            "type",
            "account type",
            "company type",
            "lifecycle stage",
        ],
    ),
    // Deals and their history.
    (&[Deals], Field::ExternalId, &["id"]),
    (DEALISH, Field::ExternalId, DEAL_IDS),
    (&[Activities], Field::DealName, DEAL_NAMES),
    (
        &[Activities],
        Field::DealName,
        &["related deal", "associated deal"],
    ),
    (&[DealHistory], Field::DealName, DEAL_NAMES),
    (&[DealHistory], Field::DealName, &["name"]),
    (
        DEALISH,
        Field::Amount,
        &[
            "amount",
            "value",
            "deal value",
            "deal amount",
            "opportunity amount",
            "amount in company currency",
            "total",
            "total value",
            "total amount",
            "price",
            "deal size",
            "size",
            "close value",
            "contract value",
            "new amount",
        ],
    ),
    (
        &[DealHistory],
        Field::PrevAmount,
        &[
            "prev amount",
            "previous amount",
            "old amount",
            "prior amount",
            "from amount",
            "amount before",
        ],
    ),
    (
        DEALISH,
        Field::Currency,
        &[
            "currency",
            "deal currency",
            "opportunity currency",
            "amount currency",
            "currency code",
            "currency iso code",
            "value currency",
        ],
    ),
    (
        DEALISH,
        Field::Stage,
        &[
            "stage",
            "deal stage",
            "stage name",
            "opportunity stage",
            "pipeline stage",
            "sales stage",
        ],
    ),
    (&[DealHistory], Field::Stage, &["to stage", "new stage"]),
    (
        &[Deals],
        Field::DealStatus,
        &["status", "deal status", "won lost", "outcome", "result"],
    ),
    (
        DEALISH,
        Field::Probability,
        &[
            "probability",
            "win probability",
            "deal probability",
            "probability percent",
            "likelihood",
            "win chance",
            "chance of winning",
            "confidence",
        ],
    ),
    (
        DEALISH,
        Field::ForecastCategory,
        &["forecast category", "forecast category name", "forecast"],
    ),
    (
        DEALISH,
        Field::ExpectedClose,
        &[
            "close date",
            "close",
            "expected close",
            "expected close date",
            "expected closing date",
            "estimated close date",
            "est close date",
            "target close date",
            "projected close date",
            "forecast close date",
            "closing date",
        ],
    ),
    (&[DealHistory], Field::ExpectedClose, &["new close date"]),
    (
        &[DealHistory],
        Field::PrevCloseDate,
        &[
            "prev close date",
            "previous close date",
            "old close date",
            "prior close date",
            "from close date",
        ],
    ),
    (
        &[Deals],
        Field::ClosedDate,
        &[
            "closed",
            "closed date",
            "closed on",
            "closed at",
            "date closed",
            "actual close date",
            "actual close",
            "deal closed on",
            "close time",
        ],
    ),
    (
        &[Deals],
        Field::WonDate,
        &[
            "won time",
            "won date",
            "won on",
            "date won",
            "closed won date",
        ],
    ),
    (
        &[Deals],
        Field::LostDate,
        &[
            "lost time",
            "lost date",
            "lost on",
            "date lost",
            "closed lost date",
        ],
    ),
    (
        &[Deals],
        Field::LostReason,
        &[
            "lost reason",
            "loss reason",
            "reason lost",
            "reason for loss",
            "closed lost reason",
            "deal lost reason",
        ],
    ),
    (
        &[Deals],
        Field::WonReason,
        &[
            "won reason",
            "win reason",
            "reason won",
            "reason for win",
            "closed won reason",
            "deal won reason",
        ],
    ),
    (
        &[Deals],
        Field::NextStep,
        &["next step", "next steps", "next activity subject"],
    ),
    (
        &[Deals],
        Field::NextStepDue,
        &[
            "next step due",
            "next step date",
            "next step due date",
            "next activity date",
        ],
    ),
    (
        &[Deals],
        Field::Mrr,
        &[
            "mrr",
            "monthly recurring revenue",
            "recurring revenue",
            "monthly value",
        ],
    ),
    // When: a record's creation, a history row's change.
    (
        RECORDS,
        Field::CreatedDate,
        &[
            "created",
            "created date",
            "create date",
            "created on",
            "created at",
            "creation date",
            "date created",
            "date added",
            "added on",
            "add time",
        ],
    ),
    (
        &[Deals],
        Field::CreatedDate,
        &[
            "deal created",
            "deal created on",
            "opportunity created date",
            "opened",
            "opened on",
            "open date",
            "date opened",
            "start date",
            "started",
            "started on",
            "engage date",
            "engaged on",
        ],
    ),
    (
        &[DealHistory],
        Field::ChangedAt,
        &[
            "created date",
            "created",
            "created on",
            "created at",
            "date",
            "changed",
            "changed on",
            "changed at",
            "change date",
            "date changed",
            "edit date",
            "edited",
            "edited on",
            "last modified",
            "last modified date",
            "modified",
            "modified date",
            "modified on",
            "timestamp",
            "event date",
            "history date",
            "stage change date",
            "as of",
            "as of date",
            "snapshot date",
        ],
    ),
    // Activities.
    (
        &[Activities],
        Field::Subject,
        &[
            "subject",
            "title",
            "activity",
            "activity subject",
            "task",
            "task subject",
            "task title",
            "event subject",
        ],
    ),
    (
        &[Activities],
        Field::ActivityType,
        &[
            "type",
            "activity type",
            "task type",
            "event type",
            "engagement type",
            "kind",
            "category",
        ],
    ),
    (
        &[Activities],
        Field::Notes,
        &[
            "notes",
            "note",
            "description",
            "comments",
            "comment",
            "body",
            "details",
            "task notes",
        ],
    ),
    (
        &[Activities],
        Field::Due,
        &[
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
    ),
    (
        &[Activities],
        Field::Done,
        &[
            "done",
            "completed",
            "complete",
            "is completed",
            "status",
            "task status",
            "completion status",
        ],
    ),
];

/// Every normalized header `target` recognises, with the field it names: the synonym
/// table's entries for that file, and each offered field's own label and key.
fn names(target: Target) -> Vec<(String, Field)> {
    let offered = fields(target);
    let mut out = Vec::new();
    for (targets, field, list) in SYNONYMS {
        if targets.contains(&target) && offered.contains(field) {
            out.extend(list.iter().map(|s| (normalize(s), *field)));
        }
    }
    for &f in offered {
        out.push((normalize(f.label()), f));
        out.push((normalize(f.key()), f));
    }
    out
}

/// Object words CRMs put before a field name ("Deal - Lost reason", "Person - Email").
/// Only the words for the target's own records are stripped, so "Account owner" in a
/// deals file does not become the deal's owner. None for a history file, whose
/// "Opportunity: Created Date" is the deal's creation, not the change's date.
fn prefixes(target: Target) -> &'static [&'static str] {
    match target {
        Target::Leads => &["lead", "person", "contact"],
        Target::Accounts => &["account", "organization", "organisation", "company"],
        Target::Contacts => &["contact", "person"],
        Target::Deals => &["deal", "opportunity"],
        Target::Activities => &["activity", "task", "event"],
        Target::DealHistory => &[],
    }
}

/// One guess per column: the field its header names, each field at most once (the
/// first column wins). Exact synonyms first, then headers with an object prefix.
pub fn guess_mapping(target: Target, headers: &[String]) -> Vec<Option<Field>> {
    let known: HashMap<String, Field> = names(target).into_iter().collect();
    let split: Vec<Vec<String>> = headers.iter().map(|h| words(h)).collect();
    let mut out: Vec<Option<Field>> = vec![None; headers.len()];
    let mut used: HashSet<Field> = HashSet::new();
    let mut assign = |out: &mut Vec<Option<Field>>, i: usize, name: &str| match known.get(name) {
        Some(f) if !used.contains(f) => {
            used.insert(*f);
            out[i] = Some(*f);
        }
        _ => {}
    };
    for (i, w) in split.iter().enumerate() {
        assign(&mut out, i, &w.concat());
    }
    for (i, w) in split.iter().enumerate() {
        if out[i].is_some() || w.len() < 2 {
            continue;
        }
        if prefixes(target).contains(&w[0].as_str()) {
            assign(&mut out, i, &w[1..].concat());
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
        for t in Target::FILE_KINDS {
            let mut seen: HashMap<String, Field> = HashMap::new();
            for (n, f) in names(t) {
                if let Some(other) = seen.insert(n.clone(), f) {
                    assert_eq!(other, f, "{t:?}: “{n}” means both {other:?} and {f:?}");
                }
            }
        }
        // Every entry of the table is used by some file.
        for (targets, field, _) in SYNONYMS {
            assert!(
                targets.iter().any(|t| fields(*t).contains(field)),
                "{field:?} is offered by none of {targets:?}"
            );
        }
    }

    #[test]
    fn words_split_every_naming_style() {
        let cases: [(&str, &[&str]); 9] = [
            ("closeDate", &["close", "date"]),
            ("close_date", &["close", "date"]),
            ("Close Date", &["close", "date"]),
            ("CLOSE-DATE", &["close", "date"]),
            ("CurrencyISOCode", &["currency", "iso", "code"]),
            ("Opportunity.Amount", &["opportunity", "amount"]),
            (
                "Deal - Expected close date",
                &["deal", "expected", "close", "date"],
            ),
            ("Probability (%)", &["probability"]),
            ("address2Line", &["address2", "line"]),
        ];
        for (h, want) in cases {
            assert_eq!(words(h), want, "{h}");
            assert_eq!(words(h).concat(), normalize(h), "{h}");
        }
    }

    #[test]
    fn synonyms_in_snake_camel_pascal_and_spaced_styles() {
        // A public CRM export (snake_case).
        let snake = guess(
            Target::Deals,
            &[
                "opportunity_id",
                "sales_agent",
                "product",
                "account",
                "deal_stage",
                "engage_date",
                "close_date",
                "close_value",
            ],
        );
        assert_eq!(
            snake,
            [
                Some(ExternalId),
                Some(Owner),
                None,
                Some(Account),
                Some(Stage),
                Some(CreatedDate),
                Some(ExpectedClose),
                Some(Amount)
            ]
        );
        let camel = guess(
            Target::Deals,
            &[
                "dealName",
                "salesRep",
                "dealValue",
                "closeDate",
                "dateCreated",
                "winProbability",
            ],
        );
        assert_eq!(
            camel,
            [
                Some(Name),
                Some(Owner),
                Some(Amount),
                Some(ExpectedClose),
                Some(CreatedDate),
                Some(Probability)
            ]
        );
        let pascal = guess(
            Target::Deals,
            &[
                "OpportunityId",
                "Name",
                "StageName",
                "Amount",
                "CloseDate",
                "CreatedDate",
                "CurrencyIsoCode",
                "ForecastCategoryName",
                "OpportunityCloseDate",
            ],
        );
        assert_eq!(
            pascal,
            [
                Some(ExternalId),
                Some(Name),
                Some(Stage),
                Some(Amount),
                Some(ExpectedClose),
                Some(CreatedDate),
                Some(Currency),
                Some(ForecastCategory),
                None
            ]
        );
        let spaced = guess(
            Target::Deals,
            &[
                "Deal ID",
                "Deal Amount",
                "Assigned To",
                "Start Date",
                "Expected Close Date",
                "Opportunity.Probability",
            ],
        );
        assert_eq!(
            spaced,
            [
                Some(ExternalId),
                Some(Amount),
                Some(Owner),
                Some(CreatedDate),
                Some(ExpectedClose),
                Some(Probability)
            ]
        );
        for (header, want) in [
            ("rep", Owner),
            ("Salesperson", Owner),
            ("sales rep", Owner),
            ("User", Owner),
            ("value", Amount),
            ("opened", CreatedDate),
            ("Date Created", CreatedDate),
            ("Record ID", ExternalId),
            ("Id", ExternalId),
        ] {
            assert_eq!(guess(Target::Deals, &[header]), [Some(want)], "{header}");
        }
        // Whole words only: "Dealership" is not "Deal" + "ership".
        assert_eq!(guess(Target::Deals, &["Dealership"]), [None]);
        // In an activities file, a start date is when it is due.
        assert_eq!(guess(Target::Activities, &["start_date"]), [Some(Due)]);
    }

    #[test]
    fn salesforce_opportunity_history_export() {
        let m = guess(
            Target::DealHistory,
            &[
                "Id",
                "OpportunityId",
                "CreatedById",
                "CreatedDate",
                "StageName",
                "Amount",
                "ExpectedRevenue",
                "CloseDate",
                "Probability",
                "ForecastCategory",
                "CurrencyIsoCode",
                "PrevAmount",
                "PrevCloseDate",
            ],
        );
        assert_eq!(
            m,
            [
                None,
                Some(ExternalId),
                None,
                Some(ChangedAt),
                Some(Stage),
                Some(Amount),
                None,
                Some(ExpectedClose),
                Some(Probability),
                Some(ForecastCategory),
                Some(Currency),
                Some(PrevAmount),
                Some(PrevCloseDate)
            ]
        );
        let report = guess(
            Target::DealHistory,
            &[
                "Opportunity Name",
                "To Stage",
                "Amount",
                "Close Date",
                "Probability (%)",
                "Edit Date",
                "Forecast Category",
            ],
        );
        assert_eq!(
            report,
            [
                Some(DealName),
                Some(Stage),
                Some(Amount),
                Some(ExpectedClose),
                Some(Probability),
                Some(ChangedAt),
                Some(ForecastCategory)
            ]
        );
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
                // The probability and the id are kept since deals remember where they
                // came from and new stages take their probability from the file.
                Some(Probability),
                Some(NextStep),
                Some(ExternalId)
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
                Some(ExternalId),
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
                Some(ExternalId),
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
