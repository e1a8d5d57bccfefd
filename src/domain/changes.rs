//! Record kinds, a record of any kind, and the changes one user action makes.
//!
//! The list of kinds is written once, in `record_kinds!`, and generates the `Kind` and
//! `Record` enums and the workspace's tables, so a new kind cannot be half-added.

use super::automation::AutomationEntry;
use super::entities::*;
use super::rates::ExchangeRate;
use super::{Id, Pipeline, Settings, Timestamp};
use std::collections::HashMap;

macro_rules! record_kinds {
    ($( $variant:ident : $ty:ty => $store:literal, $field:ident, $label:literal; )*) => {
        /// A kind of record; each has its own IndexedDB object store and snapshot array.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Kind { $($variant),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The object store and snapshot key, e.g. `deals`.
            pub fn store_name(self) -> &'static str {
                match self { $(Kind::$variant => $store),* }
            }

            /// Singular, for messages: "deal".
            pub fn label(self) -> &'static str {
                match self { $(Kind::$variant => $label),* }
            }

            pub fn from_store_name(name: &str) -> Option<Kind> {
                match name { $($store => Some(Kind::$variant),)* _ => None }
            }
        }

        /// A record of any kind.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Record { $($variant($ty)),* }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self { $(Record::$variant(_) => Kind::$variant),* }
            }

            pub fn id(&self) -> &Id {
                match self { $(Record::$variant(r) => &r.id),* }
            }

            pub fn updated_at(&self) -> Timestamp {
                match self { $(Record::$variant(r) => r.updated_at),* }
            }

            /// Reads one record from its JSON text; an error names the field that failed
            /// ("amount") and says why.
            pub fn from_str_with_path(kind: Kind, text: &str) -> Result<Record, (String, String)> {
                use super::json_path::from_json_with_path as de;
                Ok(match kind { $(Kind::$variant => Record::$variant(de(text)?)),* })
            }

            /// Appends the record's JSON text to `out`.
            pub fn write_json(&self, out: &mut Vec<u8>) {
                match self { $(Record::$variant(r) => serde_json::to_writer(out, r).expect("records serialise")),* }
            }
        }

        $(
            impl From<$ty> for Record {
                fn from(r: $ty) -> Record { Record::$variant(r) }
            }

            /// The record inside, when it is of this kind.
            impl<'a> TryFrom<&'a Record> for &'a $ty {
                type Error = Kind;
                fn try_from(r: &'a Record) -> Result<&'a $ty, Kind> {
                    match r { Record::$variant(x) => Ok(x), other => Err(other.kind()) }
                }
            }
        )*

        /// Everything in one workspace, kept in memory; IndexedDB is written through.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Workspace {
            pub settings: Settings,
            $(pub $field: Table<$ty>,)*
        }

        impl Workspace {
            /// Adds or replaces a record.
            pub fn put(&mut self, record: Record) {
                match record { $(Record::$variant(r) => { self.$field.insert(r); }),* }
            }

            /// Removes a record; returns whether it was there.
            pub fn remove(&mut self, kind: Kind, id: &Id) -> bool {
                match kind { $(Kind::$variant => self.$field.remove(id).is_some()),* }
            }

            /// A copy of one record.
            pub fn record(&self, kind: Kind, id: &Id) -> Option<Record> {
                match kind { $(Kind::$variant => self.$field.get(id).cloned().map(Record::$variant)),* }
            }

            /// Copies of every record of `kind`.
            pub fn records(&self, kind: Kind) -> Vec<Record> {
                match kind { $(Kind::$variant => self.$field.values().cloned().map(Record::$variant).collect()),* }
            }

            pub fn contains(&self, kind: Kind, id: &Id) -> bool {
                match kind { $(Kind::$variant => self.$field.contains(id)),* }
            }

            pub fn count(&self, kind: Kind) -> usize {
                match kind { $(Kind::$variant => self.$field.len()),* }
            }

            /// Every table's stamp: equal stamps mean no record changed in between.
            pub fn stamps(&self) -> Vec<Stamp> {
                vec![$(self.$field.stamp()),*]
            }

            /// Adds every record of a JSON array of `kind` (as read from storage).
            pub fn extend_from_json(&mut self, kind: Kind, json: &[u8]) -> Result<usize, serde_json::Error> {
                match kind {
                    $(Kind::$variant => {
                        let rows: Vec<$ty> = serde_json::from_slice(json)?;
                        let n = rows.len();
                        self.$field.extend(rows);
                        Ok(n)
                    }),*
                }
            }

            /// Makes room for `n` records of `kind` (see `Table::reserve_total`).
            pub fn reserve(&mut self, kind: Kind, n: usize) {
                match kind { $(Kind::$variant => self.$field.reserve_total(n)),* }
            }

            /// The ids of every record of `kind`, sorted (so exports are deterministic).
            pub fn sorted_ids(&self, kind: Kind) -> Vec<Id> {
                let mut ids: Vec<Id> = match kind { $(Kind::$variant => self.$field.rows.keys().cloned().collect()),* };
                ids.sort_unstable();
                ids
            }

            /// Appends one record's JSON text to `out`; false if there is no such record.
            pub fn write_record_json(&self, kind: Kind, id: &Id, out: &mut Vec<u8>) -> bool {
                match kind {
                    $(Kind::$variant => match self.$field.get(id) {
                        Some(r) => { serde_json::to_writer(out, r).expect("records serialise"); true }
                        None => false,
                    }),*
                }
            }

            /// Every record of `kind`, as JSON values (the tests' reference snapshot).
            #[cfg(test)]
            #[cfg(test)]
            pub fn records_json(&self, kind: Kind) -> Vec<serde_json::Value> {
                match kind {
                    $(Kind::$variant => self.$field.values().map(|r| serde_json::to_value(r).expect("records serialise")).collect()),*
                }
            }
        }
    };
}

