import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { fakeAccount } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import Home from "./Home.svelte";

describe("Home", () => {
  it("tests the active account and says as whom Rollcall is connected", async () => {
    const app = await setup({ mode: "connected", accounts: [fakeAccount({ id: "a1", plan: "pro" })] });
    renderWith(Home, app);

    const status = await screen.findByText(/Connected to Zoom as/);
    expect(status).toHaveTextContent("Connected to Zoom as owner@example.org (Pro)");
    expect(app.backend.callsOf("accountsTest")).toEqual([["a1"]]);
  });

  it("shows the error and what to do when the test fails", async () => {
    const app = await setup({ mode: "connected", accounts: [fakeAccount({ id: "a1" })] });
    app.backend.failNext("accountsTest", {
      code: "ZoomNetwork",
      message: "Rollcall couldn't reach Zoom. Check this computer's internet connection, then try again.",
      detail: "error sending request: connection refused",
    });
    renderWith(Home, app);

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("Rollcall couldn't reach Zoom.");
    expect(notice).toHaveTextContent("internet connection");
    // The backend's message is all the advice: nothing added, no button for a network error.
    expect(notice.querySelectorAll("p")).toHaveLength(1);
  });

  it("says it is a demo with simulated data", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(Home, app);

    expect(screen.getByRole("heading", { name: "This is a demo" })).toBeInTheDocument();
    expect(screen.getByText(/simulated data/)).toBeInTheDocument();
    expect(app.backend.callsOf("accountsTest")).toHaveLength(0);
  });
});
