// The people types as Rust sends them (crates/core/src/people.rs and directory/), taken from the
// generated bindings. Where tauri-specta emits two shapes, the UI uses `_Serialize` (every field
// present). Type-only: no Tauri import.
import type {
  ImportPreview_Serialize,
  ImportResult_Serialize,
  ImportWarning_Serialize,
  PeopleFilter_Serialize,
  Person_Serialize,
  PersonRow_Serialize,
  PersonUpdate_Serialize,
  RowError_Serialize,
  ZoomLink_Serialize,
} from "./bindings";

export type {
  FieldChange,
  ImportCounts,
  PeopleSelection,
  PersonField,
  ProvisioningFilter,
  ProvisionMode,
  StatusFilter,
  ZoomLinkStatus,
  ZoomUserKind,
} from "./bindings";

export type ZoomLink = ZoomLink_Serialize;
export type Person = Person_Serialize;
export type PeopleFilter = PeopleFilter_Serialize;
export type PersonRow = PersonRow_Serialize;
export type RowError = RowError_Serialize;
export type ImportWarning = ImportWarning_Serialize;
export type PersonUpdate = PersonUpdate_Serialize;
export type ImportPreview = ImportPreview_Serialize;
export type ImportResult = ImportResult_Serialize;