record_kinds! {
    Pipeline: Pipeline => "pipelines", pipelines, "pipeline";
    Rep: Rep => "reps", reps, "rep";
    Territory: Territory => "territories", territories, "territory";
    Account: Account => "accounts", accounts, "account";
    Contact: Contact => "contacts", contacts, "contact";
    Lead: Lead => "leads", leads, "lead";
    Deal: Deal => "deals", deals, "deal";
    Activity: Activity => "activities", activities, "activity";
    Quota: Quota => "quotas", quotas, "quota";
    ForecastSnapshot: ForecastSnapshot => "forecast_snapshots", forecast_snapshots, "forecast snapshot";
    CoachingNote: CoachingNote => "coaching_notes", coaching_notes, "coaching note";
    Spend: Spend => "spend", spend, "spend entry";
    ExchangeRate: ExchangeRate => "exchange_rates", exchange_rates, "exchange rate";
    Goal: Goal => "goals", goals, "goal";
    ForecastCall: ForecastCall => "forecast_calls", forecast_calls, "forecast call";
    AutomationEntry: AutomationEntry => "automation_log", automation_log, "automation log entry";
}

impl Kind {
    /// The plural heading of a kind of record, from its store name: "Deals",
    /// "Forecast snapshots".
    pub fn plural_title(self) -> String {
        let s = self.store_name().replace('_', " ");
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }
}

impl Record {
    /// A name people recognise: the record's name or subject.
    pub fn label(&self) -> String {
        match self {
            Record::Pipeline(x) => x.name.clone(),
            Record::Rep(x) => x.name.clone(),
            Record::Territory(x) => x.name.clone(),
            Record::Account(x) => x.name.clone(),
            Record::Contact(x) => x.name.clone(),
            Record::Lead(x) => x.name.clone(),
            Record::Deal(x) => x.name.clone(),
            Record::Activity(x) => x.subject.clone(),
            Record::Quota(x) => format!("Quota from {}", x.period_start),
            Record::ForecastSnapshot(x) => format!("{} forecast of {}", x.method, x.taken_on),
            Record::CoachingNote(x) => format!("Coaching note of {}", x.date),
            Record::Spend(x) => format!("Spend from {}", x.period_start),
            Record::ExchangeRate(x) => format!("{} rate from {}", x.currency, x.valid_from),
            Record::Goal(x) => format!("Goal from {}", x.from),
            Record::ForecastCall(x) => format!("Forecast call for {}", x.period_start),
            Record::AutomationEntry(x) => format!("{} ({})", x.made_by, x.cause),
        }
    }
}

/// Records with an id, so tables can key them.
pub trait HasId {
    fn id(&self) -> &Id;
}

