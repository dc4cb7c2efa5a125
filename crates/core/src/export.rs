//! What every CSV export shares (the people directory now, attendance later).

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection").
/// Tab and CR are on OWASP's list because some spreadsheets skip them and then see the
/// formula character behind them.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Makes a cell safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`,
/// tab or CR gets a leading `'`, which spreadsheets show as text instead of evaluating it.
///
/// Every export calls this on every text cell, so an admin who opens an export in Excel
/// never runs a formula that someone typed into a name.
///
/// A cell that is already apostrophes followed by a formula character (`'=x`) gets one more,
/// so that [`strip_neutralization`] gives back exactly what was exported.
pub fn neutralize_formula(cell: &str) -> Cow<'_, str> {
    if starts_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// The inverse of [`neutralize_formula`] for a cell read back from one of our exports:
/// `'=SUM(A1)` becomes `=SUM(A1)`. Only an apostrophe followed by a formula character is
/// removed (one, when there are several), so a name such as `'Ohana` is kept as typed.
///
/// Imports use it so that export → edit in a spreadsheet → import does not turn every
/// neutralised name into a change.
pub fn strip_neutralization(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

/// Whether the cell, after any apostrophes, starts with a formula character.
fn starts_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_TRIGGERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_starting_with_a_formula_character_get_an_apostrophe() {
        for cell in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralize_formula(cell), format!("'{cell}"));
        }
    }

    #[test]
    fn other_cells_are_borrowed_unchanged() {
        for cell in ["", "Ann", " =1", "a=b", "'Ohana", "'"] {
            assert!(matches!(neutralize_formula(cell), Cow::Borrowed(c) if c == cell));
        }
    }

    #[test]
    fn stripping_undoes_neutralisation_only() {
        assert_eq!(strip_neutralization("'=1"), "=1");
        assert_eq!(strip_neutralization("'Ohana"), "'Ohana");
        assert_eq!(strip_neutralization("Ann"), "Ann");
        assert_eq!(neutralize_formula("'=1"), "''=1");
        for cell in ["=1", "-x", "@y", "+z", "'=1", "''@", "Ann", "'Ohana"] {
            assert_eq!(strip_neutralization(&neutralize_formula(cell)), cell);
        }
    }
}
