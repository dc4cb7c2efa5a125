import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakeAccount } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import AccountsList from "./AccountsList.svelte";

const main = fakeAccount({ id: "a1", name: "Main office", accountId: "MAIN123" });
const lab = fakeAccount({
  id: "a2",
  name: "Test lab",
  accountId: "LAB456",
  plan: "business",
  apiBase: "http://127.0.0.1:4010/v2",
});

async function rows() {
  return screen.findAllByTestId("account-row");
}

describe("AccountsList", () => {
  it("lists accounts with id, plan, the host when not real Zoom, and which is in use", async () => {
    const app = await setup({ mode: "connected", accounts: [main, lab], activeAccountId: "a1" });
    renderWith(AccountsList, app);

    const [first, second] = await rows();
    expect(first).toHaveTextContent("Main office");
    expect(first).toHaveTextContent("MAIN123");
    expect(first).toHaveTextContent("Pro");
    expect(first).toHaveTextContent("In use");
    expect(first).not.toHaveTextContent("api.zoom.us");
    expect(within(first).queryByRole("button", { name: "Use Main office" })).toBeNull();
    expect(second).toHaveTextContent("127.0.0.1:4010");
    expect(second).toHaveTextContent("Business");
    expect(within(second).getByRole("button", { name: "Use Test lab" })).toBeInTheDocument();
  });

  it("renames inline", async () => {
    const app = await setup({ mode: "connected", accounts: [main, lab], activeAccountId: "a1" });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    await rows();
    await user.click(screen.getByRole("button", { name: "Rename Test lab" }));
    const input = screen.getByLabelText("New name for Test lab");
    expect(input).toHaveFocus();
    await user.clear(input);
    await user.type(input, "Staging{Enter}");

    expect(app.backend.callsOf("accountsRename")).toEqual([["a2", "Staging"]]);
    const [, second] = await rows();
    await waitFor(() => expect(second).toHaveTextContent("Staging"));
    expect(screen.queryByLabelText("New name for Test lab")).toBeNull();
  });

  it("cancels a rename with Escape", async () => {
    const app = await setup({ mode: "connected", accounts: [main], activeAccountId: "a1" });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    await rows();
    await user.click(screen.getByRole("button", { name: "Rename Main office" }));
    await user.type(screen.getByLabelText("New name for Main office"), " changed{Escape}");

    expect(screen.queryByLabelText("New name for Main office")).toBeNull();
    expect(app.backend.callsOf("accountsRename")).toHaveLength(0);
    expect(screen.getByRole("button", { name: "Rename Main office" })).toHaveFocus();
  });

  it("asks before removing, naming the account and the keychain", async () => {
    const app = await setup({ mode: "connected", accounts: [main, lab], activeAccountId: "a1" });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    await rows();
    await user.click(screen.getByRole("button", { name: "Remove Test lab" }));
    const dialog = screen.getByRole("alertdialog", { name: "Remove “Test lab”?" });
    expect(dialog).toHaveAccessibleDescription(/client secret from this computer's keychain/);
    expect(within(dialog).getByRole("button", { name: "Keep it" })).toHaveFocus();
    expect(app.backend.callsOf("accountsRemove")).toHaveLength(0);

    await user.click(within(dialog).getByRole("button", { name: "Remove account" }));

    expect(app.backend.callsOf("accountsRemove")).toEqual([["a2"]]);
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect(screen.getByRole("status")).toHaveTextContent("Removed “Test lab” and its client secret.");
  });

  it("keeps the account when removal is cancelled", async () => {
    const app = await setup({ mode: "connected", accounts: [main], activeAccountId: "a1" });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    await rows();
    await user.click(screen.getByRole("button", { name: "Remove Main office" }));
    await user.click(screen.getByRole("button", { name: "Keep it" }));

    expect(screen.queryByRole("alertdialog")).toBeNull();
    expect(app.backend.callsOf("accountsRemove")).toHaveLength(0);
    expect(await rows()).toHaveLength(1);
  });

  it("tests an account and shows the report or the error", async () => {
    const app = await setup({ mode: "connected", accounts: [main, lab], activeAccountId: "a1" });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    const [first, second] = await rows();
    await user.click(screen.getByRole("button", { name: "Test connection for Main office" }));
    expect(await within(first).findByText(/Connected to Zoom as owner@example.org/)).toBeInTheDocument();

    app.backend.failNext("accountsTest", {
      code: "ZoomMissingScope",
      message:
        "The Zoom app is missing a permission Rollcall needs. Open the app's Scopes page in the Zoom Marketplace and add user:read:admin.",
      detail: "GET /users/me: 400 code 4711 invalid access token, does not contain scopes:[user:read:admin]",
    });
    await user.click(screen.getByRole("button", { name: "Test connection for Test lab" }));
    const alert = await within(second).findByRole("alert");
    expect(alert).toHaveTextContent("missing a permission");
    expect(alert).toHaveTextContent("Scopes page");
  });

  it("switches the account in use", async () => {
    const app = await setup({ mode: "demo", accounts: [main] });
    renderWith(AccountsList, app);
    const user = userEvent.setup();

    await rows();
    await user.click(screen.getByRole("button", { name: "Use Main office" }));

    expect(app.session.mode).toBe("connected");
    expect(app.session.status?.activeAccount?.id).toBe("a1");
    expect(await screen.findByText("In use")).toBeInTheDocument();
  });
});
