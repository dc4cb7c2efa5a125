//! Reconciliation (ARCHITECTURE §6): tie every row to a person, merge rejoins, derive statuses.
//!
//! Every row is matched on its own, so the result does not depend on row order; groups are
//! collected in hash maps and emitted sorted by stable keys. One pass over the rows with hash
//! look-ups; suggestions are computed only for unidentified aliases, from a token index.

use std::collections::{HashMap, HashSet};

use super::interval::presence;
use super::model::{
    Alias, AliasKind, AttendanceRecord, AttendanceRow, AttendanceStatus, GuestEntry,
    InstanceAttendance, MatchMethod, MatchRule, PersonId, Presence, ReconcileInput, RuleId,
    RuleScope, RuleTarget, Thresholds, UnidentifiedEntry,
};
use super::normalize::{email_key, name_key, normalize_email, normalize_name, unmasked};
use super::review::SuggestionIndex;

/// How many suggestions an unidentified entry carries at most.
pub const SUGGESTION_LIMIT: usize = 5;

/// Reconcile one instance. Deterministic: the same rows (in any order), invitations, people
/// and rules give the same output.
///
/// Per row, the first rule that holds wins (§6):
/// 1. registration id equals an invitation's → [`MatchMethod::RegistrationId`]. The row says
///    which link was used, so a person who joins through someone else's link counts as the
///    link's owner: the registration is the strongest evidence a row carries and the only key
///    that survives HIPAA masking, while the name and email are whatever the joiner typed. No
///    rule can override it (rules are step 3); the admin sees the owner present and the
///    joiner absent, and follows up.
/// 2. Zoom user id equals a known person's → [`MatchMethod::ZoomUserId`].
/// 3. a saved rule whose alias the row shows (its registration id, Zoom user id, email or
///    normalized name), series rules before account rules, then the stronger alias kind, then
///    the lower rule id → [`MatchMethod::Rule`]; a rule to `Guest` makes the row a known guest.
/// 4. email equals exactly one person's email or Zoom email → [`MatchMethod::Email`] (an
///    email two people share matches neither).
/// 5. normalized name equals exactly one invitee's name → [`MatchMethod::UniqueName`].
/// 6. otherwise unidentified, grouped by the row's best alias, with suggestions.
///
/// Before all of them, a row showing the meeting's host (their Zoom user id, or their unmasked
/// email) is the host's and is left out: not a person, not a guest, not for review.
///
/// Masked values count as absent in every step. Ties inside a step (two invitations with the
/// same registration id, two people with the same Zoom user id) go to the lower person id.
pub fn reconcile(input: &ReconcileInput<'_>) -> InstanceAttendance {
    let index = MatchIndex::new(input);

    let mut by_person: HashMap<PersonId, Vec<TiedRow<'_>>> = HashMap::new();
    let mut by_guest: HashMap<RuleId, (&MatchRule, Vec<&AttendanceRow>)> = HashMap::new();
    let mut by_alias: HashMap<Alias, Vec<&AttendanceRow>> = HashMap::new();

    for row in input.rows {
        match index.tie(row) {
            Tie::Person {
                person_id,
                method,
                rule,
            } => by_person
                .entry(person_id)
                .or_default()
                .push((row, method, rule)),
            Tie::Guest(rule) => by_guest
                .entry(rule.id)
                .or_insert((rule, Vec::new()))
                .1
                .push(row),
            Tie::Unidentified(alias) => by_alias.entry(alias).or_default().push(row),
            Tie::Host => {}
        }
    }

    let mut records: Vec<AttendanceRecord> = Vec::with_capacity(by_person.len() + 16);
    for (person_id, mut rows) in by_person {
        rows.sort_by(|a, b| row_order(a.0, b.0));
        let method = rows.iter().map(|r| r.1).min();
        let rule_id = if method == Some(MatchMethod::Rule) {
            rows.iter().filter_map(|r| r.2).min()
        } else {
            None
        };
        let presence = presence(rows.iter().map(|r| r.0));
        let row_keys = rows.iter().map(|r| r.0.row_key.clone()).collect();
        records.push(record(
            person_id,
            index.invited.contains(&person_id),
            method,
            rule_id,
            presence,
            row_keys,
            input,
        ));
    }
    let seen: HashSet<PersonId> = records.iter().map(|r| r.person_id).collect();
    let mut absent: Vec<PersonId> = index
        .invited
        .iter()
        .copied()
        .filter(|p| !seen.contains(p))
        .collect();
    absent.sort_unstable();
    for person_id in absent {
        records.push(record(
            person_id,
            true,
            None,
            None,
            Presence::default(),
            Vec::new(),
            input,
        ));
    }
    records.sort_unstable_by_key(|r| r.person_id);

    let mut guests: Vec<GuestEntry> = by_guest
        .into_values()
        .map(|(rule, mut rows)| {
            rows.sort_by(|a, b| row_order(a, b));
            GuestEntry {
                rule_id: rule.id,
                alias: rule.alias.clone(),
                label: match &rule.target {
                    RuleTarget::Guest { label } => label.clone(),
                    RuleTarget::Person { .. } => None,
                },
                presence: presence(rows.iter().copied()),
                row_keys: rows.iter().map(|r| r.row_key.clone()).collect(),
            }
        })
        .collect();
    guests.sort_unstable_by_key(|g| g.rule_id);

    let suggestion_index =
        (!by_alias.is_empty()).then(|| SuggestionIndex::new(input.people, input.invitees));
    let mut unidentified: Vec<UnidentifiedEntry> = by_alias
        .into_iter()
        .map(|(alias, mut rows)| {
            rows.sort_by(|a, b| row_order(a, b));
            let name = rows.iter().find_map(|r| unmasked(r.name.as_deref()));
            let email = rows.iter().find_map(|r| unmasked(r.email.as_deref()));
            let suggestions = suggestion_index
                .as_ref()
                .map(|ix| ix.suggest(name, email, SUGGESTION_LIMIT))
                .unwrap_or_default();
            UnidentifiedEntry {
                alias,
                display_name: name.map(str::to_owned),
                presence: presence(rows.iter().copied()),
                rows: rows.into_iter().cloned().collect(),
                suggestions,
            }
        })
        .collect();
    unidentified.sort_unstable_by(|a, b| a.alias.cmp(&b.alias));

    InstanceAttendance {
        records,
        guests,
        unidentified,
    }
}

