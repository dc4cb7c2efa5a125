// Demo mode → import two people → open one's page from the People table → a bad email is
// caught by the field, a good edit saves → Settings → Attendance saves a threshold.
// Skips (never fails) while the desktop app has no person commands.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { axeViolations } from "./lib/axe.mjs";
import { click, freshProfile, launchApp, removeProfile, screenshot, shown, test, textContaining } from "./lib/harness.mjs";

const CSV = [
  "external_id,email,first_name,last_name,groups",
  "PP-1,ada.pp@example.org,Ada,Lovelace,E2E Choir",
  "PP-2,grace.pp@example.org,Grace,Hopper,E2E Staff",
  "",
].join("\n");

let profile;
let app;
let dir;

before(() => {
  profile = freshProfile();
  dir = mkdtempSync(path.join(os.tmpdir(), "rollcall-e2e-person-"));
});

after(async () => {
  await app?.stop();
  removeProfile(profile);
  rmSync(dir, { recursive: true, force: true });
});

async function hasCommand(browser, command, args) {
  const answer = await browser.executeAsync((name, payload, done) => {
    const invoke = window.__TAURI_INTERNALS__?.invoke;
    if (!invoke) return done({ ok: false, error: "no Tauri IPC in the page" });
    invoke(name, payload).then(
      () => done({ ok: true }),
      (error) => done({ ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
    );
  }, command, args).catch((error) => ({ ok: false, error: String(error?.message ?? error) }));
  if (answer.ok) return true;
  if (/command not found|not allowed|unknown command/i.test(answer.error)) return false;
  return true; // the command exists and answered with an AppError
}

test("open a person's page from People, edit the profile, set an attendance threshold", async (t) => {
  app = await launchApp(profile, "person");
  const { browser } = app;

  await shown(browser, '[data-testid="first-run"]');
  await click(browser, "#try-demo");
  await shown(browser, "#demo-badge", 30000);
  if (!(await hasCommand(browser, "person_get", { externalId: "nobody" }))) {
    t.skip("this build of the app has no person commands (rebuild it with scripts/lib/build-e2e-app.sh)");
    return;
  }

  const file = path.join(dir, "members.csv");
  writeFileSync(file, CSV);
  await browser.execute((p) => {
    window.__ROLLCALL_E2E_IMPORT_PATH__ = p;
  }, file);
  await click(browser, "#nav-people");
  await shown(browser, "#people-title");
  await click(browser, "#import-people");
  await click(browser, "#choose-file");
  await click(browser, "#import-confirm", 30000);
  await textContaining(browser, "#import-result", "2 people added");
  await click(browser, "#import-done");
  await shown(browser, '[data-testid="person-row"]');

  // The demo starts with 216 people in the virtualized table: search to find the imported ones.
  await browser.$("#people-search").setValue("pp@example.org");
  await textContaining(browser, '[data-testid="people-table"]', "ada.pp@example.org");
  // The external id in the People table opens the person's page.
  const link = await browser.$('[data-testid="person-page-link"][aria-label="PP-1: open the page of Ada Lovelace"]');
  await link.click();
  await textContaining(browser, "#person-name", "Ada Lovelace");
  await textContaining(browser, "#person-zoom", "Not in Zoom yet");
  await shown(browser, "#person-history-empty");
  await screenshot(browser, "40-person-page");
  assert.deepEqual(await axeViolations(browser, "person-page"), [], "no serious accessibility problems");

  await click(browser, "#person-edit");
  const externalId = await shown(browser, "#person-edit-external-id");
  assert.equal(await externalId.getAttribute("readonly"), "true", "the external id cannot be edited");
  const email = await browser.$("#person-edit-email");
  await email.clearValue();
  await email.setValue("not-an-email");
  await click(browser, "#person-edit-save");
  await textContaining(browser, "#person-edit-email-error", "is not an email address");
  await screenshot(browser, "41-person-edit-invalid");
  await email.clearValue();
  await email.setValue("ada.king@example.org");
  const groups = await browser.$("#person-edit-groups");
  await groups.clearValue();
  await groups.setValue("E2E Choir, E2E Board");
  await click(browser, "#person-edit-save");
  await textContaining(browser, "#person-notice", "Saved.");
  await textContaining(browser, "#person-email", "ada.king@example.org");
  await textContaining(browser, "#person-groups", "E2E Board, E2E Choir");
  await screenshot(browser, "42-person-saved");

  // The same person in the People table has the new email.
  await click(browser, "#person-back");
  await (await shown(browser, "#people-search")).setValue("ada.king");
  await textContaining(browser, '[data-testid="people-table"]', "ada.king@example.org");

  await click(browser, "#nav-settings");
  await click(browser, "#settings-attendance");
  const late = await shown(browser, "#attendance-late");
  await browser.waitUntil(async () => (await browser.$("#attendance-settings-save").isEnabled()), {
    timeout: 10000,
    timeoutMsg: "the attendance settings did not load",
  });
  assert.equal(await late.getValue(), "5", "the default late threshold is 5 minutes");
  await late.clearValue();
  await late.setValue("10");
  await click(browser, "#attendance-settings-save");
  await textContaining(browser, "#attendance-settings-notice", "Saved.");
  await screenshot(browser, "43-settings-attendance");
  assert.deepEqual(await axeViolations(browser, "settings-attendance"), [], "no serious accessibility problems");

  // Saved in the store: a fresh read answers 10.
  await browser.refresh();
  const again = await shown(browser, "#attendance-late");
  await browser.waitUntil(async () => (await again.getValue()) === "10", {
    timeout: 10000,
    timeoutMsg: "the saved threshold did not come back after a reload",
  });
});
