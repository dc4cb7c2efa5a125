// PENDING: hand-written copies of the Rust people types (crates/core/src/people.rs and
// crates/core/src/directory/{csv_import,import_plan}.rs; field names in camelCase as serde
// sends them). When the lead regenerates bindings.ts with the people commands, these become
// re-exports of the generated types and this file goes away. Type-only: no Tauri import.
import type { Job_Serialize } from "./bindings";

export type ZoomUserKind = "created" | "linked";
export type ZoomLinkStatus = "provisioned" | "failed" | "deleted";

/** Who a person is in Zoom (for the active account), and how the last attempt went. */
export type ZoomLink = {
  userId: string | null;
  kind: ZoomUserKind | null;
  status: ZoomLinkStatus;
  /** The last failure, in plain words. */
  error: string | null;
};

export type Person = {
  id: number;
  externalId: string;
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
  active: boolean;
  /** `null` when never provisioned in the active account. */
  zoom: ZoomLink | null;
};

export type StatusFilter = "active" | "inactive" | "all";
/** `not`: has no Zoom user (never tried, failed, or deleted). */
export type ProvisioningFilter = "provisioned" | "not" | "failed" | "all";

export type PeopleFilter = {
  search: string | null;
  group: string | null;
  status: StatusFilter;
  provisioning: ProvisioningFilter;
};

export type PersonField = "externalId" | "email" | "firstName" | "lastName" | "groups" | "active";

export type PersonRow = {
  line: number;
  externalId: string;
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
  active: boolean | null;
};

export type RowError = { line: number; column: string | null; reason: string };
export type ImportWarning = { line: number | null; column: string | null; message: string };
export type FieldChange = { field: PersonField; old: string; new: string };
export type PersonUpdate = { row: PersonRow; changes: FieldChange[] };

export type ImportCounts = {
  adds: number;
  updates: number;
  unchanged: number;
  /** Rows not imported (a row with two bad cells counts once). */
  rejectedRows: number;
  /** One per bad cell. */
  errors: number;
  warnings: number;
};

export type ImportPlan = {
  adds: PersonRow[];
  updates: PersonUpdate[];
  unchanged: PersonRow[];
  errors: RowError[];
  warnings: ImportWarning[];
  counts: ImportCounts;
};

export type ImportResult = { counts: ImportCounts; errors: RowError[]; warnings: ImportWarning[] };

/** serde's externally tagged enum `PeopleSelection { All, Groups(Vec), People(Vec) }`. */
export type PeopleSelection = "all" | { groups: string[] } | { people: string[] };

export type ProvisionMode = "createOrLink" | "linkOnly";

export type DeactivateResult = { deactivated: number; job: Job_Serialize | null };
