// Secrets (issue 9): after an end-to-end scenario, no credential is anywhere Rollcall writes or
// shows to the system. Two scenarios, each with the app's log at ROLLCALL_LOG=trace:
//
// (a) Demo: import and provision a small group, create a meeting, invite the group, reveal and
//     copy an authenticated link (it carries the person's ZAK), export the links (each carries a
//     registrant `tk=` token), act the meeting out, sync its attendance, export it as CSV. The
//     demo's zoom-sim runs inside the app on a loopback port of its own; the test finds it
//     through the app process's listening sockets (leaks.mjs, no hook in the app) and proves it
//     is the right one: the ZAK the UI revealed is among the ZAKs it lists. The needles are the
//     demo account's client secret (a constant of zoom-sim's demo account, read from its source,
//     since /_sim/state does not list secrets) and its Basic credential, every access token and
//     every ZAK that simulator lists in `/_sim/state` (start_url ZAKs included), and the links'
//     tk tokens.
// (b) A simulated real account (the zoom-sim binary, the real keychain): connect, import and
//     provision people, create a meeting, invite them, reveal an authenticated link. The needles
//     are the client secret (and its Basic credential) and every access token and ZAK zoom-sim
//     lists as handed out in `/_sim/state` (start_url ZAKs included).
//
// Then the scan, binary-safe (UTF-8, UTF-16LE, percent-encoded): every file of the data folder
// (store, logs/rollcall.log, crash reports), the exported files, the app's captured stderr, and
// /proc/<pid>/cmdline and /proc/<pid>/environ of the app process and its WebKit child processes.
// ZAKs, access tokens and the secret may be nowhere. Registrant tk tokens are part of the join
// links Rollcall keeps and exports on purpose, so the store and the links export may hold them;
// the logs, stderr, the attendance export and the processes may not. Each scan first proves it
// can fail: its needle list is not empty and a planted copy of a needle is found by the same
// search.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import {
  appProcesses,
  basicCredential,
  filesUnder,
  findLeaksInFiles,
  issuedCredentials,
  plantedNeedleIsFound,
  processTree,
  zoomSimsInProcess,
} from "./lib/leaks.mjs";
import {
  APP_BINARY,
  click,
  connectSimAccount,
  freshProfile,
  importPeopleCsv,
  launchApp,
  randomId,
  removeProfile,
  REPO_ROOT,
  screenshot,
  shown,
  startSim,
  test,
  textContaining,
} from "./lib/harness.mjs";

// Everything the app logs, on stderr and in its log file, at the most talkative level
// (launchApp hands ROLLCALL_LOG to the app).
process.env.ROLLCALL_LOG = "trace";

const ACCOUNT_ID = "e2e-secrets-acct";
const CLIENT_ID = "e2e-secrets-client";
const SECRET = `e2e-secret-${randomId(12)}`;
const GROUP = "Secrets Panel";
const TOPIC = "Secrets review";
const CSV = [
  "external_id,email,first_name,last_name,groups",
  `S-1,ada.secrets@example.org,Ada,Lovelace,${GROUP}`,
  `S-2,grace.secrets@example.org,Grace,Hopper,${GROUP}`,
  `S-3,alan.secrets@example.org,Alan,Turing,${GROUP}`,
  "",
].join("\n");

let dir;
let sim;
const profiles = [];
const apps = [];
let keep = false;

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "rollcall-e2e-secrets-"));
  sim = await startSim(["--port", "0", "--plan", "pro", "--account", `${ACCOUNT_ID}:${CLIENT_ID}:${SECRET}`]);
});

