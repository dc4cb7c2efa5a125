//! Every Zoom answer the client decodes: malformed JSON, wrong types, deep nesting and huge
//! payloads give a typed `ZoomError` (a decode error naming the JSON path), never a panic. The
//! first byte picks the response type (or an error answer with its status); the rest is the body.
//! The body lives in `rollcall_zoom::fuzzing`, so that `tests/reliability` replays every seed on
//! stable in each `./scripts/test` run.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| rollcall_zoom::fuzzing::zoom_answers(data));
