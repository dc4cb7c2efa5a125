//! The JSON the UI and the store see, pinned: camelCase fields, seconds, RFC 3339 times.

use rollcall_core::attendance::{
    Alias, AliasKind, AttendanceRow, MatchRule, RuleId, RuleScope, RuleTarget, Thresholds,
};
use serde_json::json;

use crate::fixture::*;

#[test]
fn a_record_as_the_ui_sees_it() {
    let out = Scene::org()
        .with_rows([AttendanceRow {
            registration_id: s("reg-ann"),
            ..row("r1", 6, 60)
        }])
        .run();
    let ann = serde_json::to_value(record(&out, ANN)).unwrap();
    assert_eq!(
        ann,
        json!({
            "personId": 1,
            "invited": true,
            "attended": true,
            "status": "late",
            "late": true,
            "leftEarly": false,
            "matchMethod": "registrationId",
            "ruleId": null,
            "presence": {
                "firstJoin": "2026-01-05T10:06:00Z",
                "lastLeave": "2026-01-05T11:00:00Z",
                "joins": 1,
                "waitingRoomRows": 0,
                "attendedSeconds": 3240,
                "intervals": [{ "start": "2026-01-05T10:06:00Z", "end": "2026-01-05T11:00:00Z" }]
            },
            "rowKeys": ["r1"]
        })
    );
}

#[test]
fn rules_and_thresholds_round_trip() {
    let rule = MatchRule {
        id: RuleId(4),
        alias: Alias {
            kind: AliasKind::Email,
            value: "jo@partner.example".to_owned(),
        },
        target: RuleTarget::Person { person_id: CARA },
        scope: RuleScope::Series {
            meeting_id: SERIES.to_owned(),
        },
    };
    let value = serde_json::to_value(&rule).unwrap();
    assert_eq!(
        value,
        json!({
            "id": 4,
            "alias": { "kind": "email", "value": "jo@partner.example" },
            "target": { "kind": "person", "personId": 3 },
            "scope": { "kind": "series", "meetingId": "111" }
        })
    );
    assert_eq!(serde_json::from_value::<MatchRule>(value).unwrap(), rule);

    let guest = serde_json::to_value(RuleTarget::Guest { label: None }).unwrap();
    assert_eq!(guest, json!({ "kind": "guest", "label": null }));
    assert_eq!(
        serde_json::to_value(RuleScope::Account).unwrap(),
        json!({ "kind": "account" })
    );

    let thresholds = serde_json::to_value(Thresholds::default()).unwrap();
    assert_eq!(
        thresholds,
        json!({ "lateAfter": 300, "leftEarlyBeforeEnd": 300, "presentMin": 0 })
    );
    assert_eq!(
        serde_json::from_value::<Thresholds>(thresholds).unwrap(),
        Thresholds::default()
    );
}
