// Demo mode → import a small CSV with a group (People import wizard) → Meetings → New meeting
// with the invite-only preset → Invitees → invite the group → the registration job finishes →
// every invitee has a distinct join link → export the links to a file (one row per invitee,
// distinct links) → screenshots and an accessibility check. The native dialogs are bypassed by
// the pages' test hooks (__ROLLCALL_E2E_IMPORT_PATH__, __ROLLCALL_E2E_EXPORT_PATH__).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { axeViolations } from "./lib/axe.mjs";
import {
  click,
  freshProfile,
  importPeopleCsv,
  launchApp,
  removeProfile,
  screenshot,
  shown,
  test,
  textContaining,
} from "./lib/harness.mjs";

const GROUP = "E2E Board";
const TOPIC = "E2E board meeting";
const CSV = [
  "external_id,email,first_name,last_name,groups",
  "M-1,ada.meet@example.org,Ada,Lovelace,E2E Board",
  "M-2,grace.meet@example.org,Grace,Hopper,E2E Board",
  "M-3,katherine.meet@example.org,Katherine,Johnson,E2E Board",
  "M-4,linus.meet@example.org,Linus,Torvalds,E2E Staff",
  "",
].join("\n");

let profile;
let app;
let dir;

before(() => {
  profile = freshProfile();
  dir = mkdtempSync(path.join(os.tmpdir(), "rollcall-e2e-meetings-"));
});

after(async () => {
  await app?.stop();
  removeProfile(profile);
  rmSync(dir, { recursive: true, force: true });
});

/** Sets an input's value the way typing would (datetime-local pickers differ between engines). */
async function setInput(browser, selector, value) {
  await browser.execute(
    (sel, v) => {
      const el = document.querySelector(sel);
      el.value = v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    },
    selector,
    value,
  );
}

/** The invitee rows as the table holds them (read from the DOM: the table is virtualized). */
async function inviteeRows(browser) {
  return browser.execute(() =>
    [...document.querySelectorAll('[data-testid="invitee-row"]')].map((row) => ({
      id: row.getAttribute("data-external-id"),
      status: row.getAttribute("data-status"),
      link: row.querySelector('[data-testid="copy-link"]')?.getAttribute("data-link") ?? null,
    })),
  );
}