after(async () => {
  for (const app of apps) await app.stop();
  await sim?.stop();
  if (keep) {
    console.log(`kept for inspection: ${dir} ${profiles.map((p) => p.dataDir).join(" ")}`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
  for (const profile of profiles) removeProfile(profile);
});

async function start(label) {
  const profile = freshProfile();
  profiles.push(profile);
  const app = await launchApp(profile, label);
  apps.push(app);
  return { profile, app, browser: app.browser };
}

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

async function waitForJob(browser, selector, what, timeout = 60000) {
  await shown(browser, selector, 30000);
  await browser.waitUntil(
    async () => ["completed", "failed", "cancelled"].includes(await browser.$(selector).getAttribute("data-state")),
    { timeout, interval: 250, timeoutMsg: `${what} did not finish within ${timeout / 1000} s` },
  );
  return browser.$(selector).getAttribute("data-state");
}

/** A wall-clock time two days from now, on the hour, as a datetime-local value. */
function inTwoDays() {
  const t = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  return `${t.toISOString().slice(0, 10)}T10:00`;
}

/** A query parameter of a link, or null. */
function param(link, name) {
  try {
    return new URL(link).searchParams.get(name);
  } catch {
    return null;
  }
}

/** People → import the CSV (the wizard's test hook replaces the file dialog) → provision the group. */
async function importAndProvision(browser) {
  const csv = path.join(dir, "people.csv");
  writeFileSync(csv, CSV);
  await importPeopleCsv(browser, csv, 3);
  await click(browser, "#provision-people");
  await shown(browser, "#provision-dialog");
  await click(browser, '#provision-dialog input[name="scope"][value="group"]');
  await (await shown(browser, "#provision-group")).selectByVisibleText(GROUP);
  await click(browser, "#provision-confirm");
  const state = await waitForJob(browser, '[data-testid="people-job"]', "provisioning the group");
  assert.equal(state, "completed", await browser.$("#people-job-state").getText());
}

/** Meetings → New meeting in two days (a host who is not invited) → invite the group; the join links. */
async function meetingWithInvitees(browser) {
  await click(browser, "#nav-meetings");
  await shown(browser, "#meetings-title");
  await click(browser, "#new-meeting");
  await shown(browser, "#meeting-form-title");
  await browser.waitUntil(async () => (await browser.$$("#meeting-hostEmail option")).length > 1, {
    timeout: 30000,
    timeoutMsg: "the licensed hosts never arrived",
  });
  await browser.$("#meeting-topic").setValue(TOPIC);
  const invitees = CSV.split("\n").map((line) => line.split(",")[1]);
  const host = await browser.execute(
    (emails) => [...document.querySelectorAll("#meeting-hostEmail option")].map((o) => o.value).find((v) => v && !emails.includes(v)),
    invitees,
  );
  assert.ok(host, "the account has a licensed host who is not invited");
  await browser.$("#meeting-hostEmail").selectByAttribute("value", host);
  await browser.$("#meeting-timezone").selectByAttribute("value", "Europe/Berlin");
  await setInput(browser, "#meeting-start", inTwoDays());
  await click(browser, "#meeting-save");
  await shown(browser, "#tab-invitees", 30000);

  await click(browser, "#invite-open", 30000);
  await shown(browser, "#invite-dialog");
  await click(browser, `[data-testid="invite-group"][value="${GROUP}"]`);
  await click(browser, "#invite-confirm");
  const state = await waitForJob(browser, '[data-testid="invitees-job"]', "registering the group");
  assert.equal(state, "completed", await browser.$("#invitees-job-state").getText());
  let links = [];
  await browser.waitUntil(
    async () => {
      links = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid="invitee-row"]')].map(
          (row) => row.querySelector('[data-testid="copy-link"]')?.getAttribute("data-link") ?? null,
        ),
      );
      return links.length === 3 && links.every(Boolean);
    },
    { timeout: 30000, interval: 250, timeoutMsg: "the invitees never all showed with a link" },
  );
  return links;
}

/** Reveal and copy the first authenticated link; its ZAK. */
async function revealAuthenticatedLink(browser, shot) {
  await click(browser, '[data-testid="reveal-link"]', 30000);
  await shown(browser, "#authenticated-dialog");
  const revealed = await (await shown(browser, "#authenticated-url", 30000)).getValue();
  const zak = param(revealed, "zak");
  assert.ok(zak && zak.length >= 16, `the revealed link carries a ZAK: ${revealed.replace(/zak=[^&]+/, "zak=…")}`);
  await click(browser, "#authenticated-copy");
  await textContaining(browser, "#authenticated-copy", "Copied");
  await screenshot(browser, shot);
  await browser.keys("Escape");
  await browser.waitUntil(async () => !(await browser.$("#authenticated-dialog").isExisting()), { timeout: 5000 });
  return zak;
}

