//! The request path against a scripted transport.

use crate::common::*;
use futures::TryStreamExt;
use rollcall_zoom::model::*;
use rollcall_zoom::transport::WireErrorKind;
use rollcall_zoom::{Category, DailyKey, ErrorKind, Plan};
use serde_json::json;
use std::time::{Duration, Instant};

fn registrant(email: &str) -> NewRegistrant {
    NewRegistrant {
        email: email.into(),
        first_name: "Ann".into(),
        auto_approve: Some(true),
        ..Default::default()
    }
}

fn ok_registrant() -> Reply {
    Reply::Json(
        201,
        json!({"id": 85746065, "registrant_id": "r1", "join_url": "https://zoom.us/w/1?tk=x"}),
    )
}

#[tokio::test]
async fn safe_get_is_retried_on_5xx_and_network_errors() {
    let t = Scripted::new(|s, n| match (s.is_token(), n) {
        (true, _) => default_token(),
        (_, 0) => Reply::Json(503, json!({"code": 503, "message": "busy"})),
        (_, 1) => Reply::Fail(WireErrorKind::Reset),
        (_, 2) => Reply::Fail(WireErrorKind::Timeout),
        _ => Reply::Json(200, json!({"id": "u1", "email": "a@x.org", "type": 2})),
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let user = client.users().get("me").await.unwrap();
    assert_eq!(user.id, "u1");
    assert_eq!(t.api_requests().len(), 4);
}

#[tokio::test]
async fn safe_requests_give_up_after_four_attempts() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(502, json!({}))
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client.registrants(1).delete("r1", None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable);
    assert_eq!(err.http_status, Some(502));
    assert_eq!(t.api_requests().len(), 4);
}

#[tokio::test]
async fn creates_are_never_repeated_after_5xx_network_error_or_timeout() {
    for reply in [
        || Reply::Json(500, json!({"code": 500, "message": "oops"})),
        || Reply::Fail(WireErrorKind::Reset),
        || Reply::Fail(WireErrorKind::Timeout),
    ] {
        let t = Scripted::new(move |s, _| {
            if s.is_token() {
                default_token()
            } else {
                reply()
            }
        });
        let client = scripted_client(t.clone(), Plan::Pro);
        let err = client
            .registrants(85746065)
            .add(&registrant("a@x.org"), &[])
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind, ErrorKind::Unavailable | ErrorKind::Network),
            "{err:?}"
        );
        assert_eq!(t.api_requests().len(), 1, "a create must be sent once");
        let err = client
            .meetings()
            .create(
                "me",
                &NewMeeting {
                    topic: "T".into(),
                    ..Default::default()
                },
            )
            .await
            .unwrap_err();
        assert!(matches!(
            err.kind,
            ErrorKind::Unavailable | ErrorKind::Network
        ));
        assert_eq!(t.api_requests().len(), 2);
    }
}

#[tokio::test]
async fn rejected_token_is_refreshed_once_then_the_request_continues() {
    let t = Scripted::new(|s, n| match (s.is_token(), n) {
        (true, _) => default_token(),
        (_, 0) => Reply::Json(
            401,
            json!({"code": 124, "message": "Invalid access token."}),
        ),
        _ => {
            assert!(
                s.authorization.starts_with("Bearer tok-2"),
                "the retry must use the new token"
            );
            ok_registrant()
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    // A POST too: a 401 means Zoom did no work.
    client
        .registrants(85746065)
        .add(&registrant("a@x.org"), &[])
        .await
        .unwrap();
    assert_eq!(t.token_requests(), 2);
    assert_eq!(t.api_requests().len(), 2);
}

#[tokio::test]
async fn a_token_rejected_twice_is_unauthorized() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(
                401,
                json!({"code": 124, "message": "Invalid access token."}),
            )
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client.users().get("me").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(t.token_requests(), 2);
    assert_eq!(t.api_requests().len(), 2);
}

#[tokio::test]
async fn token_request_shape_and_caching() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(200, json!({"id": "u1", "email": "a@x.org"}))
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    for _ in 0..3 {
        client.users().get("me").await.unwrap();
    }
    assert_eq!(t.token_requests(), 1, "the token is cached");
    let seen = t.seen.lock().unwrap()[0].clone();
    assert!(seen.is_token());
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.raw_body.as_deref(),
        Some("grant_type=account_credentials&account_id=acct-1")
    );
    assert!(seen.authorization.starts_with("Basic "));
}

