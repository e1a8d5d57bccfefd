//! Turning rows into records: the options, the plan, and the lookups shared by every
//! target (`records.rs` has one builder per target, `history.rs` the deal history).
//! Every row is checked on its own: a bad row is reported with its spreadsheet row
//! number and skipped, the others are imported. Reps and accounts the file names are
//! created once, and only for rows that are imported; stages (when the user lets the
//! import create them) for every stage name the file uses.

use super::dates::{guess_date_format, parse_date, DateFormat};
use super::fields::{Field, Target};
use super::guess::guess_mapping;
use super::history::HistorySummary;
use super::read::CsvTable;
use super::stages::{self, NewStages, PipelineUpdate};
use super::values::{guess_owner, guess_values, reps_for_guessing, OwnerChoice, ValueMap};
use crate::domain::validation::looks_like_email;
use crate::domain::{
    Account, Change, Contact, Currency, CustomerStatus, Date, Deal, Id, Money, Pipeline, Record,
    Rep, RepRole, Timestamp, Workspace,
};
use chrono::NaiveTime;
use std::collections::{HashMap, HashSet};

/// Everything the user decided on the import screens.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportOptions {
    pub target: Target,
    /// One entry per column of the file: the field it fills, or `None` to skip it.
    pub mapping: Vec<Option<Field>>,
    pub date_format: DateFormat,
    pub values: ValueMap,
    /// Create an account for a company name no account has (else contacts with an
    /// unknown account are rejected and deals are imported without an account).
    pub create_missing_accounts: bool,
    /// The currency of amounts that name none (the workspace's home currency).
    pub default_currency: Currency,
    /// Stage names no stage has: refused (the default), added to the pipeline, or made
    /// into a pipeline of their own.
    pub new_stages: NewStages,
}

impl ImportOptions {
    /// Nothing mapped yet; the workspace's home currency; missing accounts created.
    pub fn new(target: Target, ws: &Workspace) -> ImportOptions {
        ImportOptions {
            target,
            mapping: Vec::new(),
            date_format: DateFormat::Iso,
            values: ValueMap::default(),
            create_missing_accounts: true,
            default_currency: ws.settings.home_currency.clone(),
            new_stages: NewStages::Refuse,
        }
    }

    /// The screens' starting point: columns guessed from headers, the date format from
    /// the date columns, stages and owners from their values.
    pub fn guess(target: Target, table: &CsvTable, ws: &Workspace) -> ImportOptions {
        let mapping = guess_mapping(target, &table.headers);
        let date_format = guess_date_format(&date_samples(table, &mapping));
        let values = guess_values(table, &mapping, ws);
        ImportOptions {
            mapping,
            date_format,
            values,
            ..ImportOptions::new(target, ws)
        }
    }
}

/// Fields that hold dates, whose values decide the date format.
const DATE_FIELDS: [Field; 9] = [
    Field::CreatedDate,
    Field::ExpectedClose,
    Field::ClosedDate,
    Field::WonDate,
    Field::LostDate,
    Field::NextStepDue,
    Field::Due,
    Field::ChangedAt,
    Field::PrevCloseDate,
];

/// Every non-empty value of the columns mapped to a date field, for `guess_date_format`.
pub fn date_samples<'t>(table: &'t CsvTable, mapping: &[Option<Field>]) -> Vec<&'t str> {
    let columns: Vec<usize> = mapping
        .iter()
        .enumerate()
        .filter(|(_, f)| f.is_some_and(|f| DATE_FIELDS.contains(&f)))
        .map(|(i, _)| i)
        .collect();
    table
        .rows
        .iter()
        .flat_map(|row| columns.iter().filter_map(|&c| row.get(c)))
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Why one row was not imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The row number the user sees in a spreadsheet: the header is row 1.
    pub row: usize,
    /// One message per problem, each starting with the field: "Amount: “abc” is …".
    pub messages: Vec<String>,
}

/// What an import will write, for the user to confirm; nothing is written yet.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    /// One transaction: the pipeline the import creates or extends (`pipelines`), new
    /// reps, new accounts, then one insert per imported row, so every reference points
    /// at something written before it. A history plan holds the pipelines and one
    /// `Change::Put` per deal whose history changes. Deal records carry their own
    /// change logs: commit with `AppState::commit_as_is` (`commit` would re-log the
    /// deals of a history against their stored versions and drop its entries; for the
    /// other files both are the same, their deals being new).
    pub changes: Vec<Change>,
    /// Rows that became records (a history: rows read into some deal's history,
    /// including those of deals that already had it).
    pub imported: usize,
    /// Names of the reps the import creates.
    pub new_reps: Vec<String>,
    /// Names of the accounts the import creates.
    pub new_accounts: Vec<String>,
    /// Rows that were skipped, in file order.
    pub errors: Vec<RowError>,
    /// Pipelines the import creates or adds stages to, with the stages added.
    pub pipelines: Vec<PipelineUpdate>,
    /// What a history file does to the deals it names (`None` for other files).
    pub history: Option<HistorySummary>,
}

