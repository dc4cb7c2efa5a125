//! The review queue: suggestions for unidentified rows, and admin decisions as match rules.
//!
//! # Suggestions (never applied automatically)
//! For an unidentified alias with a name `n` (the row's name, or else the local part of its
//! email split at `.`, `_`, `-`, `+` and digits) and an email domain `d`:
//! - **candidates** are the people who share a name token of two or more characters with `n`
//!   (tokens compared with common Latin diacritics folded, so `Jose` finds `José`)
//!   (rarest tokens first, at most [`MAX_CANDIDATES`]) and, when `d` belongs to at most
//!   [`DISTINCTIVE_DOMAIN`] people, the people of `d` (an organization-wide domain says
//!   nothing, so it only adds to the score of candidates found by name);
//! - **name similarity** is the larger of the token overlap (Jaccard: shared tokens / all
//!   tokens) and `1 − edit distance / longer length` of the two normalized names; it counts as
//!   [`SuggestionReason::SimilarName`] from [`SIMILAR_NAME`];
//! - **score** = name similarity (when it counts) + 0.3 for the same email domain + 0.1 for an
//!   invitee of this meeting. A candidate needs a similar name or the same domain.
//!
//! Sorted by score (highest first), then person id; at most `limit`.
//!
//! # Decisions
//! An admin's choice for an alias becomes a [`MatchRule`] for the series or the whole account
//! ([`rule_for_decision`], stored with [`save_rule`]); undo is removing the rule ([`undo`]).
//! Reconciliation reads rules afresh each run, so re-running applies or forgets them.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::model::{
    Alias, AttendanceRow, Invitee, KnownPerson, MatchRule, PersonId, RuleId, RuleScope, RuleTarget,
    Suggestion, SuggestionReason,
};
use super::normalize::{email_domain, name_key, normalize_email, normalize_name, unmasked};
use super::reconcile::normalize_alias_value;

/// At most this many people are scored for one alias.
pub const MAX_CANDIDATES: usize = 200;
/// An email domain shared by at most this many people brings its people in as candidates.
pub const DISTINCTIVE_DOMAIN: usize = 10;
/// Name similarity from which a name counts as similar.
pub const SIMILAR_NAME: f64 = 0.5;
/// Names are compared on at most this many characters (bounds the edit distance).
const MAX_NAME_CHARS: usize = 64;

struct Candidate<'a> {
    person: &'a KnownPerson,
    name: Vec<char>,
    tokens: Vec<String>,
    domains: Vec<String>,
}

/// People indexed by name token and email domain, built once per reconciliation.
pub struct SuggestionIndex<'a> {
    candidates: Vec<Candidate<'a>>,
    tokens: HashMap<String, Vec<usize>>,
    domains: HashMap<String, Vec<usize>>,
    invited: HashSet<PersonId>,
}

/// Common Latin diacritics folded away, for finding candidates only (matching never folds).
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ł' | 'ľ' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// Name tokens of two or more characters, diacritics folded, sorted, without duplicates.
fn tokens_of(normalized: &str) -> Vec<String> {
    let mut tokens: Vec<String> = normalized
        .split(|c: char| c.is_whitespace() || matches!(c, '.' | '_' | '-' | '+' | '\''))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| t.chars().count() >= 2)
        .map(|t| t.chars().map(fold).collect())
        .collect();
    tokens.sort_unstable();
    tokens.dedup();
    tokens
}

/// A name to compare from an email's local part: `ann.lee2@x` → `ann lee`.
fn name_from_email(email: &str) -> Option<String> {
    let local = email.split('@').next()?;
    let words: Vec<&str> = local
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| normalize_name(&words.join(" ")))
}

fn chars(normalized: &str) -> Vec<char> {
    normalized.chars().take(MAX_NAME_CHARS).collect()
}

