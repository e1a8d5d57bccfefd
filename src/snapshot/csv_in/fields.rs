//! What a file is imported as (the target) and the fields its columns can fill.

use crate::domain::Kind;

/// What one CSV file holds: one kind of record per file, or (`DealHistory`) the change
/// history of deals already imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Leads,
    Accounts,
    Contacts,
    Deals,
    Activities,
    /// One row per change of a deal (Salesforce's Opportunity History): fills the change
    /// log and stage history of the deals it names. Its plan holds `Change::Put`s of
    /// deals carrying their logs: commit it as is (`AppState::commit_as_is`).
    DealHistory,
}

impl Target {
    /// The files that become records (one record per row).
    pub const ALL: [Target; 5] = [
        Target::Leads,
        Target::Accounts,
        Target::Contacts,
        Target::Deals,
        Target::Activities,
    ];

    /// Every kind of file the import reads: `ALL` and the deal history. Offer this list
    /// once the screen commits plans with `commit_as_is` (a history plan committed
    /// through `commit` would have its entries replaced by `log_edits`).
    pub const FILE_KINDS: [Target; 6] = [
        Target::Leads,
        Target::Accounts,
        Target::Contacts,
        Target::Deals,
        Target::Activities,
        Target::DealHistory,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Target::Leads => "Leads",
            Target::Accounts => "Accounts",
            Target::Contacts => "Contacts",
            Target::Deals => "Deals",
            Target::Activities => "Activities",
            Target::DealHistory => "Deal history (one row per change)",
        }
    }

    /// Stable text for a `<select>` value or a URL.
    pub fn key(self) -> &'static str {
        match self {
            Target::Leads => "leads",
            Target::Accounts => "accounts",
            Target::Contacts => "contacts",
            Target::Deals => "deals",
            Target::Activities => "activities",
            Target::DealHistory => "deal_history",
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        Self::FILE_KINDS.into_iter().find(|t| t.key() == key)
    }

    /// The record kind each imported row becomes (or, for a history, changes).
    pub fn kind(self) -> Kind {
        match self {
            Target::Leads => Kind::Lead,
            Target::Accounts => Kind::Account,
            Target::Contacts => Kind::Contact,
            Target::Deals | Target::DealHistory => Kind::Deal,
            Target::Activities => Kind::Activity,
        }
    }
}

macro_rules! fields {
    ($( $variant:ident => $key:literal, $label:literal; )*) => {
        /// Everything a column can be mapped to, for every target (`fields(target)` says
        /// which apply). One enum keeps the mapping a plain `Vec<Option<Field>>`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Field { $($variant),* }

        impl Field {
            pub const ALL: &'static [Field] = &[$(Field::$variant),*];

            /// What the mapping screen shows, and the prefix of row error messages.
            pub fn label(self) -> &'static str {
                match self { $(Field::$variant => $label),* }
            }

            /// Stable text for a `<select>` value.
            pub fn key(self) -> &'static str {
                match self { $(Field::$variant => $key),* }
            }

            pub fn from_key(key: &str) -> Option<Field> {
                match key { $($key => Some(Field::$variant),)* _ => None }
            }
        }
    };
}

fields! {
    Name => "name", "Name";
    FirstName => "first_name", "First name";
    LastName => "last_name", "Last name";
    Company => "company", "Company";
    Account => "account", "Account";
    Contact => "contact", "Contact";
    DealName => "deal", "Deal";
    ExternalId => "external_id", "External id";
    Email => "email", "Email";
    Phone => "phone", "Phone";
    Title => "title", "Job title";
    CompanySize => "company_size", "Employees";
    Source => "source", "Source";
    Status => "status", "Status";
    Score => "score", "Score";
    Owner => "owner", "Owner";
    Domain => "domain", "Domain";
    Industry => "industry", "Industry";
    Segment => "segment", "Segment";
    Territory => "territory", "Territory";
    Amount => "amount", "Amount";
    Currency => "currency", "Currency";
    Stage => "stage", "Stage";
    DealStatus => "deal_status", "Open / won / lost";
    Probability => "probability", "Probability (%)";
    ForecastCategory => "forecast_category", "Forecast category";
    ExpectedClose => "expected_close", "Expected close";
    ClosedDate => "closed_date", "Closed date";
    WonDate => "won_date", "Won date";
    LostDate => "lost_date", "Lost date";
    CreatedDate => "created_date", "Created date";
    LostReason => "lost_reason", "Lost reason";
    WonReason => "won_reason", "Won reason";
    NextStep => "next_step", "Next step";
    NextStepDue => "next_step_due", "Next step due";
    Mrr => "mrr", "MRR";
    Subject => "subject", "Subject";
    ActivityType => "activity_type", "Type";
    Due => "due", "Due";
    Done => "done", "Done";
    Notes => "notes", "Notes";
    ChangedAt => "changed_at", "Date of change";
    PrevAmount => "prev_amount", "Previous amount";
    PrevCloseDate => "prev_close_date", "Previous close date";
}

