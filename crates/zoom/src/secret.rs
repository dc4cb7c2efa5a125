//! A value that must never be logged, printed or serialized: client secrets, access tokens, ZAKs.
//!
//! `Secret<T>` redacts itself in `Debug` and `Display` and deliberately implements neither
//! `Serialize` nor `Clone`-into-string helpers: the only way to read it is `expose()`, which makes
//! every place that touches the plain value easy to find in review.

use std::fmt;

pub struct Secret<T>(T);

impl<T> Secret<T> {
    pub fn new(value: T) -> Self {
        Self(value)
    }

    /// The plain value. Call it only where the value leaves the process for its one purpose
    /// (an HTTP header, the keychain), never to build a message.
    pub fn expose(&self) -> &T {
        &self.0
    }
}

impl<T: Clone> Clone for Secret<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"[redacted]\")")
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret<String> {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = Secret::new("hunter2-very-secret".to_owned());
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert!(!format!("{secret}").contains("hunter2"));
        assert!(!format!("{:#?}", Some(&secret)).contains("hunter2"));
        assert_eq!(secret.expose(), "hunter2-very-secret");
    }

    /// `Secret` must not be serializable. Checked by autoref specialisation on concrete types:
    /// the by-value `Wrap<T>` impl exists only when `T: Serialize`; otherwise method resolution
    /// falls back to the `&Wrap<T>` impl one autoref step later.
    #[test]
    #[allow(clippy::needless_borrow)]
    fn is_not_serializable() {
        use std::marker::PhantomData;
        struct Wrap<T>(PhantomData<T>);
        trait ViaSerialize {
            fn is_serialize(&self) -> bool {
                true
            }
        }
        impl<T: serde::Serialize> ViaSerialize for Wrap<T> {}
        trait ViaFallback {
            fn is_serialize(&self) -> bool {
                false
            }
        }
        impl<T> ViaFallback for &Wrap<T> {}

        assert!(!(&Wrap::<Secret<String>>(PhantomData)).is_serialize());
        assert!((&Wrap::<String>(PhantomData)).is_serialize());
    }
}