#[tokio::test]
async fn token_is_refreshed_a_minute_before_expiry() {
    use rollcall_zoom::clock::ManualClock;
    let clock = ManualClock::new(chrono::Utc::now());
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(200, json!({"id": "u1", "email": "a@x.org"}))
        }
    });
    let options = rollcall_zoom::ClientOptions {
        transport: Some(t.clone()),
        clock: std::sync::Arc::new(clock.clone()),
        ..fast_options()
    };
    let client = rollcall_zoom::Client::with_options(
        config("https://zoom.test/v2", "https://zoom.test", Plan::Pro),
        options,
    )
    .unwrap();
    client.users().get("me").await.unwrap();
    clock.advance(chrono::Duration::seconds(3599 - 61));
    client.users().get("me").await.unwrap();
    assert_eq!(t.token_requests(), 1);
    clock.advance(chrono::Duration::seconds(2));
    client.users().get("me").await.unwrap();
    assert_eq!(t.token_requests(), 2);
}

#[tokio::test]
async fn invalid_client_is_unauthorized_with_a_clear_message() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            Reply::Json(
                400,
                json!({"reason": "Invalid client_id or client_secret", "error": "invalid_client"}),
            )
        } else {
            panic!("no API request without a token")
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client.users().get("me").await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert!(
        err.message.contains("client ID or client secret"),
        "{}",
        err.message
    );
    assert_eq!(
        t.token_requests(),
        1,
        "a 4xx from the token endpoint is not retried"
    );
}

#[tokio::test]
async fn per_second_429_pauses_the_category_then_continues() {
    let t = Scripted::new(|s, n| match (s.is_token(), n) {
        (true, _) => default_token(),
        (_, 0) => Reply::WithHeaders(
            429,
            vec![
                ("retry-after", "0.3".into()),
                ("x-ratelimit-type", "QPS".into()),
                ("x-ratelimit-category", "Light".into()),
            ],
            json!({"code": 429, "message": "You have reached the maximum per-second rate limit for this API. Try again later."}),
        ),
        _ => ok_registrant(),
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let started = Instant::now();
    // Even a POST: Zoom did not do the work.
    client
        .registrants(85746065)
        .add(&registrant("a@x.org"), &[])
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(280),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(t.api_requests().len(), 2);
    // The registrant's daily count was spent once, not twice.
    assert_eq!(
        client
            .daily_usage()
            .count(&DailyKey::registrant(85746065, "a@x.org")),
        1
    );
}

#[tokio::test]
async fn daily_429_returns_the_reset_time_and_stops_that_kind_of_request() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::WithHeaders(
                429,
                vec![
                    ("retry-after", "2031-01-02T00:00:00Z".into()),
                    ("x-ratelimit-type", "Daily-limit".into()),
                ],
                json!({"code": 429, "message": "You have reached the maximum daily rate limit for this API."}),
            )
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client
        .reports()
        .meeting_report("85746065")
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    assert_eq!(
        err.retry_after.unwrap().to_rfc3339(),
        "2031-01-02T00:00:00+00:00"
    );
    assert_eq!(t.api_requests().len(), 1, "no retry storm");
    // Heavy is now blocked locally; Light still goes.
    let err = client
        .reports()
        .meeting_report("85746066")
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    assert_eq!(err.http_status, None, "refused locally");
    assert_eq!(t.api_requests().len(), 1);
    let usage = client.daily_usage();
    assert!(
        usage
            .blocked_until
            .contains_key(&DailyKey::Category(Category::Heavy).as_string())
    );
}

#[tokio::test]
async fn per_registrant_daily_cap_is_local_and_per_email() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            ok_registrant()
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let reg = client.registrants(85746065);
    for _ in 0..3 {
        reg.add(&registrant("Ann@X.org"), &[]).await.unwrap();
    }
    let err = reg.add(&registrant("ann@x.org"), &[]).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    assert!(err.retry_after.is_some());
    assert_eq!(t.api_requests().len(), 3);
    reg.add(&registrant("bob@x.org"), &[]).await.unwrap();
    // The same person may be invited to another meeting.
    client
        .registrants(85746066)
        .add(&registrant("ann@x.org"), &[])
        .await
        .unwrap();
}

#[tokio::test]
async fn more_than_30_registrants_are_refused_locally() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Empty(204)
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let batch = BatchRegistrants {
        registrants: (0..31)
            .map(|i| BatchRegistrant {
                email: format!("p{i}@x.org"),
                first_name: "P".into(),
                last_name: None,
            })
            .collect(),
        ..Default::default()
    };
    let err = client.registrants(1).batch(&batch).await.unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Validation { .. }));
    let update = RegistrantStatusUpdate {
        action: RegistrantAction::Approve,
        registrants: (0..31)
            .map(|i| RegistrantRef {
                id: Some(format!("r{i}")),
                email: None,
            })
            .collect(),
    };
    let err = client
        .registrants(1)
        .update_status(&update, None)
        .await
        .unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Validation { .. }));
    assert!(t.api_requests().is_empty());
    let update = RegistrantStatusUpdate {
        registrants: update.registrants[..30].to_vec(),
        ..update
    };
    client
        .registrants(1)
        .update_status(&update, None)
        .await
        .unwrap();
}

