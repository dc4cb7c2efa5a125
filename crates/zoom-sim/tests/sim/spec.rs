//! The OpenAPI specs in `shared/zoom-api/openapi`, loaded once, and response validation
//! against them. `$ref`s are inlined here (the schemas we use are not recursive).

use std::path::PathBuf;
use std::sync::OnceLock;

use serde_json::{Value, json};

#[derive(Debug, Clone, Copy)]
pub enum Tag {
    /// Meetings API, June 2025 (meetings, registrants, past meetings, reports).
    M25,
    /// User API, March 2025 (users).
    U25,
    /// Combined 2023 spec (dashboards).
    Z23,
}

pub struct Specs {
    m25: Value,
    u25: Value,
    z23: Value,
}

fn dir() -> PathBuf {
    match std::env::var_os("ROLLCALL_ZOOM_OPENAPI_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/zoom-api/openapi"
        )),
    }
}

fn load(name: &str) -> Option<Value> {
    let text = std::fs::read_to_string(dir().join(name)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The specs, or `None` (after a loud SKIPPED line) when they are not on this machine.
pub fn specs() -> Option<&'static Specs> {
    static SPECS: OnceLock<Option<Specs>> = OnceLock::new();
    let s = SPECS.get_or_init(|| {
        let specs = Specs {
            m25: load("zoom-meetings-api-2025-06.ballerina-sanitized.json")?,
            u25: load("zoom-users-api-2025-03.folio-patched.json")?,
            z23: load("zoom-meeting-api-v2.0.0-2023-07.params-anyof.json")?,
        };
        Some(specs)
    });
    if s.is_none() {
        // Written straight to stderr, past the test harness's output capture, so the skip
        // shows in every run.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED: specs not found in {} (set ROLLCALL_ZOOM_OPENAPI_DIR)",
            dir().display()
        );
    }
    s.as_ref()
}

fn inline(root: &Value, node: &Value, depth: usize) -> Value {
    if depth > 60 {
        return json!({});
    }
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                let target = r
                    .strip_prefix('#')
                    .and_then(|p| root.pointer(p))
                    .unwrap_or_else(|| panic!("unresolvable $ref {r}"));
                return inline(root, target, depth + 1);
            }
            Value::Object(
                map.iter()
                    .filter(|(k, _)| !k.starts_with("x-") && *k != "example" && *k != "examples")
                    .map(|(k, v)| (k.clone(), inline(root, v, depth + 1)))
                    .collect(),
            )
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| inline(root, v, depth + 1)).collect())
        }
        other => other.clone(),
    }
}

impl Specs {
    fn doc(&self, tag: Tag) -> &Value {
        match tag {
            Tag::M25 => &self.m25,
            Tag::U25 => &self.u25,
            Tag::Z23 => &self.z23,
        }
    }

    /// Zoom's error body. M25/Z23 declare error responses without a body schema; U25's
    /// `ErrorResponse` is the only one written down, so every error is checked against it,
    /// with `code` and `message` required (REF §7).
    fn error_schema(&self) -> Value {
        let mut s = inline(
            &self.u25,
            &self.u25["components"]["schemas"]["ErrorResponse"],
            0,
        );
        s["required"] = json!(["code", "message"]);
        s
    }

    /// The response schema for `method path` answering `status`, or `None` when the spec
    /// declares that response without a body (e.g. 204).
    pub fn schema(&self, tag: Tag, path: &str, method: &str, status: u16) -> Option<Value> {
        let doc = self.doc(tag);
        let op = &doc["paths"][path][method];
        assert!(op.is_object(), "{tag:?} has no operation {method} {path}");
        let responses = &op["responses"];
        let declared = responses
            .get(status.to_string())
            .or_else(|| responses.get("default"));
        if status >= 400 {
            if let Some(s) = declared.and_then(|r| r.pointer("/content/application~1json/schema")) {
                return Some(inline(doc, s, 0));
            }
            return Some(self.error_schema());
        }
        let r = declared.unwrap_or_else(|| panic!("{tag:?} {method} {path} declares no {status}"));
        r.pointer("/content/application~1json/schema")
            .map(|s| inline(doc, s, 0))
    }

    /// Validate `body` against the declared response; panics with every violation.
    pub fn check(&self, tag: Tag, path: &str, method: &str, status: u16, body: &Value) {
        let Some(schema) = self.schema(tag, path, method, status) else {
            assert!(
                body.is_null(),
                "{method} {path} {status} should have no body, got {body}"
            );
            return;
        };
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|e| {
                panic!("schema for {method} {path} {status} does not compile: {e}")
            });
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{tag:?} {method} {path} {status}: body violates the spec:\n{}\nbody: {body}",
            errors.join("\n")
        );
    }
}
