//! rollcall-core: the domain.
pub mod directory;
pub mod export;