fn rows(range: std::ops::Range<usize>) -> serde_json::Value {
    json!(range
        .map(|i| json!({"id": "", "user_id": format!("{i}"), "name": format!("P{i}"), "registrant_id": format!("r{i}"),
            "join_time": "2026-11-29T10:00:00Z", "leave_time": "2026-11-29T11:00:00Z", "duration": 3600}))
        .collect::<Vec<_>>())
}

#[tokio::test]
async fn three_pages_are_streamed_in_order() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            return default_token();
        }
        assert_eq!(s.q("page_size"), Some("300"));
        assert_eq!(s.q("include_fields"), Some("registrant_id"));
        match s.q("next_page_token") {
            None => Reply::Json(
                200,
                json!({"participants": rows(0..300), "next_page_token": "A"}),
            ),
            Some("A") => Reply::Json(
                200,
                json!({"participants": rows(300..600), "next_page_token": "B"}),
            ),
            Some("B") => Reply::Json(
                200,
                json!({"participants": rows(600..650), "next_page_token": ""}),
            ),
            Some(other) => panic!("unexpected token {other}"),
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let all: Vec<ReportParticipant> = client
        .reports()
        .report_participants("85746065")
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 650);
    assert_eq!(all[649].user_id, "649");
    assert_eq!(t.api_requests().len(), 3);
}

#[tokio::test]
async fn expired_page_token_restarts_the_listing_and_skips_items_already_yielded() {
    let t = Scripted::new(|s, n| {
        if s.is_token() {
            return default_token();
        }
        match (n, s.q("next_page_token")) {
            (_, None) => Reply::Json(
                200,
                json!({"registrants": [
                {"id": "r1", "email": "a@x.org", "status": "approved"},
                {"id": "r2", "email": "b@x.org", "status": "approved"}], "next_page_token": format!("T{n}")}),
            ),
            // The first continuation: the token has expired (15 minutes passed).
            (1, Some(_)) => Reply::Json(
                400,
                json!({"code": 300, "message": "The next page token is invalid or expired."}),
            ),
            // After the restart the listing has shifted: r2 now starts page 2, plus a new r3.
            (_, Some(_)) => Reply::Json(
                200,
                json!({"registrants": [
                {"id": "r2", "email": "b@x.org"}, {"id": "r3", "email": "c@x.org"}], "next_page_token": ""}),
            ),
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let all: Vec<Registrant> = client
        .registrants(85746065)
        .list(&RegistrantQuery::default())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["r1", "r2", "r3"]);
    assert_eq!(t.api_requests().len(), 4);
}

#[tokio::test]
async fn a_validation_300_on_the_first_page_is_an_error_not_a_restart() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(
                400,
                json!({"code": 300, "message": "Validation Failed.", "errors": [{"field": "status", "message": "Invalid field."}]}),
            )
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client
        .users()
        .list(None)
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Validation {
            fields: vec![rollcall_zoom::FieldError {
                field: "status".into(),
                message: "Invalid field.".into()
            }]
        }
    );
    assert_eq!(t.api_requests().len(), 1);
}

#[tokio::test]
async fn meeting_uuids_are_double_encoded_only_when_zoom_requires_it() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(200, json!({"uuid": "x", "id": 1}))
        }
    });
    let client = scripted_client(t.clone(), Plan::Business);
    client.reports().past_meeting("/abc//d==").await.unwrap();
    client.reports().meeting_report("ab//cd").await.unwrap();
    client
        .reports()
        .past_meeting("4444AAAiAAAAAiAiAiiAii==")
        .await
        .unwrap();
    let _ = client
        .reports()
        .dashboard_participants("/x")
        .try_collect::<Vec<_>>()
        .await;
    let paths: Vec<String> = t.api_requests().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        [
            "/v2/past_meetings/%252Fabc%252F%252Fd%253D%253D",
            "/v2/report/meetings/ab%252F%252Fcd",
            "/v2/past_meetings/4444AAAiAAAAAiAiAiiAii%3D%3D",
            "/v2/metrics/meetings/%252Fx/participants",
        ]
    );
}