macro_rules! has_id {
    ($($ty:ty),*) => { $(impl HasId for $ty { fn id(&self) -> &Id { &self.id } })* };
}
has_id!(
    Pipeline,
    Rep,
    Territory,
    Account,
    Contact,
    Lead,
    Deal,
    Activity,
    Quota,
    ForecastSnapshot,
    CoachingNote,
    Spend,
    ExchangeRate,
    Goal,
    ForecastCall,
    AutomationEntry
);

/// The records of one kind, by id.
///
/// Every insert or remove gives the table a new version, unique across all tables (a
/// process-wide counter), and the table remembers which ids its last writes touched. A
/// result derived from a table (the deal index, the search index) keeps the table's
/// `stamp` and is brought up to date record by record (`changed_since`) instead of
/// rebuilt: moving one deal among 50,000 then costs one row, not a pass over all of
/// them. A copy is another table (its own identity): its later writes are not the
/// original's.
#[derive(Debug)]
pub struct Table<T> {
    rows: HashMap<Id, T>,
    version: u64,
    identity: u64,
    /// (version, id) of the most recent writes, oldest first, at most `LOG_LEN`.
    log: std::collections::VecDeque<(u64, Id)>,
    /// The log is complete for every version from this one on.
    log_from: u64,
}

/// See `Table::stamp`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    identity: u64,
    version: u64,
}

/// How many recent writes a table remembers; a cache further behind rebuilds.
const LOG_LEN: usize = 256;

fn next_version() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static VERSION: AtomicU64 = AtomicU64::new(1);
    VERSION.fetch_add(1, Ordering::Relaxed)
}

/// Tables are equal when their rows are; versions only say when they changed.
impl<T: PartialEq> PartialEq for Table<T> {
    fn eq(&self, other: &Self) -> bool {
        self.rows == other.rows
    }
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        let version = next_version();
        Table {
            rows: HashMap::new(),
            version,
            identity: next_version(),
            log: Default::default(),
            log_from: version,
        }
    }
}

/// A copy has the same rows and version but its own identity and an empty log.
impl<T: Clone> Clone for Table<T> {
    fn clone(&self) -> Self {
        Table {
            rows: self.rows.clone(),
            version: self.version,
            identity: next_version(),
            log: Default::default(),
            log_from: self.version,
        }
    }
}

impl<T: HasId> Table<T> {
    pub fn insert(&mut self, row: T) -> Option<T> {
        self.touch(row.id());
        self.rows.insert(row.id().clone(), row)
    }

    /// Inserts many rows as one change (loading a workspace): one new version, and
    /// the log starts afresh instead of recording every row.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = T>) {
        self.rows
            .extend(rows.into_iter().map(|r| (r.id().clone(), r)));
        self.version = next_version();
        self.log.clear();
        self.log_from = self.version;
    }
}

impl<T> Table<T> {
    /// Makes room for `n` rows in all: a load that knows its counts grows the table
    /// once, instead of doubling it (old and new copies side by side, a peak the
    /// wasm memory keeps) as rows arrive.
    pub fn reserve_total(&mut self, n: usize) {
        self.rows.reserve(n.saturating_sub(self.rows.len()));
    }

    /// Where a reader of this table stands: which table, at which version. A cache
    /// keeps the stamp of what it read, and never mistakes a copy, or a workspace
    /// loaded in its place, for the table it was built from.
    pub fn stamp(&self) -> Stamp {
        Stamp {
            identity: self.identity,
            version: self.version,
        }
    }

    /// The ids written (inserted, replaced or removed) since `stamp` was taken from
    /// this table, oldest first and possibly repeated; `None` when the stamp is from
    /// another table, or older than this one remembers, and the caller must rebuild.
    pub fn changed_since(&self, stamp: Stamp) -> Option<impl Iterator<Item = &Id>> {
        (stamp.identity == self.identity
            && stamp.version >= self.log_from
            && stamp.version <= self.version)
            .then(|| {
                self.log
                    .iter()
                    .filter(move |(v, _)| *v > stamp.version)
                    .map(|(_, id)| id)
            })
    }

    fn touch(&mut self, id: &Id) {
        self.version = next_version();
        if self.log.len() == LOG_LEN {
            if let Some((v, _)) = self.log.pop_front() {
                self.log_from = v;
            }
        }
        self.log.push_back((self.version, id.clone()));
    }

    pub fn get(&self, id: &Id) -> Option<&T> {
        self.rows.get(id)
    }

