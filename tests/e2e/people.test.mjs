// Demo mode → People → import a CSV with some bad rows (each shown with its line and column) →
// import the good ones → provision a group → the progress bar finishes.
// Skips (never fails) while the desktop app has no people commands yet.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { axeViolations } from "./lib/axe.mjs";
import { click, freshProfile, launchApp, removeProfile, screenshot, shown, test, textContaining } from "./lib/harness.mjs";

const GROUP = "E2E Choir";
// Line 1 is the header. Lines 4 and 6 are rejected: a bad email, and no external id.
const CSV = [
  "external_id,email,first_name,last_name,groups",
  "E2E-1,ada.e2e@example.org,Ada,Lovelace,E2E Choir",
  "E2E-2,grace.e2e@example.org,Grace,Hopper,E2E Choir",
  "E2E-3,not-an-email,Alan,Turing,E2E Choir",
  "E2E-4,katherine.e2e@example.org,Katherine,Johnson,E2E Choir",
  ",margaret.e2e@example.org,Margaret,Hamilton,E2E Choir",
  "E2E-6,linus.e2e@example.org,Linus,Torvalds,E2E Staff",
  "",
].join("\n");

let profile;
let app;
let dir;

before(() => {
  profile = freshProfile();
  dir = mkdtempSync(path.join(os.tmpdir(), "rollcall-e2e-people-"));
});

after(async () => {
  await app?.stop();
  removeProfile(profile);
  rmSync(dir, { recursive: true, force: true });
});

/** Whether the app answers `people_list`; `{ ok: false, reason }` when the command doesn't exist. */
async function peopleCommands(browser) {
  // WebKitWebDriver may report the IPC's rejection as a script error of its own: same answer.
  const answer = await browser.executeAsync((done) => {
    const invoke = window.__TAURI_INTERNALS__?.invoke;
    if (!invoke) return done({ ok: false, error: "no Tauri IPC in the page" });
    invoke("people_list", { filter: { search: null, group: null, status: "all", provisioning: "all" } }).then(
      () => done({ ok: true }),
      (error) => done({ ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
    );
  }).catch((error) => ({ ok: false, error: String(error?.message ?? error) }));
  if (answer.ok) return { ok: true };
  if (/command not found|not allowed|unknown command/i.test(answer.error)) return { ok: false, reason: answer.error };
  // Anything else (an AppError from an existing command, a driver problem) is a real failure.
  throw new Error(`people_list failed: ${answer.error}`);
}

test("import people with bad rows, see each one, import the rest, provision a group", async (t) => {
  app = await launchApp(profile, "people");
  const { browser } = app;

  await shown(browser, '[data-testid="first-run"]');
  await click(browser, "#try-demo");
  await shown(browser, "#demo-badge", 30000);

  if (!(await browser.$("#nav-people").isExisting())) {
    t.skip("this build of the app has no People page (rebuild it with scripts/lib/build-e2e-app.sh)");
    return;
  }
  await click(browser, "#nav-people");
  await shown(browser, "#people-title");
  const commands = await peopleCommands(browser);
  if (!commands.ok) {
    t.skip(`the desktop app has no people_list command yet (${commands.reason}); the People page needs the lead's people commands`);
    return;
  }

  // The native file dialog can't be driven over WebDriver: the wizard's test hook takes the path.
  const file = path.join(dir, "members.csv");
  writeFileSync(file, CSV);
  await browser.execute((p) => {
    window.__ROLLCALL_E2E_IMPORT_PATH__ = p;
  }, file);

  await click(browser, "#import-people");
  await shown(browser, "#choose-file");
  await click(browser, "#choose-file");

  await shown(browser, "#import-errors", 30000);
  const rejected = await browser.execute(() =>
    [...document.querySelectorAll('#import-errors [data-testid="row-error"]')].map((row) => ({
      label: row.getAttribute("aria-label"),
      line: Number(row.querySelector("td")?.textContent),
    })),
  );
  assert.deepEqual(
    [...new Set(rejected.map((r) => r.line))],
    [4, 6],
    `the bad rows are listed by line: ${JSON.stringify(rejected)}`,
  );
  assert.ok(
    rejected.some((r) => /^line 4, column email: /.test(r.label)),
    `line 4's email is named with its column: ${JSON.stringify(rejected)}`,
  );
  const counts = await browser.$("#import-counts").getText();
  assert.match(counts, /New people\s*4/, `counts: ${counts}`);
  await screenshot(browser, "20-people-import-preview");
  assert.deepEqual(await axeViolations(browser, "people-import-preview"), [], "no serious accessibility problems");

  const confirm = await browser.$("#import-confirm");
  assert.equal(await confirm.getText(), "Import 4 people");
  await confirm.click();
  await textContaining(browser, "#import-result", "4 people added");
  assert.equal((await browser.$$('#result-errors [data-testid="row-error"]')).length, rejected.length, "the rejected rows stay listed for fixing");

  await click(browser, "#import-done");
  await shown(browser, '[data-testid="person-row"]');
  // The demo comes with 216 people already: search to find the imported ones in the
  // virtualized table.
  await browser.$("#people-search").setValue("e2e@example.org");
  await textContaining(browser, '[data-testid="people-table"]', "ada.e2e@example.org");
  await screenshot(browser, "21-people-imported");
  assert.deepEqual(await axeViolations(browser, "people-list"), [], "no serious accessibility problems");

  // Provision the group: the confirmation names how many people get Zoom users.
  await click(browser, "#provision-people");
  await shown(browser, "#provision-dialog");
  await click(browser, '#provision-dialog input[name="scope"][value="group"]');
  await (await shown(browser, "#provision-group")).selectByVisibleText(GROUP);
  await textContaining(browser, "#provision-summary", "for up to 3 people");
  const start = await browser.$("#provision-confirm");
  assert.equal(await start.getText(), "Provision 3 people");
  await start.click();

  await shown(browser, '[data-testid="people-job"]');
  await browser.waitUntil(
    async () => ["completed", "failed", "cancelled"].includes(await browser.$('[data-testid="people-job"]').getAttribute("data-state")),
    { timeout: 90000, interval: 250, timeoutMsg: "the provisioning job did not finish within 90 s" },
  );
  const state = await browser.$('[data-testid="people-job"]').getAttribute("data-state");
  const summary = await browser.$("#people-job-state").getText();
  assert.equal(state, "completed", `the job finished: ${summary}`);
  const bar = await browser.$("#people-job-progress");
  assert.equal(await bar.getAttribute("value"), await bar.getAttribute("max"), "the progress bar is full");
  await screenshot(browser, "22-provision-done");
});
