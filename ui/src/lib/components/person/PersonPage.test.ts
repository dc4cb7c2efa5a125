import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { generatePeople } from "$lib/ipc/fake";
import { generateMeetingAttendance } from "$lib/ipc/fake-attendance";
import { renderWith, setup } from "$lib/testing/render";
import PersonPage from "./PersonPage.svelte";
import { emailProblem, parseGroups } from "./PersonEditForm.svelte";

async function page(externalId = "P00005") {
  const app = await setup({ mode: "demo", people: generatePeople(12) });
  app.backend.attendance.meetings = [generateMeetingAttendance(app.backend.people, { instances: 3 })];
  app.backend.attendance.invitations.set("P00005", [
    {
      meetingId: "1",
      zoomMeetingId: "81234567890",
      topic: "Weekly choir practice",
      meetingStart: "2026-03-02T09:00:00Z",
      occurrenceId: null,
      status: "registered",
      registrationId: "reg-5",
      error: null,
      updatedAt: null,
    },
    {
      meetingId: "2",
      zoomMeetingId: "81234567891",
      topic: "Board meeting",
      meetingStart: "2026-04-01T18:00:00Z",
      occurrenceId: null,
      status: "failed",
      registrationId: null,
      error: "Zoom refused the registration.",
      updatedAt: null,
    },
  ]);
  renderWith(PersonPage, app, { externalId });
  await screen.findByRole("heading", { level: 1 });
  return app;
}

describe("PersonPage", () => {
  it("shows the profile, the Zoom user in plain words, the invitations and the attendance history", async () => {
    await page();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("Tim Lovelace");
    expect(document.getElementById("person-zoom")).toHaveTextContent("Has a Zoom user that Rollcall created.");
    const invitations = await screen.findAllByTestId("person-invitation");
    expect(invitations.map((r) => r.dataset.status)).toEqual(["registered", "failed"]);
    expect(invitations[1]).toHaveTextContent("Registration failed: Zoom refused the registration.");

    // Person index 4 over the three instances: cases 4, 5, 6 (present 60 min, present 60 min, late 48 min).
    const history = await screen.findAllByTestId("person-history-row");
    expect(history.map((r) => r.dataset.status)).toEqual(["present", "present", "late"]);
    expect(document.getElementById("person-attended")).toHaveTextContent("3 of 3 meetings invited to (100%)");
    expect(document.getElementById("person-total-time")).toHaveTextContent("2 h 48 min");
    // Capped at the scheduled hour each: (60 + 60 + 48) / 180.
    expect(document.getElementById("person-time-share")).toHaveTextContent("93%");
  });

  it("names the zone of the dates, and gives no rate to someone who only came uninvited", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(12) });
    // One instance: person index 9 (P00010) came without an invitation.
    app.backend.attendance.meetings = [generateMeetingAttendance(app.backend.people, { instances: 1 })];
    renderWith(PersonPage, app, { externalId: "P00010" });
    const rows = await screen.findAllByTestId("person-history-row");
    expect(rows.map((r) => r.dataset.status)).toEqual(["uninvited"]);
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    expect(screen.getByRole("columnheader", { name: new RegExp(`^Date \\(${zone}`) })).toBeInTheDocument();
    expect(document.getElementById("person-attended")).toHaveTextContent(
      "Not invited to any synced meeting; came to 1 meeting without an invitation",
    );
    expect(document.getElementById("person-time-share")).not.toHaveTextContent("%");
  });

  it("puts a failed or missing Zoom user into words", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(12) });
    renderWith(PersonPage, app, { externalId: "P00006" });
    expect(await screen.findByText(/Provisioning failed: Zoom already has a user with this email address/)).toBeInTheDocument();
    expect(await screen.findByText(/No attendance yet/)).toBeInTheDocument();
  });

  it("edits the profile: the external id cannot change, a bad email is caught by the field, a good edit saves", async () => {
    const app = await page();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const form = within(document.getElementById("person-edit-form")!);
    expect(form.getByLabelText(/External id/)).toHaveAttribute("readonly");
    expect(form.getByLabelText(/External id/)).toHaveValue("P00005");

    const email = form.getByLabelText("Email");
    await user.clear(email);
    await user.type(email, "not-an-email");
    await user.click(form.getByRole("button", { name: "Save" }));
    expect(form.getByText(/"not-an-email" is not an email address/)).toBeInTheDocument();
    expect(email).toHaveAttribute("aria-invalid", "true");
    expect(email).toHaveFocus();
    expect(app.backend.callsOf("personUpdate")).toHaveLength(0);

    await user.clear(email);
    await user.click(form.getByRole("button", { name: "Save" }));
    expect(form.getByText("Enter the person's email address.")).toBeInTheDocument();

    await user.type(email, "tim.new@example.org");
    await user.clear(form.getByLabelText("Groups (separated by commas)"));
    await user.type(form.getByLabelText("Groups (separated by commas)"), "Choir; Staff, choir,  ");
    await user.click(form.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(app.backend.callsOf("personUpdate")).toHaveLength(1));
    expect(app.backend.callsOf("personUpdate")[0]).toEqual([
      "P00005",
      { email: "tim.new@example.org", firstName: "Tim", lastName: "Lovelace", groups: ["Choir", "Staff"] },
    ]);
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(document.getElementById("person-email")).toHaveTextContent("tim.new@example.org");
    expect(document.getElementById("person-groups")).toHaveTextContent("Choir, Staff");
  });

  it("shows the backend's answer when the email belongs to someone else", async () => {
    await page();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Edit" }));
    const email = screen.getByLabelText("Email");
    await user.clear(email);
    await user.type(email, "ada.lovelace.1@example.org");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(/already belongs to another person \(external id P00001\)/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();
  });

  it("says when there is no such person", async () => {
    const app = await setup({ mode: "demo", people: generatePeople(2) });
    renderWith(PersonPage, app, { externalId: "nobody" });
    expect(await screen.findByText('There is no person with the id "nobody" in the directory.')).toBeInTheDocument();
  });
});

describe("the edit form's rules", () => {
  it("checks emails and reads groups", () => {
    expect(emailProblem("a@b.org")).toBeNull();
    expect(emailProblem("  a@b.org ")).toBeNull();
    expect(emailProblem("a@b")).not.toBeNull();
    expect(emailProblem("a b@c.org")).not.toBeNull();
    expect(emailProblem("")).toBe("Enter the person's email address.");
    expect(parseGroups(" Choir ;Staff,, choir ")).toEqual(["Choir", "Staff"]);
    expect(parseGroups("")).toEqual([]);
  });
});
