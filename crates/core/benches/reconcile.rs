//! Reconcile a large instance: 20,000 rows, 2,000 invitees, every rule path, masked rows and a
//! review queue with suggestions. Deterministic data (a fixed-seed generator), plain `main`.
//!
//! cargo bench -p rollcall-core --bench reconcile

use std::hint::black_box;
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Duration, TimeZone, Utc};
use rollcall_core::attendance::{
    Alias, AliasKind, AttendanceRow, InstanceSchedule, Invitee, KnownPerson, MatchMethod,
    MatchRule, PersonId, ReconcileInput, RowSource, RuleId, RuleScope, RuleTarget, Thresholds,
    reconcile,
};

const ROWS: usize = 20_000;
const INVITEES: usize = 2_000;
const DIRECTORY: usize = 2_400;
const RULES: usize = 100;
const RUNS: usize = 31;
const MEETING: &str = "84512345678";

/// SplitMix64: small, fixed, good enough to shuffle test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FIRST: [&str; 40] = [
    "Ann", "Bob", "Cara", "Dan", "Eve", "Finn", "Gia", "Hugo", "Ida", "Jon", "Kim", "Liam", "Mia",
    "Nils", "Olga", "Pau", "Quinn", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wes", "Xena", "Yuri",
    "Zoe", "Abel", "Bea", "Cyril", "Dora", "Emil", "Fay", "Gus", "Hana", "Ivo", "Jade", "Kai",
    "Lena", "Milo", "Nora",
];
const LAST: [&str; 70] = [
    "Lee",
    "Marsh",
    "Diaz",
    "Roe",
    "Stone",
    "Berg",
    "Costa",
    "Dahl",
    "Egan",
    "Frey",
    "Gray",
    "Hart",
    "Imai",
    "Jung",
    "Kohl",
    "Lund",
    "Moss",
    "Nash",
    "Ortiz",
    "Park",
    "Quist",
    "Reed",
    "Silva",
    "Trent",
    "Ueda",
    "Vance",
    "Wolfe",
    "Xu",
    "Young",
    "Zeller",
    "Abbot",
    "Baird",
    "Crane",
    "Drake",
    "Ellis",
    "Foley",
    "Grant",
    "Hayes",
    "Irwin",
    "Jones",
    "Keane",
    "Lowe",
    "Mercer",
    "Noble",
    "Oakes",
    "Price",
    "Quinn",
    "Rhodes",
    "Sharp",
    "Tate",
    "Underwood",
    "Voss",
    "Wade",
    "Yates",
    "Zamora",
    "Adler",
    "Brandt",
    "Clay",
    "Dunn",
    "Eaton",
    "Fox",
    "Gale",
    "Hale",
    "Ives",
    "Joyce",
    "Knox",
    "Lyle",
    "Mayo",
    "Neal",
    "Orr",
];

fn t(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap() + Duration::seconds(secs)
}

struct Data {
    people: Vec<KnownPerson>,
    invitees: Vec<Invitee>,
    rules: Vec<MatchRule>,
    rows: Vec<AttendanceRow>,
}

fn name_of(i: usize) -> String {
    format!(
        "{} {}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len() + i * 7) % LAST.len()]
    )
}