#[tokio::test]
async fn errors_map_to_kinds() {
    let t = Scripted::new(|s, n| {
        if s.is_token() {
            return default_token();
        }
        match n {
            0 => Reply::Json(
                404,
                json!({"code": 1001, "message": "User does not exist: x@y.org."}),
            ),
            1 => Reply::Json(
                409,
                json!({"code": 1005, "message": "Email x@y.org has already been used."}),
            ),
            2 => Reply::Json(
                400,
                json!({"code": 4711, "message": "Invalid access token, does not contain scopes:[user:write:user:admin]."}),
            ),
            3 => Reply::Json(
                400,
                json!({"code": 200, "message": "Only available for Paid users."}),
            ),
            _ => Reply::Json(
                400,
                json!({"code": 3003, "message": "You are not the meeting host."}),
            ),
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    assert_eq!(
        client.users().get("x@y.org").await.unwrap_err().kind,
        ErrorKind::NotFound
    );
    let new_user = NewUser {
        action: CreateUserAction::CustCreate,
        user_info: NewUserInfo {
            email: "x@y.org".into(),
            user_type: UserType::Licensed,
            first_name: None,
            last_name: None,
            display_name: None,
        },
    };
    assert_eq!(
        client.users().create(&new_user).await.unwrap_err().kind,
        ErrorKind::Conflict
    );
    assert_eq!(
        client.users().create(&new_user).await.unwrap_err().kind,
        ErrorKind::MissingScope {
            scopes: vec!["user:write:user:admin".into()]
        }
    );
    assert_eq!(
        client.reports().meeting_report("1").await.unwrap_err().kind,
        ErrorKind::PlanRequired
    );
    let e = client
        .meetings()
        .delete(1, &DeleteMeeting::default())
        .await
        .unwrap_err();
    assert_eq!((e.kind, e.zoom_code), (ErrorKind::Rejected, Some(3003)));
}

#[tokio::test]
async fn pipelined_requests_are_paced_evenly() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(200, json!({"id": "u", "email": "e"}))
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let started = Instant::now();
    let results: Vec<_> = futures::StreamExt::collect::<Vec<_>>(client.run_paced(0..31, |i| {
        let client = client.clone();
        async move { client.users().get(&format!("u{i}")).await }
    }))
    .await;
    assert!(results.iter().all(Result::is_ok));
    // 31 Light requests at ≤30/s cannot all leave within one second.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(1000), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1600), "{elapsed:?}");
}

#[tokio::test]
async fn a_decode_failure_names_the_json_path() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            Reply::Json(
                200,
                json!({"registrants": [{"id": "r1", "email": "a@x.org"}, {"id": "r2", "email": "b@x.org", "create_time": 17}]}),
            )
        }
    });
    let client = scripted_client(t.clone(), Plan::Pro);
    let err = client
        .registrants(1)
        .list(&RegistrantQuery::default())
        .try_collect::<Vec<_>>()
        .await
        .unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::Decode {
            path: "registrants[1].create_time".into()
        }
    );
    assert!(
        err.message
            .contains("GET /meetings/{meetingId}/registrants"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn daily_usage_survives_a_restart() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else {
            ok_registrant()
        }
    });
    let first = scripted_client(t.clone(), Plan::Pro);
    for _ in 0..3 {
        first
            .registrants(1)
            .add(&registrant("ann@x.org"), &[])
            .await
            .unwrap();
    }
    let saved = serde_json::to_string(&first.daily_usage()).unwrap();
    let second = scripted_client(t.clone(), Plan::Pro);
    second.restore_daily_usage(serde_json::from_str(&saved).unwrap());
    let err = second
        .registrants(1)
        .add(&registrant("ann@x.org"), &[])
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    assert_eq!(t.api_requests().len(), 3);
}

#[tokio::test]
async fn status_updates_are_capped_per_registrant_and_user_creates_per_account() {
    let t = Scripted::new(|s, _| {
        if s.is_token() {
            default_token()
        } else if s.method == "POST" {
            Reply::Json(201, json!({"id": "u", "email": "e"}))
        } else {
            Reply::Empty(204)
        }
    });
    let client = scripted_client(t.clone(), Plan::Free);
    let update = |id: &str| RegistrantStatusUpdate {
        action: RegistrantAction::Approve,
        registrants: vec![RegistrantRef {
            id: Some(id.into()),
            email: None,
        }],
    };
    for _ in 0..10 {
        client
            .registrants(1)
            .update_status(&update("r1"), None)
            .await
            .unwrap();
    }
    let err = client
        .registrants(1)
        .update_status(&update("r1"), None)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    client
        .registrants(1)
        .update_status(&update("r2"), None)
        .await
        .unwrap();

    let new_user = |i: usize, action| NewUser {
        action,
        user_info: NewUserInfo {
            email: format!("u{i}@x.org"),
            user_type: UserType::Basic,
            first_name: None,
            last_name: None,
            display_name: None,
        },
    };
    for i in 0..50 {
        client
            .users()
            .create(&new_user(i, CreateUserAction::Create))
            .await
            .unwrap();
    }
    let err = client
        .users()
        .create(&new_user(50, CreateUserAction::Create))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::RateLimited { daily: true });
    client
        .users()
        .create(&new_user(51, CreateUserAction::CustCreate))
        .await
        .unwrap();
}
