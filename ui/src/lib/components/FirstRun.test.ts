import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { renderWith, setup } from "$lib/testing/render";
import FirstRun from "./FirstRun.svelte";

describe("FirstRun", () => {
  it("says what Rollcall is and offers the two ways in", async () => {
    const app = await setup();
    renderWith(FirstRun, app, { onconnect: () => {} });

    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Welcome to Rollcall");
    expect(screen.getByText(/who attended/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: /Try the demo/ })).toHaveAttribute("id", "try-demo");
    expect(screen.getByRole("button", { name: /Connect your Zoom account/ })).toHaveAttribute(
      "id",
      "connect-zoom",
    );
  });

  it("starts the demo", async () => {
    const app = await setup();
    renderWith(FirstRun, app, { onconnect: () => {} });

    await userEvent.click(screen.getByRole("button", { name: /Try the demo/ }));

    expect(app.backend.callsOf("startDemo")).toHaveLength(1);
    expect(app.session.mode).toBe("demo");
  });

  it("shows why the demo could not start", async () => {
    const app = await setup();
    app.backend.failNext("startDemo", {
      code: "Database",
      message: "Rollcall couldn't open its database.",
      detail: "sqlite: disk I/O error",
    });
    renderWith(FirstRun, app, { onconnect: () => {} });

    await userEvent.click(screen.getByRole("button", { name: /Try the demo/ }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Rollcall couldn't open its database.");
    expect(app.session.mode).toBe("firstRun");
  });

  it("goes to the connect form", async () => {
    const app = await setup();
    const onconnect = vi.fn();
    renderWith(FirstRun, app, { onconnect });

    await userEvent.click(screen.getByRole("button", { name: /Connect your Zoom account/ }));

    expect(onconnect).toHaveBeenCalledOnce();
    expect(app.backend.callsOf("startDemo")).toHaveLength(0);
  });
});
