// Pins the attendance and person-page command contract (Rust names, camelCase arguments) and
// the export file choice (native dialog, or the end-to-end tests' folder), Tauri mocked.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
const save = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: (...args: unknown[]) => save(...args) }));

const { createTauriBackend } = await import("./tauri");

describe("the Tauri backend's attendance commands", () => {
  beforeEach(() => {
    invoke.mockReset().mockResolvedValue(null);
    save.mockReset();
  });
  afterEach(() => {
    delete window.__ROLLCALL_E2E_EXPORT_DIR__;
  });

  it("calls each command by its Rust name with camelCase arguments", async () => {
    const b = createTauriBackend();
    const alias = { kind: "name", value: "jon" } as const;
    const decision = { target: { kind: "guest", label: null }, applyTo: "series" } as const;
    const settings = { lateAfterMinutes: 5, leftEarlyMinutes: 5, presentMinMinutes: 0, refreshMinutes: 15, source: "report" } as const;
    const edit = { email: "a@b.org", firstName: "A", lastName: "B", groups: [] };
    await b.attendanceInstances("1");
    await b.attendanceInstance("1", null);
    await b.attendanceSyncStart("1", false);
    await b.attendanceSyncRecent();
    await b.attendanceReview("1");
    await b.attendanceDecide("1", alias, decision);
    await b.attendanceUndo(7);
    await b.attendancePerson("P1");
    await b.attendanceGroup("Choir", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z");
    await b.attendanceSettings();
    await b.attendanceSettingsSet(settings);
    await b.attendanceExport("1", "xlsx", "/tmp/a.xlsx");
    await b.personGet("P1");
    await b.personUpdate("P1", edit);
    await b.personInvitations("P1");
    expect(invoke.mock.calls).toEqual([
      ["attendance_instances", { meeting: "1" }],
      ["attendance_instance", { meeting: "1", uuid: null }],
      ["attendance_sync_start", { meeting: "1", force: false }],
      ["attendance_sync_recent"],
      ["attendance_review", { meeting: "1" }],
      ["attendance_decide", { meeting: "1", alias, decision }],
      ["attendance_undo", { rule: 7 }],
      ["attendance_person", { externalId: "P1" }],
      ["attendance_group", { group: "Choir", from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z" }],
      ["attendance_settings"],
      ["attendance_settings_set", { settings }],
      ["attendance_export", { meeting: "1", format: "xlsx", path: "/tmp/a.xlsx" }],
      ["person_get", { externalId: "P1" }],
      ["person_update", { externalId: "P1", edit }],
      ["person_invitations", { externalId: "P1" }],
    ]);
  });

  it("asks where to save an export, with the format's filter, or uses the e2e folder", async () => {
    const b = createTauriBackend();
    save.mockResolvedValueOnce("/home/a/x.csv").mockResolvedValueOnce(null);
    expect(await b.chooseAttendanceExportFile("csv", "Choir attendance")).toBe("/home/a/x.csv");
    expect(save.mock.calls[0][0]).toEqual({ defaultPath: "Choir attendance.csv", filters: [{ name: "CSV", extensions: ["csv"] }] });
    expect(await b.chooseAttendanceExportFile("xlsx", "Choir attendance")).toBeNull();
    expect(save.mock.calls[1][0].filters).toEqual([{ name: "Excel workbook", extensions: ["xlsx"] }]);

    window.__ROLLCALL_E2E_EXPORT_DIR__ = "/tmp/e2e-out/";
    expect(await b.chooseAttendanceExportFile("xlsx", "Choir attendance")).toBe("/tmp/e2e-out/Choir attendance.xlsx");
    expect(save).toHaveBeenCalledTimes(2);
  });
});
