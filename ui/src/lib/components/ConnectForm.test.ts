import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWith, setup } from "$lib/testing/render";
import ConnectForm from "./ConnectForm.svelte";

async function fill(secret: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Name"), "Riverside");
  await user.type(screen.getByLabelText("Account ID"), "acct-42");
  await user.type(screen.getByLabelText("Client ID"), "client-42");
  await user.type(screen.getByLabelText("Client secret"), secret);
  return user;
}

describe("ConnectForm", () => {
  it("has an accessible name on every control and hides the secret", async () => {
    const app = await setup();
    renderWith(ConnectForm, app, { successDelayMs: 0 });

    for (const label of ["Name", "Account ID", "Client ID", "Client secret", "Zoom plan"]) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    expect(screen.getByLabelText("Client secret")).toHaveAttribute("type", "password");
    expect(screen.getByLabelText("API base URL")).toHaveAttribute("placeholder", "https://api.zoom.us/v2");
    expect(screen.getByLabelText("OAuth base URL")).toHaveAttribute("placeholder", "https://zoom.us");
    expect(screen.getByText("Advanced").closest("details")).not.toHaveAttribute("open");
  });

  it("explains what the plan changes", async () => {
    const app = await setup();
    renderWith(ConnectForm, app, { successDelayMs: 0 });

    await userEvent.selectOptions(screen.getByLabelText("Zoom plan"), "free");
    expect(screen.getByLabelText("Zoom plan")).toHaveAccessibleDescription(/can't use meeting registration/);
  });

  it("connects, says as whom, makes the account the active one and clears the secret", async () => {
    const app = await setup();
    const onconnected = vi.fn();
    renderWith(ConnectForm, app, { onconnected, successDelayMs: 0 });

    const user = await fill("the-right-secret");
    await user.selectOptions(screen.getByLabelText("Zoom plan"), "business");
    await user.click(screen.getByRole("button", { name: "Connect" }));

    expect(await screen.findByText("Connected to Zoom as owner@example.org")).toBeInTheDocument();
    await waitFor(() => expect(onconnected).toHaveBeenCalledOnce());
    expect(app.backend.callsOf("accountsAdd")).toEqual([
      [
        {
          name: "Riverside",
          accountId: "acct-42",
          clientId: "client-42",
          clientSecret: "<redacted>",
          plan: "business",
          apiBase: null,
          oauthBase: null,
        },
      ],
    ]);
    expect(app.session.mode).toBe("connected");
    expect(app.session.status?.activeAccount?.name).toBe("Riverside");
    expect(screen.getByLabelText("Client secret")).toHaveValue("");
  });

  it("sends the base URLs from Advanced", async () => {
    const app = await setup();
    renderWith(ConnectForm, app, { successDelayMs: 0 });

    const user = await fill("s3cret");
    await user.click(screen.getByText("Advanced"));
    await user.type(screen.getByLabelText("API base URL"), "http://127.0.0.1:9999/v2");
    await user.type(screen.getByLabelText("OAuth base URL"), "http://127.0.0.1:9999");
    await user.click(screen.getByRole("button", { name: "Connect" }));

    await screen.findByText(/Connected to Zoom as/);
    const [[input]] = app.backend.callsOf("accountsAdd") as [[Record<string, unknown>]];
    expect(input.apiBase).toBe("http://127.0.0.1:9999/v2");
    expect(input.oauthBase).toBe("http://127.0.0.1:9999");
  });

  it("shows Zoom's refusal as the backend words it, without repeated advice, and clears the secret", async () => {
    const app = await setup();
    app.backend.acceptedSecrets.add("the-right-secret");
    const onconnected = vi.fn();
    renderWith(ConnectForm, app, { onconnected, successDelayMs: 0 });

    const user = await fill("a-wrong-secret");
    await user.click(screen.getByRole("button", { name: "Connect" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveAttribute("id", "error-message");
    const message = alert.querySelector(".message");
    expect(message).toHaveTextContent(/^Zoom did not accept these credentials\. Check the Account ID/);
    expect(alert.querySelectorAll("p")).toHaveLength(1);
    // The form is where the fix happens: no button sending the admin elsewhere.
    expect(alert.querySelector('[data-testid="error-action"]')).toBeNull();
    const details = alert.querySelector("details");
    expect(details).not.toBeNull();
    expect(details).not.toHaveAttribute("open");
    expect(details).toHaveTextContent("400 invalid_client");

    const secret = screen.getByLabelText("Client secret");
    expect(secret).toHaveValue("");
    expect(secret).toHaveFocus();
    expect(onconnected).not.toHaveBeenCalled();
    expect(app.backend.accounts).toHaveLength(0);
    expect(app.session.mode).toBe("firstRun");

    // The other fields are kept, so only the secret needs typing again.
    expect(screen.getByLabelText("Account ID")).toHaveValue("acct-42");
    await user.type(secret, "the-right-secret");
    await user.click(screen.getByRole("button", { name: "Connect" }));
    expect(await screen.findByText("Connected to Zoom as owner@example.org")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("asks for missing fields before calling Zoom", async () => {
    const app = await setup();
    renderWith(ConnectForm, app, { successDelayMs: 0 });

    await userEvent.click(screen.getByRole("button", { name: "Connect" }));

    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Client secret")).toHaveAccessibleDescription(/Paste the Client secret/);
    expect(app.backend.callsOf("accountsAdd")).toHaveLength(0);
  });

  it("says it is testing the connection while waiting", async () => {
    const app = await setup({ delayMs: 50 });
    renderWith(ConnectForm, app, { successDelayMs: 0 });

    const user = await fill("s3cret");
    await user.click(screen.getByRole("button", { name: "Connect" }));

    expect(screen.getByRole("button", { name: "Testing connection…" })).toBeDisabled();
    await screen.findByText(/Connected to Zoom as/);
  });
});
