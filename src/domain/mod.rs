//! Pure business types: entities, ids, money, dates and validation.
//!
//! Nothing here touches the browser, a clock or a random source: callers pass `now`,
//! `today` and fresh ids in, so every rule is testable natively with `cargo test`.

pub mod activity_forms;
pub mod automation;
pub mod changes;
pub mod deal_log;
pub mod deal_rules;
pub mod entities;
pub mod forms;
pub mod id;
pub mod json_path;
pub mod lead_forms;
pub mod leads;
pub mod money;
pub mod pipeline;
pub mod pipeline_forms;
pub mod planning_forms;
pub mod rates;
pub mod team;
pub mod time;
pub mod undo;
pub mod validation;
pub mod wire;
pub mod workspace;

pub use changes::{Change, Kind, Record};
pub use entities::*;
pub use id::Id;
pub use money::{Currency, Money, MoneyError};
pub use pipeline::{ForecastCategory, Pipeline, Stage, StageKind, StageSpec};
pub use rates::{ExchangeRate, HomeSum, Rate, Rates};
pub use time::{Date, Timestamp};
pub use validation::{FieldError, FieldErrors};
pub use workspace::Workspace;
