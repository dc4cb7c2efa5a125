// The window's page runs in WebKit's own web process. When that process crashes, the admin gets
// the window back, not a blank one, and the log says what happened: the app watches the process
// (src-tauri/src/webview_health.rs) and reloads the page; the data and the mode stay as they were.
//
// WebKitWebDriver ends its session with the crashed process ("invalid session id" on the next
// command: the signature of a web process crash in any e2e test, which the harness's evidence
// then records). So after the crash this test looks at the window through X, not WebDriver.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before } from "node:test";
import { ARTIFACTS, click, freshProfile, launchApp, processesOf, removeProfile, shown, test } from "./lib/harness.mjs";

let profile;
let app;

before(() => {
  profile = freshProfile();
});

after(async () => {
  await app?.stop();
  removeProfile(profile);
});

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const webProcesses = () => processesOf(profile.dataDir).filter((p) => p.comm.startsWith("WebKitWebProces"));
const appLog = () => {
  try {
    return readFileSync(path.join(profile.dataDir, "logs", "rollcall.log"), "utf8");
  } catch {
    return "";
  }
};

test("when the window's web process crashes, the log gives WebKit's reason and the page comes back as it was", async () => {
  app = await launchApp(profile, "webview");
  const { browser } = app;
  await click(browser, "#try-demo");
  await shown(browser, "#demo-badge", 30000);

  // Killed without warning, as a crash ends it (WebKit reports any unexpected end as a crash).
  const crashed = webProcesses();
  assert.ok(crashed.length > 0, `the app has a WebKit web process: ${JSON.stringify(processesOf(profile.dataDir))}`);
  for (const p of crashed) process.kill(p.pid, "SIGKILL");

  // The log names the crash, and a new web process draws the page again.
  const deadline = Date.now() + 30000;
  const crashLogged = () => /the window's web process crashed; reloading the page/.test(appLog());
  const replaced = () => webProcesses().some((p) => !crashed.some((c) => c.pid === p.pid));
  while (!(crashLogged() && replaced()) && Date.now() < deadline) await sleep(200);
  assert.ok(crashLogged(), `the app's log names the crash:\n${appLog()}`);
  assert.ok(replaced(), "a new web process draws the page");

  // What the admin sees: the demo's Home again (the mode lives in the app, not in the page).
  await sleep(1000);
  const picture = path.join(ARTIFACTS, "110-webview-after-crash.png");
  execFileSync("import", ["-window", "root", picture], { timeout: 15000 });
  const colours = Number(execFileSync("identify", ["-format", "%k", picture], { encoding: "utf8", timeout: 15000 }));
  assert.ok(colours > 16, `the window is drawn again, not blank (${colours} colours in ${picture})`);
});