/// Levenshtein distance over characters.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.is_empty() {
        return b.len();
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitute.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Similarity of two normalized names in `[0, 1]`: the larger of token overlap and
/// `1 − edit distance / longer length`.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    similarity(&chars(a), &tokens_of(a), &chars(b), &tokens_of(b))
}

fn similarity(a: &[char], a_tokens: &[String], b: &[char], b_tokens: &[String]) -> f64 {
    let longer = a.len().max(b.len());
    let edit = if longer == 0 {
        0.0
    } else {
        1.0 - edit_distance(a, b) as f64 / longer as f64
    };
    let shared = a_tokens.iter().filter(|t| b_tokens.contains(t)).count();
    let all = a_tokens.len() + b_tokens.len() - shared;
    let overlap = if all == 0 {
        0.0
    } else {
        shared as f64 / all as f64
    };
    edit.max(overlap)
}

impl<'a> SuggestionIndex<'a> {
    pub fn new(people: &'a [KnownPerson], invitees: &[Invitee]) -> Self {
        let mut sorted: Vec<&KnownPerson> = people.iter().collect();
        sorted.sort_by_key(|p| p.person_id);
        sorted.dedup_by_key(|p| p.person_id);
        let mut candidates = Vec::with_capacity(sorted.len());
        let mut tokens: HashMap<String, Vec<usize>> = HashMap::new();
        let mut domains: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, person) in sorted.into_iter().enumerate() {
            let name = name_key(Some(&person.display_name)).unwrap_or_default();
            let name_tokens = tokens_of(&name);
            for t in &name_tokens {
                tokens.entry(t.clone()).or_default().push(i);
            }
            let mut person_domains: Vec<String> = [&person.email, &person.zoom_email]
                .into_iter()
                .filter_map(|e| unmasked(e.as_deref()))
                .filter_map(|e| email_domain(&normalize_email(e)).map(str::to_owned))
                .collect();
            person_domains.sort_unstable();
            person_domains.dedup();
            for d in &person_domains {
                domains.entry(d.clone()).or_default().push(i);
            }
            candidates.push(Candidate {
                person,
                name: chars(&name),
                tokens: name_tokens,
                domains: person_domains,
            });
        }
        Self {
            candidates,
            tokens,
            domains,
            invited: invitees.iter().map(|i| i.person_id).collect(),
        }
    }

    /// Suggestions for a row showing `name` and `email` (raw values; masked ones are ignored).
    pub fn suggest(
        &self,
        name: Option<&str>,
        email: Option<&str>,
        limit: usize,
    ) -> Vec<Suggestion> {
        let email = unmasked(email).map(normalize_email);
        let domain = email.as_deref().and_then(email_domain);
        let name = name_key(name).or_else(|| email.as_deref().and_then(name_from_email));
        let (name_chars, name_tokens) = match &name {
            Some(n) => (chars(n), tokens_of(n)),
            None => (Vec::new(), Vec::new()),
        };

        let mut pool: Vec<usize> = Vec::new();
        let mut postings: Vec<&Vec<usize>> = name_tokens
            .iter()
            .filter_map(|t| self.tokens.get(t))
            .collect();
        postings.sort_by_key(|p| p.len());
        for posting in postings {
            let room = MAX_CANDIDATES.saturating_sub(pool.len());
            pool.extend(posting.iter().take(room));
        }
        if let Some(people) = domain.and_then(|d| self.domains.get(d))
            && people.len() <= DISTINCTIVE_DOMAIN
        {
            pool.extend(people);
        }
        pool.sort_unstable();
        pool.dedup();

        let mut out: Vec<Suggestion> = pool
            .into_iter()
            .filter_map(|i| {
                let c = &self.candidates[i];
                let mut reasons = Vec::new();
                let mut score = 0.0;
                if name.is_some() {
                    let s = similarity(&name_chars, &name_tokens, &c.name, &c.tokens);
                    if s >= SIMILAR_NAME {
                        score += s;
                        reasons.push(SuggestionReason::SimilarName);
                    }
                }
                if domain.is_some_and(|d| c.domains.iter().any(|cd| cd == d)) {
                    score += 0.3;
                    reasons.push(SuggestionReason::SameEmailDomain);
                }
                if reasons.is_empty() {
                    return None;
                }
                if self.invited.contains(&c.person.person_id) {
                    score += 0.1;
                    reasons.push(SuggestionReason::Invited);
                }
                Some(Suggestion {
                    person_id: c.person.person_id,
                    display_name: c.person.display_name.clone(),
                    score: (score * 1000.0).round() / 1000.0,
                    reasons,
                })
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.person_id.cmp(&b.person_id))
        });
        out.truncate(limit);
        out
    }
}

