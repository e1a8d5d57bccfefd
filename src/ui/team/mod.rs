//! Team: reps (with deactivation and reassignment) and territories.

mod deactivate;
mod reps;
mod territories;

pub use reps::TeamPage;