/// Converts every row of `table` into changes. Pure: `now` stamps the records and
/// `new_id` supplies ids.
pub fn plan(
    table: &CsvTable,
    options: &ImportOptions,
    ws: &Workspace,
    now: Timestamp,
    new_id: &mut dyn FnMut() -> Id,
) -> ImportPlan {
    let columns = columns_of(&options.mapping);
    if options.target == Target::DealHistory {
        return super::history::plan(table, options, &columns, ws, now, new_id);
    }
    let deal_stages = if options.target == Target::Deals {
        stages::for_deals(
            table,
            &columns,
            &options.values,
            &options.new_stages,
            ws,
            now,
            new_id,
        )
    } else {
        stages::DealStages {
            pipeline: None,
            raw: HashMap::new(),
            change: None,
        }
    };
    let (pipeline_change, pipelines) = match deal_stages.change {
        Some((c, update)) => (Some(c), vec![update]),
        None => (None, Vec::new()),
    };
    let mut ctx = Ctx::new(
        options,
        ws,
        now,
        new_id,
        &columns,
        deal_stages.pipeline.as_ref(),
        &deal_stages.raw,
    );
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (i, cells) in table.rows.iter().enumerate() {
        let row = Row {
            cells,
            columns: &columns,
        };
        match ctx.convert(&row) {
            Ok(record) => rows.push(Change::Insert(record)),
            Err(messages) => errors.push(RowError {
                row: table.row_number(i),
                messages,
            }),
        }
    }
    let imported = rows.len();
    let mut changes: Vec<Change> = pipeline_change.into_iter().collect();
    changes.append(&mut ctx.rep_changes);
    changes.append(&mut ctx.account_changes);
    changes.append(&mut rows);
    ImportPlan {
        changes,
        imported,
        new_reps: ctx.new_rep_names,
        new_accounts: ctx.new_account_names,
        errors,
        pipelines,
        history: None,
    }
}

/// Field → its column (the first one mapped to it).
pub(super) fn columns_of(mapping: &[Option<Field>]) -> HashMap<Field, usize> {
    let mut columns: HashMap<Field, usize> = HashMap::new();
    for (i, f) in mapping.iter().enumerate() {
        if let Some(f) = f {
            columns.entry(*f).or_insert(i);
        }
    }
    columns
}

/// One row's cells, read by field.
pub(super) struct Row<'r> {
    pub(super) cells: &'r [String],
    pub(super) columns: &'r HashMap<Field, usize>,
}