/** The app process of a profile and every process below it (WebKit's web and network processes). */
function appProcessTree(profile) {
  const pids = appProcesses(APP_BINARY, profile.dataDir);
  assert.equal(pids.length, 1, `exactly one app process holds ${profile.dataDir}: ${pids.join(", ")}`);
  const tree = processTree(pids[0]);
  assert.ok(
    tree.some((p) => /^WebKit/.test(p.comm)),
    `the app's WebKit child processes are found: ${tree.map((p) => `${p.pid}:${p.comm}`).join(" ")}`,
  );
  return tree;
}

/**
 * The demo's zoom-sim inside the app process (found by its loopback listening ports, see
 * leaks.mjs), its `/_sim/state`, and the demo account's client id and secret. It is the demo's
 * simulator when the ZAK the UI revealed is among the ZAKs it lists. `/_sim/state` names the
 * accounts but never a secret, so the secret is read where the demo takes it from, zoom-sim's
 * demo account in the source (`SimAccount::demo()`), tied to the running simulator by its
 * account id.
 */
async function demoSimulator(pid, revealedZak) {
  const { ports, sims, inspector } = await zoomSimsInProcess(pid);
  assert.equal(sims.length, 1, `exactly one zoom-sim answers on the app's loopback listening ports (${ports.join(", ") || "none"})`);
  const [{ port, state }] = sims;
  assert.ok(
    state.issued_zak_tokens.includes(revealedZak),
    `the ZAK the UI revealed is among the ${state.issued_zak_tokens.length} ZAK(s) the simulator on port ${port} lists (it is the demo's, and its list is complete)`,
  );
  const demo = demoAccountFromSource();
  assert.deepEqual(
    state.accounts.map((a) => a.account_id),
    [demo.accountId],
    "the demo's simulator holds zoom-sim's demo account, whose secret the source names",
  );
  return { port, ports, inspector, state, ...demo };
}

/** zoom-sim's demo account (`SimAccount::demo()` in crates/zoom-sim/src/lib.rs): its ids and secret. */
function demoAccountFromSource() {
  const source = readFileSync(path.join(REPO_ROOT, "crates", "zoom-sim", "src", "lib.rs"), "utf8");
  const body = /pub fn demo\(\) -> Self \{([\s\S]*?)\n {4}\}/.exec(source)?.[1] ?? "";
  const field = (name) => new RegExp(`\\b${name}: "([^"]+)"`).exec(body)?.[1];
  const account = { accountId: field("account_id"), clientId: field("client_id"), secret: field("client_secret") };
  assert.ok(
    account.accountId && account.clientId && account.secret,
    "zoom-sim's SimAccount::demo() (crates/zoom-sim/src/lib.rs) names the account id, client id and secret as string literals",
  );
  return account;
}

/**
 * Scans each place (`{ what, files, needles }`) and asserts zero hits, after proving each
 * needle list can be found; returns a one-line summary.
 */
function scan(t, places) {
  let checks = 0;
  let files = 0;
  const all = new Set();
  const hits = [];
  for (const place of places) {
    assert.ok(place.files.length > 0, `${place.what}: there is something to scan`);
    assert.ok(plantedNeedleIsFound(place.needles) >= 1, `${place.what}: the scan can fail (needles: ${place.needles.size})`);
    for (const needle of place.needles) all.add(needle);
    files += place.files.length;
    checks += place.files.length * place.needles.size;
    for (const hit of findLeaksInFiles(place.files, place.needles)) hits.push({ what: place.what, ...hit });
  }
  const summary = `${all.size} needle(s) checked in ${files} file(s) and /proc entries across ${places.length} place(s) (${checks} file×needle checks): ${hits.length} hit(s)`;
  t.diagnostic(summary);
  for (const place of places) t.diagnostic(`  ${place.what}: ${place.files.length} file(s), ${place.needles.size} needle(s)`);
  if (hits.length > 0) keep = true;
  assert.deepEqual(hits, [], "no credential anywhere");
  return summary;
}

