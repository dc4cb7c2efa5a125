import { screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { createRawSnippet } from "svelte";
import { describe, expect, it, vi } from "vitest";
import { fakeAccount } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import AppShell from "./AppShell.svelte";

const children = createRawSnippet(() => ({ render: () => "<p>Page content</p>" }));

describe("AppShell", () => {
  it("shows the Demo badge and Leave demo in demo mode", async () => {
    const app = await setup({ mode: "demo" });
    const onleftdemo = vi.fn();
    renderWith(AppShell, app, { currentPath: "/", children, onleftdemo });

    const badge = document.getElementById("demo-badge");
    expect(badge).toBeVisible();
    expect(badge).toHaveTextContent("Demo");
    expect(screen.getByText("Page content")).toBeInTheDocument();

    await userEvent.click(screen.getByRole("button", { name: "Leave demo" }));
    expect(app.backend.callsOf("leaveDemo")).toHaveLength(1);
    expect(app.session.mode).toBe("firstRun");
    expect(onleftdemo).toHaveBeenCalledOnce();
  });

  it("shows the active account and no Demo badge when connected", async () => {
    const app = await setup({ mode: "connected", accounts: [fakeAccount({ name: "Main office" })] });
    renderWith(AppShell, app, { currentPath: "/settings/about", children });

    expect(document.getElementById("demo-badge")).toBeNull();
    expect(screen.getByTestId("active-account")).toHaveTextContent("Main office");
  });

  it("lists the sections and marks the current one", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(AppShell, app, { currentPath: "/settings", children });

    const nav = screen.getByRole("navigation", { name: "Main" });
    expect(nav.querySelectorAll("li")).toHaveLength(5);
    expect(screen.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "People" })).toHaveAttribute("href", "/people");
    expect(screen.getByRole("link", { name: "Jobs" })).toHaveAttribute("href", "/jobs");
    expect(screen.getByRole("link", { name: "Meetings" })).toHaveAttribute("href", "/meetings");
    expect(screen.getByRole("link", { name: "Home" })).not.toHaveAttribute("aria-current");
    expect(screen.getByRole("region", { name: "Background work" })).toBeInTheDocument();
  });
});
