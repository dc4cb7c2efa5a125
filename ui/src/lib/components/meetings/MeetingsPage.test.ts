import { screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { meetingsOf } from "$lib/ipc/fake-meetings";
import { renderWith, setup } from "$lib/testing/render";
import MeetingsPage from "./MeetingsPage.svelte";

const NOW = Date.parse("2030-01-10T12:00:00Z");
const items = () => screen.queryAllByTestId("meeting-item");

describe("MeetingsPage", () => {
  it("says what to do when there is no meeting yet", async () => {
    const app = await setup({ mode: "demo" });
    renderWith(MeetingsPage, app, { now: () => NOW });
    expect(await screen.findByRole("heading", { name: "No meetings yet: create one, or import one from Zoom" })).toBeInTheDocument();
    expect(screen.getAllByRole("link", { name: "New meeting" }).every((a) => a.getAttribute("href") === "/meetings/new")).toBe(true);
    expect(screen.getByLabelText("Zoom meeting id")).toBeInTheDocument();
  });

  it("filters upcoming, past and changed-in-Zoom meetings with chips that show their counts", async () => {
    const app = await setup({ mode: "demo" });
    const m = meetingsOf(app.backend);
    m.add({ topic: "Next week", startTime: "2030-01-17T10:00:00Z", startLocal: "2030-01-17 11:00" });
    m.add({ topic: "Last week", startTime: "2030-01-03T10:00:00Z", startLocal: "2030-01-03 11:00" });
    m.add({
      topic: "Moved in Zoom",
      startTime: "2030-01-20T10:00:00Z",
      startLocal: "2030-01-20 11:00",
      drift: { checkedAt: "2030-01-09T00:00:00Z", deletedInZoom: false, differences: [{ kind: "startTime", message: "Moved." }] },
    });
    m.add({ topic: "Deleted here", startTime: "2030-01-18T10:00:00Z", status: "deleted" });
    renderWith(MeetingsPage, app, { now: () => NOW });

    await waitFor(() => expect(items()).toHaveLength(2));
    expect(items().map((i) => i.querySelector("a")?.textContent)).toEqual(["Next week", "Moved in Zoom"]);
    expect(items()[0]).toHaveTextContent("2030-01-17 11:00 (Europe/Berlin)");
    expect(items()[1]).toHaveTextContent("Changed in Zoom");
    const user = userEvent.setup();
    const upcoming = screen.getByRole("button", { name: /Upcoming/ });
    expect(upcoming).toHaveAttribute("aria-pressed", "true");
    expect(upcoming).toHaveTextContent("2");

    await user.click(screen.getByRole("button", { name: /Past/ }));
    expect(items().map((i) => i.querySelector("a")?.textContent)).toEqual(["Last week"]);
    await user.click(screen.getByRole("button", { name: /Changed in Zoom/ }));
    expect(items().map((i) => i.querySelector("a")?.textContent)).toEqual(["Moved in Zoom"]);
    expect(items()[0].querySelector("a")).toHaveAttribute("href", "/meetings/view?meeting=3");
  });

  it("imports a meeting by its Zoom id, and shows Zoom's answer when there is none", async () => {
    const app = await setup({ mode: "demo" });
    meetingsOf(app.backend).add({ topic: "Existing", startTime: "2030-01-17T10:00:00Z" });
    renderWith(MeetingsPage, app, { now: () => NOW });
    const user = userEvent.setup();
    await waitFor(() => expect(items()).toHaveLength(1));

    await user.type(screen.getByLabelText("Zoom meeting id"), "1234");
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByText("Zoom has no meeting 1234 in this account. Check the number in the Zoom portal.")).toBeInTheDocument();

    await user.clear(screen.getByLabelText("Zoom meeting id"));
    await user.type(screen.getByLabelText("Zoom meeting id"), "872 1234 5678");
    await user.click(screen.getByRole("button", { name: "Import" }));
    expect(await screen.findByText('Imported "Imported meeting 87212345678".')).toBeInTheDocument();
    expect(app.backend.callsOf("meetingImport").at(-1)).toEqual(["872 1234 5678"]);
  });
});
