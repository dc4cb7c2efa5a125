import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { fakePerson } from "$lib/ipc/fake";
import { renderWith, setup } from "$lib/testing/render";
import ImportWizard from "./ImportWizard.svelte";

const CSV = [
  "external_id,email,first_name,last_name,groups",
  "P1,ada.lovelace@example.org,Ada,Byron,Choir",
  "P2,grace@example.org,Grace,Hopper,Staff",
  "P3,not-an-email,Alan,Turing,Staff",
  ",katherine@example.org,Katherine,Johnson,Youth",
  "P5,margaret@example.org,Margaret,Hamilton,Youth",
].join("\n");

async function start() {
  const app = await setup({
    mode: "demo",
    people: [fakePerson({ externalId: "P1", email: "ada.lovelace@example.org", firstName: "Ada", lastName: "Lovelace" })],
  });
  app.backend.files.set("/home/admin/members.csv", CSV);
  app.backend.nextImportPath = "/home/admin/members.csv";
  renderWith(ImportWizard, app);
  return app;
}

describe("ImportWizard", () => {
  it("previews counts, every rejected row with line and column, and the updates, then imports", async () => {
    const app = await start();
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Choose a CSV file…" }));

    expect(await screen.findByRole("heading", { name: "Check the import" })).toHaveFocus();
    const counts = document.getElementById("import-counts") as HTMLElement;
    expect(within(counts).getByText("New people").nextElementSibling).toHaveTextContent("2");
    expect(within(counts).getByText("Updated").nextElementSibling).toHaveTextContent("1");
    expect(within(counts).getByText("Rows with errors").nextElementSibling).toHaveTextContent("2");

    const errors = screen.getAllByTestId("row-error");
    expect(errors.map((e) => e.getAttribute("aria-label"))).toEqual([
      'line 4, column email: "not-an-email" is not an email address.',
      "line 5, column external_id: The external id is empty. Every person needs one.",
    ]);
    expect(within(errors[0]).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "4",
      "email",
      '"not-an-email" is not an email address.',
    ]);

    const updates = document.getElementById("import-updates") as HTMLElement;
    expect(updates).toHaveTextContent("Last name");
    expect(updates.querySelector(".old")).toHaveTextContent("Lovelace");
    expect(updates.querySelector(".new")).toHaveTextContent("Byron");
    expect(app.backend.callsOf("peopleImport")).toHaveLength(0);

    await user.click(screen.getByRole("button", { name: "Import 3 people" }));
    expect(await screen.findByRole("heading", { name: "Import finished" })).toBeInTheDocument();
    expect(screen.getByText(/2 people added, 1 updated, 0\s+unchanged\.\s+2 rows not imported\./)).toBeInTheDocument();
    expect(screen.getAllByTestId("row-error")).toHaveLength(2);
    expect(app.backend.callsOf("peopleImport")).toEqual([["/home/admin/members.csv"]]);
    expect(app.backend.people.map((p) => p.externalId)).toEqual(["P1", "P2", "P5"]);
    expect(screen.getByRole("link", { name: "Go to People" })).toHaveAttribute("href", "/people");
  });

  it("stays on the first step when the file dialog is cancelled", async () => {
    const app = await start();
    app.backend.nextImportPath = null;
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Choose a CSV file…" }));
    await waitFor(() => expect(app.backend.callsOf("chooseImportFile")).toHaveLength(1));
    expect(screen.getByRole("heading", { name: "Import people" })).toBeInTheDocument();
    expect(app.backend.callsOf("peopleImportPreview")).toHaveLength(0);
  });

  it("shows the backend's message when the file can't be read", async () => {
    const app = await start();
    app.backend.failNext("peopleImportPreview", {
      code: "Validation",
      message: "The file is not UTF-8 text. Save it as 'CSV UTF-8' from your spreadsheet and try again.",
      detail: null,
    });
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Choose a CSV file…" }));
    expect(await screen.findByTestId("error-notice")).toHaveTextContent("Save it as 'CSV UTF-8'");
    expect(app.backend.callsOf("peopleImport")).toHaveLength(0);
  });
});
