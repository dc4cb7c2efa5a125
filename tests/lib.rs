//! Acceptance scenarios live in `tests/acceptance/`; this library is empty on purpose.
