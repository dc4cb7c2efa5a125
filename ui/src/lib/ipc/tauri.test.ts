// Pins the command contract the people pages are coded against (names and argument names as
// tauri receives them) and the file-choosing rules, with Tauri's invoke and dialogs mocked.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
const open = vi.fn();
const save = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
vi.mock("@tauri-apps/plugin-dialog", () => ({
  open: (...args: unknown[]) => open(...args),
  save: (...args: unknown[]) => save(...args),
}));

const { createTauriBackend } = await import("./tauri");
const { BackendError } = await import("./backend");

describe("the Tauri backend", () => {
  beforeEach(() => {
    invoke.mockReset().mockResolvedValue(null);
    open.mockReset();
    save.mockReset();
  });
  afterEach(() => {
    delete window.__ROLLCALL_E2E_IMPORT_PATH__;
  });

  it("calls the people commands by their Rust names with camelCase arguments", async () => {
    const backend = createTauriBackend();
    const filter = { search: "ada", group: null, status: "active", provisioning: "not" } as const;
    await backend.peopleList(filter);
    await backend.peopleGroups();
    await backend.peopleImportPreview("/tmp/a.csv");
    await backend.peopleImport("/tmp/a.csv");
    await backend.peopleExport("/tmp/b.csv");
    await backend.provisionStart({ groups: ["Choir"] }, "linkOnly");
    await backend.peopleSetActive(["P1"], true);
    await backend.deprovisionPreview(["P1"]);
    await backend.peopleDeactivate(["P1"], true);
    expect(invoke.mock.calls).toEqual([
      ["people_list", { filter }],
      ["people_groups"],
      ["people_import_preview", { path: "/tmp/a.csv" }],
      ["people_import", { path: "/tmp/a.csv" }],
      ["people_export", { path: "/tmp/b.csv" }],
      ["provision_start", { selection: { groups: ["Choir"] }, mode: "linkOnly" }],
      ["people_set_active", { externalIds: ["P1"], active: true }],
      ["deprovision_preview", { externalIds: ["P1"] }],
      ["people_deactivate", { externalIds: ["P1"], deleteInZoom: true }],
    ]);
  });

  it("calls Home's and Settings → General's commands by their Rust names", async () => {
    const summary = { upcoming: [], jobs: [], warnings: [] };
    invoke.mockResolvedValueOnce(summary);
    const backend = createTauriBackend();
    expect(await backend.homeSummary()).toEqual(summary);
    expect(await backend.openDataFolder()).toBeUndefined();
    expect(invoke.mock.calls).toEqual([["home_summary"], ["open_data_folder"]]);
  });

  it("turns a refused command into a BackendError carrying the AppError", async () => {
    const appError = { code: "Validation", message: "The file is empty. Choose another file.", detail: null };
    invoke.mockRejectedValueOnce(appError);
    const failure = await createTauriBackend().peopleImportPreview("/tmp/empty.csv").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BackendError);
    expect((failure as InstanceType<typeof BackendError>).appError).toEqual(appError);
  });

  it("chooses the import file in the native dialog, or takes the end-to-end tests' path", async () => {
    const backend = createTauriBackend();
    open.mockResolvedValueOnce("/home/admin/members.csv");
    expect(await backend.chooseImportFile()).toBe("/home/admin/members.csv");
    expect(open).toHaveBeenCalledWith(
      expect.objectContaining({ filters: [{ name: "CSV", extensions: ["csv", "txt"] }] }),
    );
    open.mockResolvedValueOnce(null);
    expect(await backend.chooseImportFile()).toBeNull();

    window.__ROLLCALL_E2E_IMPORT_PATH__ = "/tmp/e2e/members.csv";
    expect(await backend.chooseImportFile()).toBe("/tmp/e2e/members.csv");
    expect(open).toHaveBeenCalledTimes(2);

    save.mockResolvedValueOnce("/home/admin/people.csv");
    expect(await backend.chooseExportFile()).toBe("/home/admin/people.csv");
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: "people.csv" }));
  });
});
