//! The pipeline board: its page, columns and cards, and the move dialog.

mod board;
mod column;
mod moves;

pub use board::PipelinePage;
