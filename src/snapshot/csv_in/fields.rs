//! What a file is imported as (the target) and the fields its columns can fill.

use crate::domain::Kind;

/// The kind of record one CSV file becomes: one file, one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Leads,
    Accounts,
    Contacts,
    Deals,
    Activities,
}

impl Target {
    pub const ALL: [Target; 5] = [
        Target::Leads,
        Target::Accounts,
        Target::Contacts,
        Target::Deals,
        Target::Activities,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Target::Leads => "Leads",
            Target::Accounts => "Accounts",
            Target::Contacts => "Contacts",
            Target::Deals => "Deals",
            Target::Activities => "Activities",
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
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        Self::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The record kind each imported row becomes.
    pub fn kind(self) -> Kind {
        match self {
            Target::Leads => Kind::Lead,
            Target::Accounts => Kind::Account,
            Target::Contacts => Kind::Contact,
            Target::Deals => Kind::Deal,
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
    Email => "email", "Email";
    Phone => "phone", "Phone";
    Title => "title", "Job title";
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
    ExpectedClose => "expected_close", "Expected close";
    ClosedDate => "closed_date", "Closed date";
    WonDate => "won_date", "Won date";
    LostDate => "lost_date", "Lost date";
    CreatedDate => "created_date", "Created date";
    LostReason => "lost_reason", "Lost reason";
    NextStep => "next_step", "Next step";
    NextStepDue => "next_step_due", "Next step due";
    Mrr => "mrr", "MRR";
    Subject => "subject", "Subject";
    ActivityType => "activity_type", "Type";
    Due => "due", "Due";
    Done => "done", "Done";
    Notes => "notes", "Notes";
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
            Account,
            Contact,
            Amount,
            Currency,
            Stage,
            DealStatus,
            Owner,
            ExpectedClose,
            ClosedDate,
            WonDate,
            LostDate,
            CreatedDate,
            LostReason,
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
    }
}

/// The fields every row of `target` needs; a row without one is rejected. A name can
/// also come from first and last name columns (see `missing_required`).
pub fn required(target: Target) -> &'static [Field] {
    use Field::*;
    match target {
        Target::Leads => &[Name],
        Target::Accounts => &[Name],
        Target::Contacts => &[Name, Account],
        Target::Deals => &[Name, Amount],
        Target::Activities => &[Subject],
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
            !mapped(f) && !by_parts
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for t in Target::ALL {
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
        for t in Target::ALL {
            for f in required(t) {
                assert!(fields(t).contains(f), "{t:?} requires {f:?}");
            }
            assert!(fields(t).contains(&Field::CreatedDate), "{t:?}");
        }
        assert!(fields(Target::Deals).contains(&Field::ClosedDate));
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
    }
}
