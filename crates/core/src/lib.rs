//! rollcall-core: the domain.

pub mod attendance;
