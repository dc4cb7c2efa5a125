//! rollcall-core: the domain.