/** The places every scenario scans, split by which needles each may not hold. */
function places({ profile, app, tree, credentials, linkTokens, exports }) {
  const everything = new Set([...credentials, ...linkTokens]);
  const dataFiles = filesUnder(profile.dataDir);
  const logsDir = path.join(profile.dataDir, "logs") + path.sep;
  const logFiles = dataFiles.filter((f) => f.startsWith(logsDir));
  const storeFiles = dataFiles.filter((f) => !f.startsWith(logsDir));
  // Copied now, while the processes run, so the scan after the app stops reads what they held.
  const procFiles = [];
  const snapshot = mkdtempSync(path.join(dir, "proc-"));
  for (const { pid, comm } of tree) {
    for (const entry of ["cmdline", "environ"]) {
      const copy = path.join(snapshot, `${pid}-${comm.replace(/\W/g, "_")}-${entry}`);
      writeFileSync(copy, readFileSync(`/proc/${pid}/${entry}`));
      procFiles.push(copy);
    }
  }
  return {
    procs: { what: "cmdline and environ of the app and its WebKit processes", files: procFiles, needles: everything },
    rest: [
      // Invitations keep their join links (with tk) on purpose.
      { what: "the store and other data files", files: storeFiles, needles: new Set(credentials) },
      { what: "logs and crash reports in the data folder", files: logFiles, needles: everything },
      { what: "the app's stderr (ROLLCALL_LOG=trace)", files: [app.log], needles: everything },
      ...exports.map((e) => ({ what: e.what, files: [e.file], needles: e.linksOnPurpose ? new Set(credentials) : everything })),
    ],
  };
}

/** The log file and the captured stderr really hold the app's log (else the scan proves nothing). */
function assertLogsCaptured(profile, app) {
  const logFile = path.join(profile.dataDir, "logs", "rollcall.log");
  assert.ok(existsSync(logFile), "the app writes its log into <data>/logs/rollcall.log");
  const fileText = readFileSync(logFile, "utf8");
  assert.match(fileText, /Rollcall \S+ started; this log is also in/, "the log file holds the app's lines");
  assert.match(fileText, /TRACE|DEBUG/, "the log file holds the trace-level lines asked for");
  assert.match(readFileSync(app.log, "utf8"), /Rollcall \S+ started; this log is also in/, "the captured stderr holds the app's log");
}

test("demo: the secret, every access token and ZAK of the demo's zoom-sim, and the links' tokens are nowhere they should not be", { timeout: 150000 }, async (t) => {
  try {
    await demoScenario(t);
  } catch (error) {
    keep = true;
    throw error;
  }
});