/// Derive flags and status from a person's presence.
fn record(
    person_id: PersonId,
    invited: bool,
    match_method: Option<MatchMethod>,
    rule_id: Option<RuleId>,
    presence: Presence,
    row_keys: Vec<String>,
    input: &ReconcileInput<'_>,
) -> AttendanceRecord {
    let (attended, late, left_early) = judge(&presence, input);
    let status = if !invited {
        AttendanceStatus::Uninvited
    } else if !attended {
        AttendanceStatus::Absent
    } else if late {
        AttendanceStatus::Late
    } else if left_early {
        AttendanceStatus::LeftEarly
    } else {
        AttendanceStatus::Present
    };
    AttendanceRecord {
        person_id,
        invited,
        attended,
        status,
        late,
        left_early,
        match_method,
        rule_id,
        presence,
        row_keys,
    }
}

/// `(attended, late, left_early)`. Boundaries are inclusive for the person: a first join at
/// exactly start + `late_after` is on time, a last leave at exactly end − `left_early_before_end`
/// is not early. Flags are false without attended time.
fn judge(presence: &Presence, input: &ReconcileInput<'_>) -> (bool, bool, bool) {
    let Thresholds {
        late_after,
        left_early_before_end,
        present_min,
    } = input.thresholds;
    let attended_time = presence.attended();
    if attended_time <= chrono::Duration::zero() {
        return (false, false, false);
    }
    let attended = attended_time >= present_min;
    let late = presence
        .first_join
        .is_some_and(|first| first > input.schedule.scheduled_start + late_after);
    let left_early = presence
        .last_leave
        .is_some_and(|last| last < input.schedule.reference_end() - left_early_before_end);
    (attended, late, left_early)
}

