//! What the automation pages show, computed: the log of what playbooks and rules did,
//! lead scores with their reasons, and the next best actions on My day.

pub mod lead_scoring;
pub mod log_view;
pub mod next_actions;
