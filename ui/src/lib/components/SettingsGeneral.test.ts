import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { fakeAccount } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import SettingsGeneral from "./SettingsGeneral.svelte";

describe("Settings → General", () => {
  it("shows the data folder and opens it in the file manager", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(SettingsGeneral, app);

    const folder = screen.getByRole("region", { name: "Data folder" });
    expect(folder).toHaveTextContent(app.session.status!.dataDir);
    await userEvent.click(screen.getByRole("button", { name: "Open in file manager" }));
    expect(app.backend.callsOf("openDataFolder")).toEqual([[]]);
  });

  it("says plainly when no file manager could be opened, with the way out", async () => {
    const app = await setup({ mode: "demo" });
    app.backend.failNext("openDataFolder", {
      code: "Unknown",
      message: "Rollcall could not open a file manager here. The data folder is /data; copy the path and open it yourself.",
      detail: "xdg-open: No such file or directory",
    });
    renderWith(SettingsGeneral, app);

    await userEvent.click(screen.getByRole("button", { name: "Open in file manager" }));
    expect(await screen.findByTestId("error-notice")).toHaveTextContent("copy the path and open it yourself");
  });

  it("copies the path, or selects it when there is no clipboard", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(SettingsGeneral, app);
    const user = userEvent.setup(); // gives the page a clipboard

    await user.click(screen.getByRole("button", { name: "Copy path" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Copied the path.");
    expect(await navigator.clipboard.readText()).toBe(app.session.status!.dataDir);

    vi.spyOn(navigator.clipboard, "writeText").mockRejectedValueOnce(new Error("denied"));
    await user.click(screen.getByRole("button", { name: "Copy path" }));
    expect(await screen.findByText("The path is selected: press Ctrl+C to copy it.")).toBeInTheDocument();
    expect(window.getSelection()?.toString()).toBe(app.session.status!.dataDir);
  });

  it("says the theme follows the system", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(SettingsGeneral, app);
    expect(screen.getByText(/follows your system's light or dark setting/)).toBeInTheDocument();
  });

  it("names the account in use: the demo's, a connected one, or none", async () => {
    const demo = await setup({ mode: "demo" });
    const { unmount } = renderWith(SettingsGeneral, demo);
    expect(screen.getByRole("region", { name: "Zoom account in use" })).toHaveTextContent("The demo's simulated Zoom account");
    unmount();

    const connected = await setup({
      mode: "connected",
      accounts: [fakeAccount({ id: "a1", name: "School", accountId: "ACC-77", plan: "business" })],
    });
    renderWith(SettingsGeneral, connected);
    const region = screen.getByRole("region", { name: "Zoom account in use" });
    expect(region).toHaveTextContent("School");
    expect(region).toHaveTextContent("ACC-77");
    expect(region).toHaveTextContent("Business");
    expect(screen.getByRole("link", { name: "Manage Zoom accounts" })).toHaveAttribute("href", "/settings");
  });
});
