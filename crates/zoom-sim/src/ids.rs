//! Seeded ids, tokens and UUIDs in Zoom's shapes, so runs with the same seed repeat.

use base64::Engine;
use rand::Rng;
use rand::rngs::StdRng;

const B62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B62_DASH: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

fn pick(rng: &mut StdRng, alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

/// Zoom user ids look like `KDcuGIm1QgePTO8WbOqwIQ` (22 chars, base64url alphabet).
pub fn user_id(rng: &mut StdRng) -> String {
    pick(rng, B62_DASH, 22)
}

/// Registrant ids look like `9tboDiHUQAeOnbmudzWa5g`.
pub fn registrant_id(rng: &mut StdRng) -> String {
    pick(rng, B62_DASH, 22)
}

/// Meeting ids are 11-digit integers (M25: int64, "can exceed 10 digits").
pub fn meeting_id(rng: &mut StdRng) -> i64 {
    rng.random_range(80_000_000_000_i64..99_999_999_999_i64)
}

/// Opaque tokens (access tokens, page tokens, registrant `tk`, registration links).
pub fn token(rng: &mut StdRng, len: usize) -> String {
    pick(rng, B62, len)
}

/// 10-digit passcode-free numeric PIN for phone participants (M25 `participant_pin_code`).
pub fn pin(rng: &mut StdRng) -> i64 {
    rng.random_range(100_000_000_i64..999_999_999_i64)
}

pub fn password(rng: &mut StdRng) -> String {
    pick(rng, B62, 6)
}

/// Per-join participant id (`user_id` in report rows), numeric string.
pub fn participant_id(rng: &mut StdRng) -> String {
    rng.random_range(16_000_000_u32..34_000_000_u32).to_string()
}

/// Meeting UUID: 16 random bytes, standard base64 (`4444AAAiAAAAAiAiAiiAii==`). With
/// `slash_share` probability the bytes are bent so the UUID starts with `/` or contains `//`,
/// the cases Zoom requires to be double URL-encoded (REF §5).
pub fn meeting_uuid(rng: &mut StdRng, slash_share: f64) -> String {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes);
    if rng.random_bool(slash_share.clamp(0.0, 1.0)) {
        if rng.random_bool(0.5) {
            // First sextet 63 → leading '/'.
            bytes[0] |= 0xFC;
        } else {
            // Sextets 4 and 5 (byte 3 and the top half of byte 4) all ones → "//" inside.
            bytes[3] = 0xFF;
            bytes[4] |= 0xF0;
        }
    }
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn slash_uuids_are_generated_on_purpose() {
        let mut rng = StdRng::seed_from_u64(7);
        let all: Vec<String> = (0..50).map(|_| meeting_uuid(&mut rng, 1.0)).collect();
        assert!(all.iter().all(|u| u.starts_with('/') || u.contains("//")));
        let none: Vec<String> = (0..50).map(|_| meeting_uuid(&mut rng, 0.0)).collect();
        assert!(none.iter().all(|u| u.len() == 24));
    }
}
