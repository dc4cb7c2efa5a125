// Connecting a Zoom account (zoom-sim standing in for Zoom): a wrong secret gives a plain error,
// the right one connects; after a restart the secret comes back from the real Secret Service;
// renaming and removing work from Settings (removal empties the keychain entry); and neither the
// secret nor any access token ends up in Rollcall's data folder.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { axeViolations } from "./lib/axe.mjs";
import { findLeaks, tokensIn } from "./lib/leaks.mjs";
import {
  click,
  freshProfile,
  keyringItems,
  launchApp,
  randomId,
  removeProfile,
  screenshot,
  shown,
  startSim,
  test,
  textContaining,
} from "./lib/harness.mjs";

const ACCOUNT_ID = "e2e-acct";
const CLIENT_ID = "e2e-client";
const SECRET = `e2e-secret-${randomId(12)}`;
const WRONG_SECRET = `wrong-secret-${randomId(12)}`;

let profile;
let sim;
let app;
let keepProfile = false;

before(async () => {
  profile = freshProfile();
  sim = await startSim(["--port", "0", "--plan", "pro", "--account", `${ACCOUNT_ID}:${CLIENT_ID}:${SECRET}`]);
});

after(async () => {
  await app?.stop();
  await sim?.stop();
  if (keepProfile) console.log(`kept the data folder for inspection: ${profile.dataDir}`);
  else removeProfile(profile);
});

async function fillConnectForm(browser, secret) {
  await (await shown(browser, "#account-name")).setValue("E2E organization");
  await browser.$("#account-id").setValue(ACCOUNT_ID);
  await browser.$("#client-id").setValue(CLIENT_ID);
  await browser.$("#client-secret").setValue(secret);
  assert.equal(await browser.$("#plan").getValue(), "pro");
  if (!(await browser.$("#api-base").isDisplayed())) await click(browser, "#advanced summary");
  await (await shown(browser, "#api-base")).setValue(sim.api_base);
  await browser.$("#oauth-base").setValue(sim.oauth_base);
}

test("connect with a wrong then the right secret, survive a restart, leak nothing", async (t) => {
  try {
    await connectRestartAndCheck(t);
  } catch (error) {
    keepProfile = true;
    throw error;
  }
});

async function connectRestartAndCheck(t) {
  app = await launchApp(profile, "connect-1");
  let { browser } = app;

  await shown(browser, "#connect-zoom");
  await click(browser, "#connect-zoom");
  await fillConnectForm(browser, WRONG_SECRET);
  await screenshot(browser, "05-connect-form");
  await click(browser, "#connect-submit");

  const error = await shown(browser, "#error-message", 30000);
  const errorText = await error.getText();
  assert.equal(await error.getAttribute("data-code"), "ZoomUnauthorized", `error shown: ${errorText}`);
  // The backend's message says what happened and what to do; the UI adds no advice of its own.
  assert.match(errorText, /^Zoom did not accept these credentials\. Check the Account ID, Client ID and Client secret/);
  assert.equal(await browser.$$("#error-message p").length, 1, "only the backend's message, no repeated advice");
  assert.equal(await browser.$("#client-secret").getValue(), "", "the secret field is cleared after the call");
  await screenshot(browser, "06-connect-wrong-secret");
  assert.deepEqual(await axeViolations(browser, "connect-error"), [], "no serious accessibility problems");

  // Only the secret needs typing again; everything else was kept.
  assert.equal(await browser.$("#account-id").getValue(), ACCOUNT_ID);
  await browser.$("#client-secret").setValue(SECRET);
  await click(browser, "#connect-submit");

  const connected = await textContaining(browser, "#connection-status", "Connected to Zoom as", 45000);
  const ownerEmail = connected.match(/Connected to Zoom as (\S+@\S+)/)?.[1];
  assert.ok(ownerEmail, `the owner's email is shown: "${connected}"`);
  assert.equal(await browser.$("#demo-badge").isExisting(), false, "no Demo badge when connected");
  assert.match(await browser.$("#active-account-name").getText(), /E2E organization/);
  await screenshot(browser, "07-connected-home");

  // Quit and start again with the same data folder and keyring service.
  await app.stop();
  app = undefined;
  app = await launchApp(profile, "connect-2");
  browser = app.browser;

  const again = await textContaining(browser, "#connection-status", `Connected to Zoom as ${ownerEmail}`, 45000);
  assert.match(again, /\(Pro\)/);
  await screenshot(browser, "08-connected-after-restart");

  await click(browser, "#nav-settings");
  const row = await shown(browser, '[data-testid="account-row"]');
  const accountId = await row.getAttribute("data-account-id");
  await screenshot(browser, "09-settings-accounts");
  const itemsBefore = await keyringItems(profile.keyringService);

  // Rename inline; the header follows.
  await click(browser, 'button[aria-label="Rename E2E organization"]');
  const rename = await shown(browser, `#rename-${accountId}`);
  await rename.clearValue();
  await rename.setValue("E2E renamed");
  await browser.keys("Enter");
  await textContaining(browser, "#active-account-name", "E2E renamed");
  await screenshot(browser, "10-account-renamed");

  // Remove, after a confirmation that names the account and the keychain.
  await click(browser, 'button[aria-label="Remove E2E renamed"]');
  const confirm = await shown(browser, '[role="alertdialog"]');
  const confirmText = await confirm.getText();
  assert.match(confirmText, /Remove “E2E renamed”\?/);
  assert.match(confirmText, /keychain/);
  await screenshot(browser, "11-remove-confirm");
  await click(browser, `#remove-confirm-${accountId}`);
  await browser.waitUntil(
    async () =>
      (await browser.$('[data-testid="first-run"]').isExisting()) ||
      !(await browser.$('[data-testid="account-row"]').isExisting()),
    { timeout: 20000, timeoutMsg: "the account was not removed" },
  );
  await screenshot(browser, "12-account-removed");
  if (itemsBefore === null) {
    t.diagnostic("secret-tool is not installed; the keychain entry was not checked directly");
  } else {
    assert.ok(itemsBefore >= 1, `the secret was in the Secret Service (service=${profile.keyringService})`);
    assert.equal(await keyringItems(profile.keyringService), 0, "the client secret left the keychain");
    t.diagnostic(`keychain items for the service: ${itemsBefore} before removal, 0 after`);
  }

  await app.stop();
  app = undefined;

  // Nothing secret in the data folder: not the client secret, not any token the sim issued.
  const needles = new Set([SECRET]);
  let tokenNote = "the sim's state listed no tokens; checked the secret only";
  try {
    const response = await fetch(`${sim.control_base}/state`);
    if (response.ok) {
      const tokens = tokensIn(await response.json());
      for (const token of tokens) needles.add(token);
      if (tokens.size > 0) tokenNote = `checked the secret and ${tokens.size} issued token(s)`;
    } else {
      tokenNote = `GET ${sim.control_base}/state answered ${response.status}; checked the secret only`;
    }
  } catch (error) {
    tokenNote = `GET ${sim.control_base}/state failed (${error}); checked the secret only`;
  }
  t.diagnostic(tokenNote);
  const leaks = findLeaks(profile.dataDir, needles);
  assert.deepEqual(leaks, [], "no secret or token in any file under the data folder");
}