    pub fn contains(&self, id: &Id) -> bool {
        self.rows.contains_key(id)
    }

    pub fn remove(&mut self, id: &Id) -> Option<T> {
        self.touch(id);
        self.rows.remove(id)
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.rows.values()
    }
}

/// One write of a user action. A list of changes is committed in one IndexedDB
/// transaction, then applied to the in-memory workspace.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// Create a record that must not exist yet.
    Insert(Record),
    /// Create or replace a record.
    Put(Record),
    Delete(Kind, Id),
    Settings(Settings),
}

impl Workspace {
    /// Applies committed changes to memory, in order.
    pub fn apply(&mut self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::Insert(r) | Change::Put(r) => self.put(r),
                Change::Delete(kind, id) => {
                    self.remove(kind, &id);
                }
                Change::Settings(s) => self.settings = s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_tells_which_ids_changed_since_a_stamp_while_it_remembers() {
        use crate::domain::workspace::tests::account;
        let (mut ws, mut ids) = crate::domain::workspace::tests::seeded();
        let start = ws.accounts.stamp();
        assert_eq!(ws.accounts.changed_since(start).unwrap().count(), 0);
        let a = ids.next_id();
        let b = ids.next_id();
        ws.put(account(a.clone(), "A").into());
        let mid = ws.accounts.stamp();
        ws.put(account(b.clone(), "B").into());
        ws.remove(Kind::Account, &a);
        let since_start: Vec<&Id> = ws.accounts.changed_since(start).unwrap().collect();
        assert_eq!(since_start, [&a, &b, &a]);
        let since_mid: Vec<&Id> = ws.accounts.changed_since(mid).unwrap().collect();
        assert_eq!(since_mid, [&b, &a]);
        // Another table's stamp is not covered, even at the same version.
        assert!(ws.deals.changed_since(ws.accounts.stamp()).is_none());
        for i in 0..LOG_LEN {
            ws.put(account(ids.next_id(), &format!("{i}")).into());
        }
        assert!(ws.accounts.changed_since(mid).is_none(), "forgotten");
        let recent = ws.accounts.stamp();
        ws.put(account(b.clone(), "B2").into());
        assert_eq!(
            ws.accounts
                .changed_since(recent)
                .unwrap()
                .collect::<Vec<_>>(),
            [&b]
        );
        // A copy starts its own history; a bulk load starts afresh.
        let copy = ws.clone();
        assert_eq!(
            copy.accounts
                .changed_since(copy.accounts.stamp())
                .unwrap()
                .count(),
            0
        );
        assert!(copy.accounts.changed_since(recent).is_none());
        let before_load = ws.accounts.stamp();
        ws.accounts.extend([account(ids.next_id(), "Loaded")]);
        assert!(ws.accounts.changed_since(before_load).is_none());
    }

    #[test]
    fn stamps_change_with_every_write_and_never_repeat() {
        let (mut ws, mut ids) = crate::domain::workspace::tests::seeded();
        let empty = Workspace::default();
        assert_ne!(empty.deals.stamp(), ws.deals.stamp());
        let before = ws.accounts.stamp();
        let deals_before = ws.deals.stamp();
        let id = ids.next_id();
        ws.put(crate::domain::workspace::tests::account(id.clone(), "A").into());
        let after_put = ws.accounts.stamp();
        assert_ne!(after_put, before);
        assert_eq!(ws.deals.stamp(), deals_before, "other tables keep theirs");
        ws.remove(Kind::Account, &id);
        assert_ne!(ws.accounts.stamp(), after_put);
        // A copy is another table; equality looks at rows only.
        let copy = ws.clone();
        assert_ne!(copy.accounts.stamp(), ws.accounts.stamp());
        assert_eq!(copy, ws);
        let mut other = Workspace {
            settings: ws.settings.clone(),
            ..Workspace::default()
        };
        for k in Kind::ALL {
            for r in ws.records(*k) {
                other.put(r);
            }
        }
        assert_eq!(other, ws);
    }

    #[test]
    fn kinds_have_unique_store_names_that_round_trip() {
        let names: std::collections::HashSet<_> =
            Kind::ALL.iter().map(|k| k.store_name()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
        for k in Kind::ALL {
            assert_eq!(Kind::from_store_name(k.store_name()), Some(*k));
        }
        assert_eq!(Kind::from_store_name("meta"), None);
    }
}
