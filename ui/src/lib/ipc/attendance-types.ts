// The attendance and person-page types the UI uses, from the generated bindings (type-only).
// Where tauri-specta emits two shapes, the one Rust sends (`_Serialize`) is what the UI reads.
import type {
  AttendanceInstance_Serialize,
  AttendanceLine_Serialize,
  AttendanceRow_Serialize,
  DecisionOutcome_Serialize,
  Decision_Deserialize,
  GuestEntry_Serialize,
  InstanceView_Serialize,
  PersonInvitation_Serialize,
  ReviewEntry_Serialize,
  UnidentifiedEntry_Serialize,
} from "./bindings";

export type {
  Alias,
  AliasKind,
  ApplyTo,
  AttendanceSettings,
  AttendanceStatus,
  AttendanceTotals,
  ExportFormat,
  InstanceState,
  InvitationStatus,
  MatchMethod,
  MeetingRef,
  PersonAttendance,
  PersonEdit,
  PersonHistoryLine,
  PersonRef,
  ReviewSuggestion,
  RowSource,
  RuleId,
  SourcePreference,
  SuggestionReason,
  TimeSpan,
} from "./bindings";

export type AttendanceInstance = AttendanceInstance_Serialize;
export type AttendanceLine = AttendanceLine_Serialize;
export type AttendanceRow = AttendanceRow_Serialize;
export type InstanceView = InstanceView_Serialize;
export type GuestEntry = GuestEntry_Serialize;
export type UnidentifiedEntry = UnidentifiedEntry_Serialize;
export type ReviewEntry = ReviewEntry_Serialize;
export type Decision = Decision_Deserialize;
export type DecisionOutcome = DecisionOutcome_Serialize;
export type PersonInvitation = PersonInvitation_Serialize;