impl<'r> Row<'r> {
    /// The trimmed cell of `field`; empty when no column holds it.
    pub(super) fn get(&self, field: Field) -> &'r str {
        self.columns
            .get(&field)
            .and_then(|&i| self.cells.get(i))
            .map_or("", |c| c.trim())
    }

    pub(super) fn opt(&self, field: Field) -> Option<String> {
        let v = self.get(field);
        (!v.is_empty()).then(|| v.to_string())
    }

    /// The Name cell, else first and last name joined.
    pub(super) fn person_name(&self) -> String {
        let name = self.get(Field::Name);
        if !name.is_empty() {
            return name.to_string();
        }
        [self.get(Field::FirstName), self.get(Field::LastName)]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The messages of one row, each prefixed with its field's label.
#[derive(Default)]
pub(super) struct Errors(pub(super) Vec<String>);

impl Errors {
    pub(super) fn add(&mut self, field: Field, message: impl std::fmt::Display) {
        self.0.push(format!("{}: {message}", field.label()));
    }

    pub(super) fn required(&mut self, field: Field) {
        self.add(field, "required");
    }

    /// `Err` with every message once the row is fully checked, so nothing is created
    /// for a row that will be skipped.
    pub(super) fn check(self) -> Result<(), Vec<String>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

/// A reference that may need a record created once the row is known to be good.
pub(super) enum Pending {
    None,
    Existing(Id),
    New(String),
}

/// How names are compared: any case, any spacing.
pub(super) fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn midnight(date: Date) -> Timestamp {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// The amount in a row's `field`, in `default`; a currency column (`forced`) overrides
/// the currency. `None` when the cell is empty or wrong (wrong is reported in `e`).
pub(super) fn money(
    row: &Row,
    field: Field,
    default: &Currency,
    forced: Option<&Currency>,
    e: &mut Errors,
) -> Option<Money> {
    let raw = row.get(field);
    if raw.is_empty() {
        return None;
    }
    let money = match Money::parse(raw, default) {
        Ok(m) => m,
        Err(err) => {
            e.add(field, err);
            return None;
        }
    };
    if money.minor < 0 {
        e.add(field, format!("“{raw}” is negative"));
        return None;
    }
    match forced {
        Some(c) if *c != money.currency => {
            if c.minor_digits() == money.currency.minor_digits() {
                Some(Money::new(money.minor, c.clone()))
            } else {
                e.add(
                    field,
                    format!(
                        "“{raw}” is in {} but the currency column says {c}",
                        money.currency
                    ),
                );
                None
            }
        }
        _ => Some(money),
    }
}

/// Lookups built once per import, and what the import creates along the way.
pub(super) struct Ctx<'a> {
    pub(super) options: &'a ImportOptions,
    pub(super) ws: &'a Workspace,
    pub(super) now: Timestamp,
    pub(super) new_id: &'a mut dyn FnMut() -> Id,
    /// The pipeline deals go into, as it will be once the import's new stages are in.
    pub(super) pipeline: Option<&'a Pipeline>,
    /// Raw stage value → stage of `pipeline`.
    pub(super) stages: &'a HashMap<String, Id>,
    /// External ids of existing deals and of the rows imported so far.
    pub(super) external_ids: HashSet<String>,
    reps: Vec<&'a Rep>,
    owner_guesses: HashMap<String, Option<Id>>,
    /// Account name key → id: existing accounts and those this import creates.
    pub(super) accounts: HashMap<String, Id>,
    pub(super) territories: HashMap<String, Id>,
    pub(super) deals: HashMap<String, Id>,
    /// Contact name key → (account, contact), oldest first.
    contacts: HashMap<String, Vec<(Id, Id)>>,
    new_reps: HashMap<String, Id>,
    rep_changes: Vec<Change>,
    account_changes: Vec<Change>,
    new_rep_names: Vec<String>,
    new_account_names: Vec<String>,
}

impl<'a> Ctx<'a> {
    fn new(
        options: &'a ImportOptions,
        ws: &'a Workspace,
        now: Timestamp,
        new_id: &'a mut dyn FnMut() -> Id,
        columns: &HashMap<Field, usize>,
        pipeline: Option<&'a Pipeline>,
        stages: &'a HashMap<String, Id>,
    ) -> Ctx<'a> {
        // Oldest first, so the oldest record of a name wins (stable across runs).
        let mut accounts: Vec<&Account> = ws.accounts.values().collect();
        accounts.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
        let mut account_keys = HashMap::with_capacity(accounts.len());
        for a in accounts {
            account_keys
                .entry(key(&a.name))
                .or_insert_with(|| a.id.clone());
        }
        let territories = ws
            .territories
            .values()
            .map(|t| (key(&t.name), t.id.clone()))
            .collect();
        let mut deals = HashMap::new();
        if columns.contains_key(&Field::DealName) {
            let mut all: Vec<&Deal> = ws.deals.values().collect();
            all.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            // The newest deal of a name wins: activities usually concern current deals.
            for d in all {
                deals.insert(key(&d.name), d.id.clone());
            }
        }
        let mut contacts: HashMap<String, Vec<(Id, Id)>> = HashMap::new();
        if columns.contains_key(&Field::Contact) {
            let mut all: Vec<&Contact> = ws.contacts.values().collect();
            all.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            for c in all {
                contacts
                    .entry(key(&c.name))
                    .or_default()
                    .push((c.account_id.clone(), c.id.clone()));
            }
        }
        let external_ids = if columns.contains_key(&Field::ExternalId) {
            ws.deals
                .values()
                .filter_map(|d| d.external_id.clone())
                .collect()
        } else {
            HashSet::new()
        };
        Ctx {
            options,
            ws,
            now,
            new_id,
            pipeline,
            stages,
            external_ids,
            reps: reps_for_guessing(ws),
            owner_guesses: HashMap::new(),
            accounts: account_keys,
            territories,
            deals,
            contacts,
            new_reps: HashMap::new(),
            rep_changes: Vec::new(),
            account_changes: Vec::new(),
            new_rep_names: Vec::new(),
            new_account_names: Vec::new(),
        }
    }

    fn convert(&mut self, row: &Row) -> Result<Record, Vec<String>> {
        match self.options.target {
            Target::Leads => self.lead(row),
            Target::Accounts => self.account(row),
            Target::Contacts => self.contact(row),
            Target::Deals => self.deal(row),
            Target::Activities => self.activity(row),
            // Planned by `history::plan`, never row by row here.
            Target::DealHistory => Err(vec!["a history row is not a record".into()]),
        }
    }

    pub(super) fn date(&self, row: &Row, field: Field, e: &mut Errors) -> Option<Date> {
        let raw = row.get(field);
        if raw.is_empty() {
            return None;
        }
        parse_date(raw, self.options.date_format)
            .map_err(|m| e.add(field, m))
            .ok()
    }

    pub(super) fn created_at(&self, row: &Row, e: &mut Errors) -> Timestamp {
        self.date(row, Field::CreatedDate, e)
            .map_or(self.now, midnight)
    }

    pub(super) fn email(&self, row: &Row, e: &mut Errors) -> Option<String> {
        let email = row.opt(Field::Email)?;
        if looks_like_email(&email) {
            Some(email)
        } else {
            e.add(Field::Email, format!("“{email}” is not an e-mail address"));
            None
        }
    }

    /// An amount in `default`; a Currency column (`forced`) overrides the currency.
    pub(super) fn money(
        &self,
        row: &Row,
        field: Field,
        default: &Currency,
        forced: Option<&Currency>,
        e: &mut Errors,
    ) -> Option<Money> {
        money(row, field, default, forced, e)
    }

    /// Who owns the row, per the value map, else the guessed rep, else nobody.
    pub(super) fn owner(&mut self, row: &Row, e: &mut Errors) -> Pending {
        let raw = row.get(Field::Owner);
        if raw.is_empty() {
            return Pending::None;
        }
        match self.options.values.owners.get(raw) {
            Some(OwnerChoice::Rep(id)) if self.ws.reps.contains(id) => {
                Pending::Existing(id.clone())
            }
            Some(OwnerChoice::Rep(_)) => {
                e.add(
                    Field::Owner,
                    format!("the rep chosen for “{raw}” no longer exists"),
                );
                Pending::None
            }
            Some(OwnerChoice::CreateRep) => Pending::New(raw.to_string()),
            Some(OwnerChoice::Leave) => Pending::None,
            None => {
                let reps = &self.reps;
                let guess = self
                    .owner_guesses
                    .entry(raw.to_string())
                    .or_insert_with(|| guess_owner(raw, reps));
                guess.clone().map_or(Pending::None, Pending::Existing)
            }
        }
    }

    /// The account a name refers to; `New` when it would have to be created.
    pub(super) fn account_ref(&self, raw: &str) -> Option<Pending> {
        if raw.is_empty() {
            return Some(Pending::None);
        }
        match self.accounts.get(&key(raw)) {
            Some(id) => Some(Pending::Existing(id.clone())),
            None if self.options.create_missing_accounts => Some(Pending::New(raw.to_string())),
            None => None,
        }
    }

    pub(super) fn resolve_owner(&mut self, owner: Pending) -> Option<Id> {
        match owner {
            Pending::None => None,
            Pending::Existing(id) => Some(id),
            Pending::New(name) => {
                let k = key(&name);
                if let Some(id) = self.new_reps.get(&k) {
                    return Some(id.clone());
                }
                let id = (self.new_id)();
                let rep = Rep {
                    id: id.clone(),
                    email: looks_like_email(&name).then(|| name.clone()),
                    name: name.clone(),
                    role: RepRole::Rep,
                    manager_id: None,
                    territory_id: None,
                    active: true,
                    created_at: self.now,
                    updated_at: self.now,
                };
                self.rep_changes.push(Change::Insert(Record::Rep(rep)));
                self.new_rep_names.push(name);
                self.new_reps.insert(k, id.clone());
                Some(id)
            }
        }
    }

    pub(super) fn resolve_account(&mut self, account: Pending, owner: Option<&Id>) -> Option<Id> {
        match account {
            Pending::None => None,
            Pending::Existing(id) => Some(id),
            Pending::New(name) => {
                let k = key(&name);
                if let Some(id) = self.accounts.get(&k) {
                    return Some(id.clone());
                }
                let id = (self.new_id)();
                let account = Account {
                    id: id.clone(),
                    name: name.clone(),
                    domain: None,
                    industry: None,
                    segment: None,
                    territory_id: None,
                    owner_id: owner.cloned(),
                    status: CustomerStatus::Prospect,
                    customer_since: None,
                    churned_on: None,
                    created_at: self.now,
                    updated_at: self.now,
                };
                self.account_changes
                    .push(Change::Insert(Record::Account(account)));
                self.new_account_names.push(name);
                self.accounts.insert(k, id.clone());
                Some(id)
            }
        }
    }

    /// A contact by name, preferably one of `account`; none when unknown.
    pub(super) fn contact_id(&self, row: &Row, account: Option<&Id>) -> Option<Id> {
        let found = self.contacts.get(&key(row.get(Field::Contact)))?;
        found
            .iter()
            .find(|(a, _)| Some(a) == account)
            .or(found.first())
            .map(|(_, c)| c.clone())
    }
}