fn generate() -> Data {
    let mut rng = Rng(0x05EE_D0A7_7E4D_44CE);
    let people: Vec<KnownPerson> = (0..DIRECTORY)
        .map(|i| KnownPerson {
            person_id: PersonId(i as i64 + 1),
            display_name: name_of(i),
            email: Some(format!("person{i}@org.example")),
            zoom_email: (i % 5 == 0).then(|| format!("p{i}.zoom@org.example")),
            zoom_user_id: (i % 3 == 0).then(|| format!("zu-{i}")),
        })
        .collect();
    let invitees: Vec<Invitee> = (0..INVITEES)
        .map(|i| Invitee {
            person_id: PersonId(i as i64 + 1),
            registration_id: Some(format!("reg-{i}")),
        })
        .collect();
    let rules: Vec<MatchRule> = (0..RULES)
        .map(|i| MatchRule {
            id: RuleId(i as i64 + 1),
            alias: Alias {
                kind: AliasKind::Name,
                value: format!("room {i}"),
            },
            target: if i % 10 == 0 {
                RuleTarget::Guest { label: None }
            } else {
                RuleTarget::Person {
                    person_id: PersonId((i * 13 % DIRECTORY) as i64 + 1),
                }
            },
            scope: if i % 2 == 0 {
                RuleScope::Account
            } else {
                RuleScope::Series {
                    meeting_id: MEETING.to_owned(),
                }
            },
        })
        .collect();

    let masks = ["******", "", "Name unavailable"];
    let rows = (0..ROWS)
        .map(|k| {
            let p = rng.below(DIRECTORY);
            let from = rng.below(4200) as i64 - 600;
            let len = rng.below(3600) as i64;
            let mut row = AttendanceRow {
                row_key: format!("inst-1/{}/{}", k / 300, k % 300),
                registration_id: None,
                zoom_user_id: None,
                name: None,
                email: None,
                joined_at: t(from),
                left_at: t(from + len),
                in_waiting_room: rng.below(20) == 0,
                source: RowSource::Report,
            };
            match rng.below(100) {
                // Registration link, names masked on a third of them (HIPAA-like).
                0..=39 => {
                    let i = p % INVITEES;
                    row.registration_id = Some(format!("reg-{i}"));
                    row.name = Some(if k.is_multiple_of(3) {
                        masks[(k / 3) % 3].to_owned()
                    } else {
                        name_of(i)
                    });
                }
                // Signed in with a Zoom user id.
                40..=54 => {
                    let i = p - p % 3;
                    row.zoom_user_id = Some(format!("zu-{i}"));
                    row.name = Some(name_of(i));
                }
                // A saved rule.
                55..=62 => row.name = Some(format!("Room {}", rng.below(RULES))),
                // Email (own or Zoom email), in odd case.
                63..=72 => {
                    row.email = Some(if p.is_multiple_of(5) {
                        format!("P{p}.Zoom@Org.Example")
                    } else {
                        format!("Person{p}@ORG.example")
                    });
                }
                // Name only.
                73..=84 => row.name = Some(format!("  {}  ", name_of(p % INVITEES).to_uppercase())),
                // Fully masked.
                85..=91 => {
                    row.name = Some(masks[k % 3].to_owned());
                    row.email = Some(masks[(k + 1) % 3].to_owned());
                }
                // Guests: a misspelt name of someone, or an outsider with an email.
                _ => {
                    let g = rng.below(400);
                    if g.is_multiple_of(2) {
                        row.name = Some(format!("{}x", name_of(g * 5)));
                    } else {
                        row.name = Some(format!("Guest {g}"));
                        row.email = Some(format!("guest{g}@partner{}.example", g % 40));
                    }
                }
            }
            row
        })
        .collect();
    Data {
        people,
        invitees,
        rules,
        rows,
    }
}

fn main() {
    let data = generate();
    let input = ReconcileInput {
        meeting_id: MEETING,
        schedule: InstanceSchedule {
            scheduled_start: t(0),
            scheduled_end: t(3600),
            actual_end: Some(t(3700)),
        },
        rows: &data.rows,
        invitees: &data.invitees,
        people: &data.people,
        rules: &data.rules,
        thresholds: Thresholds::default(),
        host: Default::default(),
    };

    let out = reconcile(&input);
    let methods = [
        MatchMethod::RegistrationId,
        MatchMethod::ZoomUserId,
        MatchMethod::Rule,
        MatchMethod::Email,
        MatchMethod::UniqueName,
    ]
    .map(|m| {
        out.records
            .iter()
            .filter(|r| r.match_method == Some(m))
            .count()
    });
    let queued: usize = out.unidentified.iter().map(|u| u.rows.len()).sum();
    let suggested = out
        .unidentified
        .iter()
        .filter(|u| !u.suggestions.is_empty())
        .count();
    println!(
        "attendance: data {} rows, {} invitees, {} people, {} rules -> {} records (strongest method: registration {}, zoom user {}, rule {}, email {}, unique name {}), {} guests, {} review entries ({} rows, {} with suggestions)",
        data.rows.len(),
        data.invitees.len(),
        data.people.len(),
        data.rules.len(),
        out.records.len(),
        methods[0],
        methods[1],
        methods[2],
        methods[3],
        methods[4],
        out.guests.len(),
        out.unidentified.len(),
        queued,
        suggested,
    );

    let mut times: Vec<StdDuration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(reconcile(black_box(&input)));
            start.elapsed()
        })
        .collect();
    times.sort_unstable();
    let ms = |d: StdDuration| d.as_secs_f64() * 1000.0;
    println!(
        "attendance: reconcile {} rows median {:.1} ms over {} runs (min {:.1} ms, max {:.1} ms) (target < 100 ms) — reproduce: cargo bench -p rollcall-core --bench reconcile",
        data.rows.len(),
        ms(times[RUNS / 2]),
        RUNS,
        ms(times[0]),
        ms(times[RUNS - 1]),
    );
}