fn row_order(a: &AttendanceRow, b: &AttendanceRow) -> std::cmp::Ordering {
    (a.joined_at, &a.row_key, a.left_at).cmp(&(b.joined_at, &b.row_key, b.left_at))
}

/// A row tied to a person, with how.
type TiedRow<'a> = (&'a AttendanceRow, MatchMethod, Option<RuleId>);

enum Tie<'a> {
    Person {
        person_id: PersonId,
        method: MatchMethod,
        rule: Option<RuleId>,
    },
    Guest(&'a MatchRule),
    Unidentified(Alias),
    /// The meeting's host.
    Host,
}

/// The look-up tables for one instance.
struct MatchIndex<'a> {
    registrations: HashMap<&'a str, PersonId>,
    invited: HashSet<PersonId>,
    zoom_users: HashMap<&'a str, PersonId>,
    /// `None` when two people share the email.
    emails: HashMap<String, Option<PersonId>>,
    /// Invitees' normalized names; `None` when two invitees share the name.
    names: HashMap<String, Option<PersonId>>,
    /// Applicable rules per alias kind, then per normalized alias value, best first.
    rules: [HashMap<String, Vec<&'a MatchRule>>; 5],
    host_user: Option<&'a str>,
    host_email: Option<String>,
}

fn insert_lowest<K: std::hash::Hash + Eq>(map: &mut HashMap<K, PersonId>, key: K, p: PersonId) {
    map.entry(key)
        .and_modify(|existing| *existing = (*existing).min(p))
        .or_insert(p);
}

fn insert_unique<K: std::hash::Hash + Eq>(
    map: &mut HashMap<K, Option<PersonId>>,
    key: K,
    p: PersonId,
) {
    map.entry(key)
        .and_modify(|existing| {
            if *existing != Some(p) {
                *existing = None;
            }
        })
        .or_insert(Some(p));
}

/// Normalize an alias value the way rows are normalized, so rules typed by hand still match.
pub(crate) fn normalize_alias_value(kind: AliasKind, value: &str) -> String {
    match kind {
        AliasKind::Email => normalize_email(value),
        AliasKind::Name => normalize_name(value),
        AliasKind::RegistrationId | AliasKind::ZoomUserId | AliasKind::Row => {
            value.trim().to_owned()
        }
    }
}

fn scope_rank(scope: &RuleScope) -> u8 {
    match scope {
        RuleScope::Series { .. } => 0,
        RuleScope::Account => 1,
    }
}

