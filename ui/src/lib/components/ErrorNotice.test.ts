import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import ErrorNotice from "./ErrorNotice.svelte";

describe("ErrorNotice", () => {
  it("shows the backend's message as the main text, with the table's button", () => {
    const message = "Zoom did not accept these credentials. Check the Client secret in Settings.";
    render(ErrorNotice, { props: { error: { code: "ZoomUnauthorized", message, detail: "401" } } });
    const alert = screen.getByRole("alert");
    expect(alert.querySelector(".message")).toHaveTextContent(message);
    expect(screen.getByRole("link", { name: "Open Zoom accounts" })).toHaveAttribute("href", "/settings");
    expect(alert.textContent?.split(message)).toHaveLength(2);
  });

  it("has no button for a rate limit, and no advice of its own", () => {
    const message = "Zoom is limiting requests right now. Rollcall will try again in a minute.";
    render(ErrorNotice, { props: { error: { code: "ZoomRateLimited", message, detail: null } } });
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent(message);
    expect(screen.queryByRole("link")).toBeNull();
    expect(status.querySelectorAll("p")).toHaveLength(1);
  });
});