test("create an invite-only meeting, invite a group, every invitee gets a distinct link, export the links", async (t) => {
  app = await launchApp(profile, "meetings");
  const { browser } = app;

  await shown(browser, '[data-testid="first-run"]');
  await click(browser, "#try-demo");
  await shown(browser, "#demo-badge", 30000);

  // People with a group, through the import wizard (its test hook replaces the file dialog).
  const csv = path.join(dir, "members.csv");
  writeFileSync(csv, CSV);
  // Offers "Import 4 people", and says "4 people added" (importPeopleCsv checks both).
  await importPeopleCsv(browser, csv, 4);

  // Rollcall creates their Zoom users, so they can also have authenticated links.
  await click(browser, "#provision-people");
  await shown(browser, "#provision-dialog");
  await click(browser, '#provision-dialog input[name="scope"][value="group"]');
  await (await shown(browser, "#provision-group")).selectByVisibleText(GROUP);
  await textContaining(browser, "#provision-summary", "for up to 3 people");
  await click(browser, "#provision-confirm");
  await shown(browser, '[data-testid="people-job"]');
  await browser.waitUntil(async () => (await browser.$('[data-testid="people-job"]').getAttribute("data-state")) === "completed", {
    timeout: 90000,
    interval: 250,
    timeoutMsg: "provisioning the group did not complete within 90 s",
  });

  // Meetings: the demo's own meetings are listed (the empty state is MeetingsPage.test.ts's).
  await click(browser, "#nav-meetings");
  await shown(browser, "#meetings-title");
  await shown(browser, '[data-testid="meeting-item"]', 30000);
  await screenshot(browser, "30-meetings-list");
  assert.deepEqual(await axeViolations(browser, "meetings-list"), [], "no serious accessibility problems");

  // New meeting: the invite-only preset is on; the host is the account's licensed user.
  await click(browser, "#new-meeting");
  await shown(browser, "#meeting-form-title");
  await browser.waitUntil(async () => (await browser.$$("#meeting-hostEmail option")).length > 1, {
    timeout: 30000,
    timeoutMsg: "the licensed hosts never arrived",
  });
  await shown(browser, "#switch-inviteOnly");
  for (const key of ["inviteOnly", "waitingRoom", "passcode"]) {
    assert.equal(await browser.$(`#switch-${key}`).isSelected(), true, `${key} is on by default`);
  }
  for (const key of ["allowMultipleDevices", "joinBeforeHost", "confirmationEmail"]) {
    assert.equal(await browser.$(`#switch-${key}`).isSelected(), false, `${key} is off by default`);
  }
  await browser.$("#meeting-topic").setValue(TOPIC);
  // The host: a licensed user who is not one of the invitees (the people just provisioned are
  // licensed users too, and a host cannot be invited to their own meeting).
  const hostEmail = await browser.execute(
    (invitees) => [...document.querySelectorAll("#meeting-hostEmail option")].map((o) => o.value).find((v) => v && !invitees.includes(v)),
    CSV.split("\n").map((line) => line.split(",")[1]),
  );
  assert.ok(hostEmail, "the account has a licensed host who is not invited");
  await browser.$("#meeting-hostEmail").selectByAttribute("value", hostEmail);
  await browser.$("#meeting-timezone").selectByAttribute("value", "Europe/Berlin");
  await setInput(browser, "#meeting-start", "2030-06-04T15:00");
  await textContaining(browser, 'label[for="meeting-start"]', "Europe/Berlin");
  await screenshot(browser, "31-meeting-new");
  assert.deepEqual(await axeViolations(browser, "meeting-new"), [], "no serious accessibility problems");
  await click(browser, "#meeting-save");

  // The new meeting opens on its Invitees tab.
  await shown(browser, "#tab-invitees", 30000);
  await textContaining(browser, "#meeting-title", TOPIC);
  await textContaining(browser, "#meeting-when", "2030-06-04 15:00 (Europe/Berlin)");
  assert.equal(await browser.$("#tab-invitees").getAttribute("aria-selected"), "true");
  const url = await browser.getUrl();
  assert.match(url, /\/meetings\/view\?meeting=\d+&tab=invitees/, url);

  // A reload of the meeting page finds it again (the route is a query parameter).
  await browser.refresh();
  await shown(browser, "#invite-open", 30000);
  await textContaining(browser, "#meeting-title", TOPIC);

  // Invite the group: the confirmation names the count.
  await click(browser, "#invite-open");
  await shown(browser, "#invite-dialog");
  await click(browser, `[data-testid="invite-group"][value="${GROUP}"]`);
  await textContaining(browser, "#invite-summary", "This registers 3 people for this meeting in Zoom");
  const confirm = await browser.$("#invite-confirm");
  assert.equal(await confirm.getText(), "Invite 3 people");
  await confirm.click();

  await shown(browser, '[data-testid="invitees-job"]');
  await browser.waitUntil(
    async () =>
      ["completed", "failed", "cancelled"].includes(await browser.$('[data-testid="invitees-job"]').getAttribute("data-state")),
    { timeout: 90000, interval: 250, timeoutMsg: "the registration job did not finish within 90 s" },
  );
  const summary = await browser.$("#invitees-job-state").getText();
  assert.equal(await browser.$('[data-testid="invitees-job"]').getAttribute("data-state"), "completed", summary);

  let rows = [];
  await browser.waitUntil(
    async () => {
      rows = await inviteeRows(browser);
      return rows.length === 3 && rows.every((r) => r.status === "registered" && r.link);
    },
    { timeout: 30000, interval: 250, timeoutMsg: "the invitees never all showed as registered with a link" },
  );
  assert.deepEqual(rows.map((r) => r.id).sort(), ["M-1", "M-2", "M-3"]);
  const links = rows.map((r) => r.link);
  assert.equal(new Set(links).size, 3, `every invitee has a distinct join link: ${links.join(" ")}`);
  await textContaining(browser, "#invitees-count", "3 invitations: 3 registered");

  // Copy one link: the real app's clipboard takes it (an error would be shown instead).
  await click(browser, '[data-testid="copy-link"]');
  await textContaining(browser, "#copy-status", "is on the clipboard");
  const copiedBy = await browser.execute(() => window.__ROLLCALL_LAST_COPY__ ?? null);
  assert.ok(["clipboard-api", "copy-command"].includes(copiedBy), `the copy reached the clipboard (${copiedBy})`);
  t.diagnostic(`the link reached the clipboard through ${copiedBy}`);
  assert.equal(await browser.$("#invitees-error").isExisting(), false, "copying raised no error");

  // Authenticated links: masked, made only when revealed, shown with the expiry and the note.
  const pageText = () => browser.execute(() => document.body.textContent + [...document.querySelectorAll("textarea, input")].map((e) => e.value).join(" "));
  assert.equal((await browser.$$('[data-testid="authenticated-link"]')).length, 3, "each provisioned invitee can have one");
  assert.doesNotMatch(await pageText(), /zak=/, "no authenticated link is on screen before Reveal");
  await click(browser, '[data-testid="reveal-link"]');
  await shown(browser, "#authenticated-dialog");
  const revealed = await (await shown(browser, "#authenticated-url", 30000)).getValue();
  assert.match(revealed, /zak=/, "the revealed link carries the person's ZAK");
  assert.ok(links.some((l) => revealed.startsWith(l)), "it is the person's own join link plus their ZAK");
  await textContaining(browser, "#authenticated-expiry", "(Europe/Berlin) (90 days)");
  await textContaining(browser, "#authenticated-note", "Zoom does not document this form of link");
  await screenshot(browser, "35-authenticated-link");
  await click(browser, "#authenticated-copy");
  await textContaining(browser, "#authenticated-copy", "Copied");
  await browser.keys("Escape");
  await browser.waitUntil(async () => !(await browser.$("#authenticated-dialog").isExisting()), { timeout: 5000 });
  assert.doesNotMatch(await pageText(), /zak=/, "hiding it takes it off the screen");

  // Export the links (the save dialog's test hook names the file).
  const exported = path.join(dir, "links.csv");
  await browser.execute((p) => {
    window.__ROLLCALL_E2E_EXPORT_PATH__ = p;
  }, exported);
  await click(browser, "#export-links");
  await textContaining(browser, "#invitees-notice", "Exported the links of 3 people");
  const lines = readFileSync(exported, "utf8").trim().split(/\r?\n/);
  assert.equal(lines[0], "external_id,name,email,join_link,phone_pin,status");
  const body = lines.slice(1).map((line) => line.split(","));
  assert.equal(body.length, 3, `one row per invitee: ${lines.join(" | ")}`);
  const fileLinks = body.map((cells) => cells[3]);
  assert.equal(new Set(fileLinks).size, 3, "the file's links are distinct");
  assert.deepEqual([...fileLinks].sort(), [...links].sort(), "the file holds the links the table shows");
  assert.ok(body.every((cells) => cells[5] === "registered"), "every exported invitee is registered");

  await screenshot(browser, "32-invitees");
  assert.deepEqual(await axeViolations(browser, "meeting-invitees"), [], "no serious accessibility problems");

  // Details: times in the meeting's zone, the switches, the daily limit.
  await click(browser, "#tab-details");
  await textContaining(browser, "#details-start", "2030-06-04 15:00 (Europe/Berlin)");
  await shown(browser, "#daily-limit");
  await screenshot(browser, "33-meeting-details");
  assert.deepEqual(await axeViolations(browser, "meeting-details"), [], "no serious accessibility problems");

  // Back to the list: the meeting is upcoming, with its invitees counted.
  await click(browser, "#nav-meetings");
  await textContaining(browser, '[data-testid="meetings-list"]', TOPIC);
  await textContaining(browser, '[data-testid="meetings-list"]', "3 people invited");
  await screenshot(browser, "34-meetings-list-one");
});