impl<'a> MatchIndex<'a> {
    fn new(input: &ReconcileInput<'a>) -> Self {
        let mut registrations = HashMap::with_capacity(input.invitees.len());
        let mut invited = HashSet::with_capacity(input.invitees.len());
        for invitee in input.invitees {
            invited.insert(invitee.person_id);
            if let Some(reg) = unmasked(invitee.registration_id.as_deref()) {
                insert_lowest(&mut registrations, reg, invitee.person_id);
            }
        }

        let mut zoom_users = HashMap::with_capacity(input.people.len());
        let mut emails = HashMap::with_capacity(input.people.len() * 2);
        let mut names = HashMap::with_capacity(input.invitees.len());
        for person in input.people {
            if let Some(id) = unmasked(person.zoom_user_id.as_deref()) {
                insert_lowest(&mut zoom_users, id, person.person_id);
            }
            let own = email_key(person.email.as_deref());
            let zoom = email_key(person.zoom_email.as_deref());
            if let Some(e) = &zoom
                && own.as_ref() != Some(e)
            {
                insert_unique(&mut emails, e.clone(), person.person_id);
            }
            if let Some(e) = own {
                insert_unique(&mut emails, e, person.person_id);
            }
            if invited.contains(&person.person_id)
                && let Some(name) = name_key(Some(&person.display_name))
            {
                insert_unique(&mut names, name, person.person_id);
            }
        }

        let mut rules: [HashMap<String, Vec<&'a MatchRule>>; 5] = Default::default();
        for rule in input.rules {
            let applies = match &rule.scope {
                RuleScope::Series { meeting_id } => meeting_id.trim() == input.meeting_id.trim(),
                RuleScope::Account => true,
            };
            if !applies {
                continue;
            }
            let value = normalize_alias_value(rule.alias.kind, &rule.alias.value);
            rules[rule.alias.kind as usize]
                .entry(value)
                .or_default()
                .push(rule);
        }
        for per_kind in &mut rules {
            for list in per_kind.values_mut() {
                list.sort_by_key(|r| (scope_rank(&r.scope), r.id));
            }
        }

        Self {
            registrations,
            invited,
            zoom_users,
            emails,
            names,
            rules,
            host_user: unmasked(input.host.zoom_user_id),
            host_email: email_key(input.host.email),
        }
    }

    fn tie(&self, row: &'a AttendanceRow) -> Tie<'a> {
        if self.is_host(row) {
            return Tie::Host;
        }
        let registration = unmasked(row.registration_id.as_deref());
        if let Some(&person_id) = registration.and_then(|r| self.registrations.get(r)) {
            return person(person_id, MatchMethod::RegistrationId, None);
        }
        let zoom_user = unmasked(row.zoom_user_id.as_deref());
        if let Some(&person_id) = zoom_user.and_then(|z| self.zoom_users.get(z)) {
            return person(person_id, MatchMethod::ZoomUserId, None);
        }
        let email = email_key(row.email.as_deref());
        let name = name_key(row.name.as_deref());
        // The row's aliases, strongest first; the row key comes last so that a rule made for a
        // fully masked row still finds it.
        let keys: [(AliasKind, Option<&str>); 5] = [
            (AliasKind::RegistrationId, registration),
            (AliasKind::ZoomUserId, zoom_user),
            (AliasKind::Email, email.as_deref()),
            (AliasKind::Name, name.as_deref()),
            (AliasKind::Row, Some(row.row_key.trim())),
        ];

        if let Some(rule) = self.best_rule(&keys) {
            return match &rule.target {
                RuleTarget::Person { person_id } => {
                    person(*person_id, MatchMethod::Rule, Some(rule.id))
                }
                RuleTarget::Guest { .. } => Tie::Guest(rule),
            };
        }
        if let Some(Some(person_id)) = email.as_ref().and_then(|e| self.emails.get(e)) {
            return person(*person_id, MatchMethod::Email, None);
        }
        if let Some(Some(person_id)) = name.as_ref().and_then(|n| self.names.get(n)) {
            return person(*person_id, MatchMethod::UniqueName, None);
        }
        let alias = keys
            .iter()
            .find_map(|(kind, value)| {
                value.map(|v| Alias {
                    kind: *kind,
                    value: v.to_owned(),
                })
            })
            .expect("the row key is always an alias");
        Tie::Unidentified(alias)
    }

    fn is_host(&self, row: &AttendanceRow) -> bool {
        let user = unmasked(row.zoom_user_id.as_deref());
        (self.host_user.is_some() && user == self.host_user)
            || (self.host_email.is_some() && email_key(row.email.as_deref()) == self.host_email)
    }

    fn best_rule(&self, keys: &[(AliasKind, Option<&str>)]) -> Option<&'a MatchRule> {
        keys.iter()
            .filter_map(|(kind, value)| {
                let value = (*value)?;
                self.rules[*kind as usize]
                    .get(value)?
                    .first()
                    .map(|r| (*kind, *r))
            })
            .min_by_key(|(kind, r)| (scope_rank(&r.scope), *kind, r.id))
            .map(|(_, r)| r)
    }
}

fn person<'a>(person_id: PersonId, method: MatchMethod, rule: Option<RuleId>) -> Tie<'a> {
    Tie::Person {
        person_id,
        method,
        rule,
    }
}
