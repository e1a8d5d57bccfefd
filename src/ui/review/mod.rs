//! "What changed": the pipeline review since a day (a week ago by default), for a
//! scope. The arithmetic is `analytics::review`.

mod page;

pub use page::ReviewPage;