/// Suggestions for a group of unidentified rows (the first unmasked name and email, in join
/// order, speak for the group). Builds an index; for many entries build one
/// [`SuggestionIndex`] and call [`SuggestionIndex::suggest`].
pub fn suggestions(
    rows: &[AttendanceRow],
    people: &[KnownPerson],
    invitees: &[Invitee],
    limit: usize,
) -> Vec<Suggestion> {
    let mut ordered: Vec<&AttendanceRow> = rows.iter().collect();
    ordered.sort_by(|a, b| (a.joined_at, &a.row_key).cmp(&(b.joined_at, &b.row_key)));
    let name = ordered.iter().find_map(|r| unmasked(r.name.as_deref()));
    let email = ordered.iter().find_map(|r| unmasked(r.email.as_deref()));
    SuggestionIndex::new(people, invitees).suggest(name, email, limit)
}

/// Where an admin's decision applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum ApplyTo {
    /// Every instance of this meeting series.
    Series,
    /// Every meeting of the account.
    Account,
}

/// The rule an admin's decision for `alias` makes. `id` is the id the store gives the rule;
/// `meeting_id` is the series the decision was made in.
pub fn rule_for_decision(
    id: RuleId,
    alias: &Alias,
    target: RuleTarget,
    apply_to: ApplyTo,
    meeting_id: &str,
) -> MatchRule {
    MatchRule {
        id,
        alias: Alias {
            kind: alias.kind,
            value: normalize_alias_value(alias.kind, &alias.value),
        },
        target,
        scope: match apply_to {
            ApplyTo::Series => RuleScope::Series {
                meeting_id: meeting_id.trim().to_owned(),
            },
            ApplyTo::Account => RuleScope::Account,
        },
    }
}

/// Save a rule: it replaces any rule with the same alias and scope (one decision per alias
/// and scope), which is returned.
pub fn save_rule(rules: &mut Vec<MatchRule>, rule: MatchRule) -> Option<MatchRule> {
    let existing = rules
        .iter()
        .position(|r| r.alias == rule.alias && r.scope == rule.scope);
    let replaced = existing.map(|i| rules.remove(i));
    rules.push(rule);
    replaced
}

/// Undo a decision: remove its rule. Returns the removed rule, if it was there.
pub fn undo(rules: &mut Vec<MatchRule>, id: RuleId) -> Option<MatchRule> {
    let i = rules.iter().position(|r| r.id == id)?;
    Some(rules.remove(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_examples() {
        assert_eq!(name_similarity("ann lee", "ann lee"), 1.0);
        assert!(name_similarity("jon smith", "john smith") >= 0.9);
        assert!(name_similarity("ann lee", "bob marsh") < SIMILAR_NAME);
        assert!(
            name_similarity("lee ann", "ann lee") >= 0.99,
            "token order does not matter"
        );
    }

    #[test]
    fn folded_tokens() {
        assert_eq!(tokens_of("josé núñez"), ["jose", "nunez"]);
    }

    #[test]
    fn email_local_part_as_name() {
        assert_eq!(
            name_from_email("ann.lee2@x.org").as_deref(),
            Some("ann lee")
        );
    }
}
