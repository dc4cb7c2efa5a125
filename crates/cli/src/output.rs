//! How the CLI prints: aligned tables for people, JSON for scripts, errors in one line.

use rollcall_core::AppError;
use serde::Serialize;

pub struct Output {
    json: bool,
}

impl Output {
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    pub fn is_json(&self) -> bool {
        self.json
    }

    pub fn json<T: Serialize>(&self, value: &T) {
        match serde_json::to_string_pretty(value) {
            Ok(text) => println!("{text}"),
            Err(e) => eprintln!("error: could not format the output: {e}"),
        }
    }

    /// A table with a header row; columns padded to their widest cell.
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) {
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            cells
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        };
        println!("{}", line(header.to_vec()));
        for row in rows {
            println!("{}", line(row.iter().map(String::as_str).collect()));
        }
    }

    pub fn line(&self, text: impl AsRef<str>) {
        if !self.json {
            println!("{}", text.as_ref());
        }
    }

    /// One line on stderr for people; the full error object on stdout for `--json`.
    pub fn error(&self, err: &AppError) {
        if self.json {
            self.json(&serde_json::json!({ "error": err }));
        } else {
            eprintln!("error: {}", err.message);
            if std::env::var_os("ROLLCALL_VERBOSE").is_some()
                && let Some(detail) = &err.detail
            {
                eprintln!("  detail: {detail}");
            }
        }
    }
}
