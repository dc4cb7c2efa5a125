//! Zoom's wire types, with Zoom's field names.
//!
//! Decoding is lenient where Zoom is loose, strict where a wrong value would mislead:
//! - unknown enum values decode to an `Unknown(..)` variant instead of failing;
//! - `null` where a value was expected decodes as absent/default;
//! - numbers that Zoom sometimes sends as strings (ids, PIN codes) are accepted either way;
//! - anything else that does not fit fails with `ErrorKind::Decode { path }` naming the JSON path.
//!
//! Request types serialize only the fields that are set (`skip_serializing_if`).

pub(crate) mod de;
pub mod meetings;
pub mod registrants;
pub mod reports;
pub mod users;

pub use meetings::*;
pub use registrants::*;
pub use reports::*;
pub use users::*;

/// A string enum that keeps values it does not know in `Unknown(String)`.
macro_rules! string_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Zoom's spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(match s.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(s),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// An integer enum that keeps values it does not know in `Unknown(i64)`.
/// Accepts the number as a JSON number or a numeric string.
macro_rules! int_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this crate does not know yet, kept verbatim.
            Unknown(i64),
        }

        impl $name {
            /// Zoom's number.
            pub fn as_i64(self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(n) => n,
                }
            }
        }

        impl From<i64> for $name {
            fn from(n: i64) -> Self {
                match n {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_i64(self.as_i64())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok(Self::from(crate::model::de::int_or_string(d)?))
            }
        }
    };
}

pub(crate) use int_enum;
pub(crate) use string_enum;
