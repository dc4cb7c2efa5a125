//! `rollcall links MEETING [--authenticated] [--format csv|json] [--output FILE]`.

use std::path::PathBuf;

use clap::Args;
use rollcall_core::invitations::{AUTHENTICATED_LINK_NOTE, LinkFormat};
use rollcall_core::{App, Result};

use crate::output::Output;

#[derive(Debug, Args)]
pub struct LinksArgs {
    pub meeting: String,
    /// Add authenticated links (people whose Zoom user Rollcall created). Made now, never stored.
    #[arg(long)]
    pub authenticated: bool,
    /// csv or json; without it, a table.
    #[arg(long, value_parser = parse_format)]
    pub format: Option<LinkFormat>,
    /// Write to this file instead of the terminal.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

fn parse_format(text: &str) -> std::result::Result<LinkFormat, String> {
    match text {
        "csv" => Ok(LinkFormat::Csv),
        "json" => Ok(LinkFormat::Json),
        _ => Err("use csv or json".into()),
    }
}

pub async fn run(app: &App, out: &Output, args: LinksArgs) -> Result<()> {
    let format = args.format.or(out.is_json().then_some(LinkFormat::Json));
    if let Some(path) = &args.output {
        let format = format.unwrap_or(LinkFormat::Csv);
        let n = app
            .export_links_to(&args.meeting, format, args.authenticated, path)
            .await?;
        out.line(format!("Wrote {n} people's links to {}.", path.display()));
        if args.authenticated {
            out.line(format!("Note: {AUTHENTICATED_LINK_NOTE}"));
        }
        return Ok(());
    }
    if let Some(format) = format {
        let text = app
            .export_links(&args.meeting, format, args.authenticated)
            .await?;
        // The export boundary: the text goes to standard output as asked.
        print!("{}", text.expose());
        return Ok(());
    }
    let links = app.links(&args.meeting).await?;
    let rows: Vec<Vec<String>> = links
        .iter()
        .map(|l| {
            vec![
                l.external_id.clone(),
                l.name.clone(),
                l.email.clone(),
                format!("{:?}", l.status).to_lowercase(),
                l.join_url.clone().unwrap_or_default(),
                l.phone_pin.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.table(
        &["ID", "NAME", "EMAIL", "STATUS", "LINK", "PHONE PIN"],
        &rows,
    );
    if args.authenticated {
        let made = app.authenticated_links(&args.meeting).await?;
        out.line("");
        out.line(format!(
            "Authenticated links ({}):",
            AUTHENTICATED_LINK_NOTE
        ));
        for a in made {
            println!(
                "{}  {}  (valid until {})",
                a.external_id,
                a.url.expose(),
                a.expires_at.format("%Y-%m-%d %H:%M UTC")
            );
        }
    }
    Ok(())
}
