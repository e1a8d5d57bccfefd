//! Activities: the activity list and My day. (The "Log activity" panel and a record's
//! activity timeline are shared by every record page: `components::activity_log`.)

mod list;
mod my_day;

pub use list::ActivitiesPage;
pub use my_day::MyDayPage;