/// The fields a column can be mapped to when importing `target`, in the order the
/// mapping screen offers them.
pub fn fields(target: Target) -> &'static [Field] {
    use Field::*;
    match target {
        Target::Leads => &[
            Name,
            FirstName,
            LastName,
            Company,
            Email,
            Phone,
            Title,
            CompanySize,
            Source,
            Status,
            Score,
            Owner,
            CreatedDate,
        ],
        Target::Accounts => &[
            Name,
            Domain,
            Industry,
            Segment,
            Territory,
            Status,
            Owner,
            CreatedDate,
        ],
        Target::Contacts => &[
            Name,
            FirstName,
            LastName,
            Account,
            Title,
            Email,
            Phone,
            CreatedDate,
        ],
        Target::Deals => &[
            Name,
            ExternalId,
            Account,
            Contact,
            Amount,
            Currency,
            Stage,
            DealStatus,
            Probability,
            ForecastCategory,
            Owner,
            ExpectedClose,
            ClosedDate,
            WonDate,
            LostDate,
            CreatedDate,
            LostReason,
            WonReason,
            NextStep,
            NextStepDue,
            Mrr,
        ],
        Target::Activities => &[
            Subject,
            ActivityType,
            Notes,
            Due,
            Done,
            Owner,
            DealName,
            Account,
            Contact,
            CreatedDate,
        ],
        Target::DealHistory => &[
            ExternalId,
            DealName,
            ChangedAt,
            Stage,
            Amount,
            PrevAmount,
            Currency,
            ExpectedClose,
            PrevCloseDate,
            Probability,
            ForecastCategory,
        ],
    }
}

/// The fields every row of `target` needs; a row without one is rejected. A name can
/// also come from first and last name columns, a deal's from its account and CRM id,
/// and a history's deal be found by its id (see `missing_required`). A deal's amount is not among them: an open deal may have
/// none yet (only a won deal's row is rejected without one).
pub fn required(target: Target) -> &'static [Field] {
    use Field::*;
    match target {
        Target::Leads => &[Name],
        Target::Accounts => &[Name],
        Target::Contacts => &[Name, Account],
        Target::Deals => &[Name],
        Target::Activities => &[Subject],
        Target::DealHistory => &[DealName, ChangedAt],
    }
}

/// Required fields no column is mapped to, so the mapping screen can say what is
/// missing before the user imports a file of nothing but errors.
pub fn missing_required(target: Target, mapping: &[Option<Field>]) -> Vec<Field> {
    let mapped = |f: Field| mapping.contains(&Some(f));
    required(target)
        .iter()
        .copied()
        .filter(|&f| {
            let by_parts =
                f == Field::Name && (mapped(Field::FirstName) || mapped(Field::LastName));
            let by_id =
                f == Field::DealName && target == Target::DealHistory && mapped(Field::ExternalId);
            // A deal without a name is named after its account and CRM id.
            let deal_by_other = f == Field::Name
                && target == Target::Deals
                && (mapped(Field::ExternalId) || mapped(Field::Account));
            !mapped(f) && !by_parts && !by_id && !deal_by_other
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for t in Target::FILE_KINDS {
            assert_eq!(Target::from_key(t.key()), Some(t));
        }
        for &f in Field::ALL {
            assert_eq!(Field::from_key(f.key()), Some(f));
        }
        assert_eq!(Field::from_key("nope"), None);
        assert_eq!(Target::from_key("nope"), None);
    }

    #[test]
    fn required_fields_are_offered_and_dates_are_mappable() {
        for t in Target::FILE_KINDS {
            for f in required(t) {
                assert!(fields(t).contains(f), "{t:?} requires {f:?}");
            }
        }
        for t in Target::ALL {
            assert!(fields(t).contains(&Field::CreatedDate), "{t:?}");
        }
        assert!(fields(Target::Deals).contains(&Field::ClosedDate));
        assert!(fields(Target::DealHistory).contains(&Field::ChangedAt));
    }

    #[test]
    fn first_or_last_name_satisfies_the_name() {
        let m = [Some(Field::FirstName), Some(Field::LastName), None];
        assert_eq!(missing_required(Target::Contacts, &m), [Field::Account]);
        assert_eq!(
            missing_required(Target::Deals, &[Some(Field::Amount)]),
            [Field::Name]
        );
        assert!(missing_required(Target::Leads, &m).is_empty());
        // A deals file needs no amount column; a history needs a deal and a date.
        assert!(missing_required(Target::Deals, &[Some(Field::Name)]).is_empty());
        assert!(missing_required(Target::Deals, &[Some(Field::ExternalId)]).is_empty());
        assert_eq!(
            missing_required(Target::DealHistory, &[Some(Field::Stage)]),
            [Field::DealName, Field::ChangedAt]
        );
        assert_eq!(
            missing_required(
                Target::DealHistory,
                &[Some(Field::ExternalId), Some(Field::ChangedAt)]
            ),
            []
        );
    }
}
