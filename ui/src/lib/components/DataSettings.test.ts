import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakePerson } from "$lib/ipc/fake";
import { FAKE_DATA_DIR } from "$lib/ipc/fake-store";
import { renderWith, setup } from "$lib/testing/render";
import DataSettings from "./DataSettings.svelte";

const ada = fakePerson();
const grace = fakePerson({ id: 2, externalId: "P00002", email: "grace@example.org", firstName: "Grace", lastName: "Hopper" });

describe("DataSettings", () => {
  it("shows the data folder and file", async () => {
    const app = await setup({ mode: "connected" });
    renderWith(DataSettings, app);
    expect(await screen.findByText(FAKE_DATA_DIR)).toBeInTheDocument();
    expect(screen.getByText(`${FAKE_DATA_DIR}/rollcall.db`, { exact: false })).toHaveTextContent("1.5 MB");
  });

  it("says in the demo that the demo's data is not what a backup holds", async () => {
    const demo = await setup({ mode: "demo" });
    const { unmount } = renderWith(DataSettings, demo);
    expect(await screen.findByText(/You are in the demo/)).toHaveTextContent("a backup or a restore here is of your own data only");
    unmount();

    const connected = await setup({ mode: "connected" });
    renderWith(DataSettings, connected);
    expect(await screen.findByText(FAKE_DATA_DIR)).toBeInTheDocument();
    expect(screen.queryByText(/You are in the demo/)).toBeNull();
  });

  it("backs up to the file chosen in the save dialog and says where", async () => {
    const app = await setup({ mode: "connected", people: [ada] });
    app.backend.dataStore.nextBackupPath = "/media/usb/monday.rollcall";
    renderWith(DataSettings, app);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Back up…" }));
    expect(await screen.findByText(/Backed up to/)).toHaveTextContent("/media/usb/monday.rollcall");
    expect(app.backend.callsOf("storeBackup")).toEqual([["/media/usb/monday.rollcall"]]);
  });

  it("does nothing when the save dialog is cancelled", async () => {
    const app = await setup({ mode: "connected" });
    app.backend.dataStore.nextBackupPath = null;
    renderWith(DataSettings, app);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Back up…" }));
    await waitFor(() => expect(app.backend.callsOf("chooseBackupFile")).toHaveLength(1));
    expect(app.backend.callsOf("storeBackup")).toHaveLength(0);
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("asks before restoring, naming what is replaced, and restores only on confirmation", async () => {
    const app = await setup({ mode: "connected", people: [ada] });
    const path = "/media/usb/monday.rollcall";
    await app.backend.storeBackup(path);
    app.backend.people.push(grace);
    app.backend.dataStore.nextRestorePath = path;
    renderWith(DataSettings, app);
    const user = userEvent.setup();
    await screen.findByText(FAKE_DATA_DIR);

    // First time: the admin keeps the current data.
    await user.click(screen.getByRole("button", { name: "Restore…" }));
    let dialog = await screen.findByRole("dialog", { name: "Replace all local data with this backup?" });
    expect(dialog).toHaveTextContent(`${FAKE_DATA_DIR}/rollcall.db`);
    expect(dialog).toHaveTextContent(path);
    expect(dialog).toHaveTextContent(/people, meetings, invitations, attendance, jobs/);
    expect(dialog).toHaveTextContent(/Nothing changes in Zoom/);
    await user.click(within(dialog).getByRole("button", { name: "Keep the current data" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(app.backend.callsOf("storeRestore")).toHaveLength(0);
    expect(app.backend.people.map((p) => p.externalId)).toEqual(["P00001", "P00002"]);

    // Second time: confirmed.
    await user.click(screen.getByRole("button", { name: "Restore…" }));
    dialog = await screen.findByRole("dialog", { name: "Replace all local data with this backup?" });
    await user.click(within(dialog).getByRole("button", { name: "Replace with the backup" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(app.backend.callsOf("storeRestore")).toEqual([[path]]);
    expect(app.backend.people.map((p) => p.externalId)).toEqual(["P00001"]);
    const done = screen.getByText(/The data it replaced is kept in/);
    expect(done).toHaveTextContent("before-restore");
  });

  it("keeps the dialog open with the plain reason when the file is not a backup", async () => {
    const app = await setup({ mode: "connected", people: [ada] });
    app.backend.dataStore.nextRestorePath = "/home/admin/notes.txt";
    renderWith(DataSettings, app);
    const user = userEvent.setup();

    await user.click(screen.getByRole("button", { name: "Restore…" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Replace with the backup" }));
    const notice = await within(dialog).findByTestId("error-notice");
    expect(notice).toHaveTextContent("is not a Rollcall backup");
    expect(app.backend.people).toHaveLength(1);
  });
});