async function demoScenario(t) {
  const { profile, app, browser } = await start("secrets-demo");
  await shown(browser, '[data-testid="first-run"]');
  await click(browser, "#try-demo");
  await shown(browser, "#demo-badge", 30000);

  await importAndProvision(browser);
  const links = await meetingWithInvitees(browser);
  const linkTokens = links.map((l) => param(l, "tk")).filter(Boolean);
  assert.equal(linkTokens.length, 3, `every join link carries a registrant token: ${links.length} links`);
  const zak = await revealAuthenticatedLink(browser, "90-secrets-demo-authenticated-link");

  const linksFile = path.join(dir, "demo-links.csv");
  await browser.execute((p) => {
    window.__ROLLCALL_E2E_EXPORT_PATH__ = p;
  }, linksFile);
  await click(browser, "#export-links");
  await textContaining(browser, "#invitees-notice", "Exported the links of 3 people");
  const exportedLinks = readFileSync(linksFile, "utf8");
  for (const token of linkTokens) assert.ok(exportedLinks.includes(token), "the links export holds the links' tokens");

  // Act the meeting out, sync its attendance, export it.
  await click(browser, "#act-out");
  await textContaining(browser, "#act-out-summary", "sync its attendance", 90000);
  await click(browser, "#tab-attendance");
  await click(browser, "#attendance-sync");
  const state = await waitForJob(browser, '[data-testid="attendance-job"]', "the attendance sync");
  assert.equal(state, "completed", await browser.$("#attendance-sync-state").getText());
  await shown(browser, '[data-testid="attendance-table"]', 30000);
  await browser.execute((d) => {
    window.__ROLLCALL_E2E_EXPORT_DIR__ = d;
  }, dir);
  await click(browser, "#attendance-export-csv");
  await textContaining(browser, "#attendance-notice", `${TOPIC} attendance.csv`);
  await screenshot(browser, "91-secrets-demo-attendance-exported");

  const tree = appProcessTree(profile);
  const sim = await demoSimulator(tree[0].pid, zak);
  const issued = issuedCredentials(sim.state);
  assert.ok(sim.state.issued_access_tokens.length >= 1, "the demo's zoom-sim lists the access tokens it issued");
  const credentials = [sim.secret, basicCredential(sim.clientId, sim.secret), ...issued];
  t.diagnostic(
    `the demo's zoom-sim answers on 127.0.0.1:${sim.port} (the app's loopback listening ports: ${sim.ports.join(", ")}; WebKit's inspector, not asked: ${sim.inspector ?? "none"}); needles: the client secret and its Basic credential, ${sim.state.issued_access_tokens.length} access token(s), ${sim.state.issued_zak_tokens.length} ZAK(s) (start_url ZAKs included), ${linkTokens.length} registrant token(s)`,
  );
  const where = places({
    profile,
    app,
    tree,
    credentials,
    linkTokens,
    exports: [
      { what: "the links export", file: linksFile, linksOnPurpose: true },
      { what: "the attendance export", file: path.join(dir, `${TOPIC} attendance.csv`) },
    ],
  });
  // The processes were copied while they ran; the files are scanned once the app has stopped.
  await app.stop();
  assertLogsCaptured(profile, app);
  t.diagnostic(`processes: ${tree.map((p) => p.comm).join(", ")}`);
  scan(t, [where.procs, ...where.rest]);
}

test("simulated real account: the secret, every access token and every ZAK are nowhere", { timeout: 150000 }, async (t) => {
  try {
    await realAccountScenario(t);
  } catch (error) {
    keep = true;
    throw error;
  }
});

async function realAccountScenario(t) {
  const { profile, app, browser } = await start("secrets-real");
  await connectSimAccount(browser, sim, { name: "E2E secrets organization", accountId: ACCOUNT_ID, clientId: CLIENT_ID, secret: SECRET });

  await importAndProvision(browser);
  const links = await meetingWithInvitees(browser);
  const linkTokens = links.map((l) => param(l, "tk")).filter(Boolean);
  const zak = await revealAuthenticatedLink(browser, "92-secrets-real-authenticated-link");

  const response = await fetch(`${sim.control_base}/state`);
  assert.ok(response.ok, `GET ${sim.control_base}/state answered ${response.status}`);
  const state = await response.json();
  const issued = issuedCredentials(state);
  assert.ok((state.issued_access_tokens ?? []).length >= 1, "zoom-sim lists the access tokens it issued");
  assert.ok(issued.has(zak), "the ZAK Rollcall revealed is among those zoom-sim lists (the list is complete)");
  const credentials = [SECRET, basicCredential(CLIENT_ID, SECRET), ...issued];
  t.diagnostic(
    `needles: the client secret and its Basic credential, ${(state.issued_access_tokens ?? []).length} access token(s), ${(state.issued_zak_tokens ?? []).length} ZAK(s) (start_url ZAKs included), ${linkTokens.length} registrant token(s)`,
  );

  const tree = appProcessTree(profile);
  const where = places({ profile, app, tree, credentials, linkTokens, exports: [] });
  await app.stop();
  assertLogsCaptured(profile, app);
  t.diagnostic(`processes: ${tree.map((p) => p.comm).join(", ")}`);
  scan(t, [where.procs, ...where.rest]);
}
