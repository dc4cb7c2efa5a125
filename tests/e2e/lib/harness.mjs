// Drives the built Rollcall desktop app through tauri-driver → WebKitWebDriver → app.
//
// The five fixes from TOOLCHAIN §5 are all here:
//   1. the app binary is the copy in <target>/e2e/ that `cargo test` cannot clobber;
//   2. tauri-driver's /status is polled until it answers before the session is created;
//   3. tauri-driver gets its own free ports and is stopped with SIGTERM (SIGKILL after 5 s), so
//      its WebKitWebDriver child never outlives it;
//   4. node runs with --test-force-exit and deleteSession() is bounded to 10 s;
//   5. the first command waits for document.readyState and the app's first screen, errors
//      swallowed while the page is still loading.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { test as nodeTest } from "node:test";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const ARTIFACTS = path.join(REPO_ROOT, "target", "e2e-artifacts");
mkdirSync(path.join(ARTIFACTS, "logs"), { recursive: true });

/** The cargo target dir: $CARGO_TARGET_DIR, else ./target, else the scripts' shared cache. */
export function targetDir() {
  if (process.env.CARGO_TARGET_DIR) return path.resolve(REPO_ROOT, process.env.CARGO_TARGET_DIR);
  const local = path.join(REPO_ROOT, "target");
  const shared = path.join(process.env.HOME ?? "/root", ".cache", "rollcall", "target");
  if (!existsSync(path.join(local, "e2e", "rollcall-desktop")) && existsSync(shared)) return shared;
  return local;
}

/** ROLLCALL_E2E_APP overrides the binary (for trying the harness against another build). */
export const APP_BINARY = process.env.ROLLCALL_E2E_APP ?? path.join(targetDir(), "e2e", "rollcall-desktop");
export const SIM_BINARY = path.join(targetDir(), "debug", "zoom-sim");

export function randomId(bytes = 6) {
  return randomBytes(bytes).toString("hex");
}

/** A fresh data folder and keyring service name for one test's app. */
export function freshProfile() {
  return {
    dataDir: mkdtempSync(path.join(tmpdir(), "rollcall-e2e-data-")),
    keyringService: `rollcall-e2e-${randomId()}`,
  };
}

export function removeProfile(profile) {
  rmSync(profile.dataDir, { recursive: true, force: true });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A free port below Linux's ephemeral range (32768+), so nothing else grabs it meanwhile. */
async function freePort(avoid = new Set()) {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!avoid.has(port) && (await portIsFree(port))) return port;
  }
  throw new Error("no free port found for tauri-driver");
}

let logCounter = 0;

function logStream(name) {
  logCounter += 1;
  const file = path.join(ARTIFACTS, "logs", `${process.pid}-${String(logCounter).padStart(2, "0")}-${name}.log`);
  return { file, stream: createWriteStream(file) };
}

/** Resolves after `ms`, or with `fallback` when `promise` takes longer (it is not awaited then). */
function within(promise, ms, fallback) {
  return Promise.race([promise, sleep(ms).then(() => fallback)]);
}

function run(command, args, timeout = 10000) {
  return new Promise((resolve) => {
    execFile(command, args, { timeout, encoding: "utf8" }, (error, stdout, stderr) =>
      resolve({ ok: !error, out: `${stdout}${stderr}`.trim(), error: error ? String(error.code ?? error.message) : null }),
    );
  });
}

/**
 * The processes whose environment names this data folder: tauri-driver and WebKitWebDriver
 * (which hand it on), the app, and its WebKit processes.
 */
export function processesOf(dataDir) {
  const needle = `ROLLCALL_DATA_DIR=${dataDir}\0`;
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
      // comm is in parentheses and may hold spaces; state and ppid follow it.
      const close = stat.lastIndexOf(")");
      const [state, ppid] = stat.slice(close + 2).split(" ");
      found.push({ pid: Number(pid), comm: stat.slice(stat.indexOf("(") + 1, close), state, ppid: Number(ppid) });
    } catch {
      // The process ended while we looked, or is not ours to read.
    }
  }
  return found;
}

/** The apps started by launchApp and not stopped yet: the ones a failing test has evidence of. */
const liveApps = new Set();

/**
 * node:test's `test`, keeping evidence when the test fails: for every app still running, what
 * its processes are doing (is the app alive, did WebKit's web process die), a picture of the
 * whole display taken with X rather than WebDriver (so it works when the WebDriver session is
 * gone), the page's address, the app's own log, and any core dump. See `evidence` in launchApp.
 */
export function test(name, options, fn) {
  if (typeof options === "function") [fn, options] = [options, {}];
  return nodeTest(name, options, async (t) => {
    try {
      return await fn(t);
    } catch (error) {
      for (const app of liveApps) {
        // One record per app: later steps that fail because this one did add nothing.
        if (app.kept) continue;
        app.kept = true;
        try {
          console.error(await app.evidence(String(error?.message ?? error)));
        } catch (evidenceError) {
          console.error(`(could not keep the evidence of ${app.label}: ${evidenceError})`);
        }
      }
      throw error;
    }
  });
}

/** SIGTERM, then SIGKILL after `graceMs` if the process has not exited. */
async function stopProcess(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = sleep(graceMs).then(() => "timeout");
  if ((await Promise.race([exited, timer])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

async function waitForDriver(port, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited early with code ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error?.cause?.code ?? error);
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not answer /status on port ${port} within ${timeoutMs} ms (${last})`);
}

function tauriDriverPath() {
  const cargoBin = path.join(process.env.HOME ?? "/root", ".cargo", "bin", "tauri-driver");
  return existsSync(cargoBin) ? cargoBin : "tauri-driver";
}

/**
 * Starts the app for one profile and returns `{ browser, stop }`. The app inherits
 * tauri-driver's environment, so the profile goes onto the tauri-driver process.
 *
 * Compositing: without a GPU (Xvfb) the app asks WebKit to paint on the CPU (src-tauri/src/gpu.rs),
 * and in that mode WebKitWebDriver's screenshot never answers (seen on the first screenshot of
 * demo.test.mjs and people.test.mjs: the page painted, the test stuck until its 120 s timeout).
 * So the tests run with `ROLLCALL_GPU=on` (WebKit's default compositing, as on a machine with a
 * GPU) unless the caller sets ROLLCALL_GPU; the benchmark passes `appChoosesCompositing` to
 * measure what an admin without a GPU gets (it takes no screenshots).
 */
export async function launchApp(profile, label = "app", { appChoosesCompositing = false } = {}) {
  if (!existsSync(APP_BINARY)) {
    throw new Error(`The desktop app is not built: ${APP_BINARY} is missing (run scripts/lib/build-e2e-app.sh).`);
  }
  const port = await freePort();
  const nativePort = await freePort(new Set([port]));
  const log = logStream(`${label}-tauri-driver`);
  // The app and its WebKit processes inherit this working folder: a core dump lands here
  // (scripts/e2e allows them), beside the logs, and an empty folder is removed at stop().
  const cwd = log.file.replace(/\.log$/, "-cwd");
  mkdirSync(cwd, { recursive: true });
  const driver = spawn(tauriDriverPath(), ["--port", String(port), "--native-port", String(nativePort)], {
    cwd,
    env: {
      ...process.env,
      ROLLCALL_DATA_DIR: profile.dataDir,
      ROLLCALL_KEYRING_SERVICE: profile.keyringService,
      ROLLCALL_LOG: process.env.ROLLCALL_LOG ?? "info",
      ...(appChoosesCompositing || process.env.ROLLCALL_GPU ? {} : { ROLLCALL_GPU: "on" }),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  driver.stdout.pipe(log.stream, { end: false });
  driver.stderr.pipe(log.stream, { end: false });

  let browser;
  let handle;
  const stop = async () => {
    liveApps.delete(handle);
    if (browser) {
      const session = browser;
      browser = undefined;
      await Promise.race([session.deleteSession().catch(() => {}), sleep(10000)]);
    }
    await stopProcess(driver);
    log.stream.end();
    try {
      rmdirSync(cwd); // only when empty: a core dump stays
    } catch {
      // not empty
    }
  };

  /** Writes what can be known about this app now to logs/<…>-evidence.txt; answers a summary. */
  const evidence = async (why) => {
    const base = log.file.replace(/-tauri-driver\.log$/, "");
    const lines = [`evidence for ${label} (${new Date().toISOString()}): ${why}`];
    // tauri-driver and WebKitWebDriver carry the profile's environment too: tell them apart.
    const processes = processesOf(profile.dataDir).filter((p) => p.pid !== driver.pid && p.comm !== "WebKitWebDriver");
    const appName = path.basename(APP_BINARY).slice(0, 15); // the kernel keeps 15 characters
    const app = processes.find((p) => p.comm === appName);
    lines.push(app ? `app process ${app.pid} is alive (state ${app.state})` : "the app process is gone (it exited or crashed)");
    const web = processes.filter((p) => /^WebKit/.test(p.comm));
    lines.push(
      web.some((p) => p.comm.startsWith("WebKitWebProces"))
        ? `WebKit processes: ${web.map((p) => `${p.comm} ${p.pid} (${p.state})`).join(", ")}`
        : `no WebKit web process is alive: it died or was never started (${web.map((p) => `${p.comm} ${p.pid}`).join(", ") || "no WebKit process at all"})`,
    );
    lines.push(driver.exitCode === null && driver.signalCode === null ? `tauri-driver ${driver.pid} is running` : `tauri-driver exited (${driver.exitCode ?? driver.signalCode})`);
    const webdriver = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
          return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === driver.pid;
        } catch {
          return false;
        }
      });
    lines.push(webdriver.length ? `tauri-driver's children (WebKitWebDriver): ${webdriver.join(", ")}` : "tauri-driver has no child: WebKitWebDriver is gone");
    const session = browser
      ? await within(
          browser.execute(() => `${location.pathname}${location.search}, readyState ${document.readyState}`).then((page) => `the WebDriver session answers: the page is at ${page}`, (error) => `the WebDriver session fails: ${String(error?.message ?? error).split("\n")[0]}`),
          10000,
          "the WebDriver session did not answer within 10 s",
        )
      : "no WebDriver session";
    lines.push(session);
    const display = await run("import", ["-window", "root", `${base}-display.png`]);
    lines.push(display.ok ? `the whole display: ${base}-display.png` : `no picture of the display (${display.error}: ${display.out})`);
    const appLogs = path.join(profile.dataDir, "logs");
    if (existsSync(appLogs)) {
      cpSync(appLogs, `${base}-app-logs`, { recursive: true });
      lines.push(`the app's own log and crash reports: ${base}-app-logs/`);
    }
    const cores = existsSync(cwd) ? readdirSync(cwd).filter((f) => f.startsWith("core")) : [];
    lines.push(cores.length ? `core dumps: ${cores.map((f) => path.join(cwd, f)).join(", ")}` : "no core dump in the app's working folder");
    // A process the kernel killed (out of memory) or that faulted says so there, when readable.
    const kernel = await run("dmesg", ["--ctime"], 5000);
    const said = kernel.ok ? kernel.out.split("\n").filter((line) => /segfault|killed process|out of memory|WebKit|rollcall/i.test(line)).slice(-10) : [];
    lines.push(said.length ? `the kernel says:\n${said.join("\n")}` : kernel.ok ? "the kernel reports no fault or kill" : "the kernel log is not readable here");
    lines.push(`tauri-driver, WebKitWebDriver and app output: ${log.file}`);
    writeFileSync(`${base}-evidence.txt`, `${lines.join("\n")}\n`);
    return lines.map((line, i) => (i === 0 ? line : `  ${line}`)).join("\n");
  };
  handle = { label, evidence };

  try {
    await waitForDriver(port, driver);
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "error",
      connectionRetryCount: 2,
      capabilities: {
        "tauri:options": { application: APP_BINARY },
        "wdio:enforceWebDriverClassic": true,
      },
    });
    await waitForAppReady(browser);
  } catch (error) {
    const kept = await evidence(`the app did not start: ${error.message}`).catch(() => "");
    await stop();
    throw new Error(`${error.message}\n${kept}\n(tauri-driver and app log: ${log.file})`, { cause: error });
  }
  liveApps.add(handle);
  return { browser, stop, log: log.file, evidence };
}

/** Waits until the page has loaded and Rollcall has shown its first real screen. */
export async function waitForAppReady(browser, timeout = 30000) {
  await browser.waitUntil(
    async () => {
      try {
        return await browser.execute(
          () =>
            document.readyState === "complete" &&
            document.querySelector('[data-testid="first-run"], #main, .splash-error') !== null,
        );
      } catch {
        return false;
      }
    },
    { timeout, interval: 100, timeoutMsg: "Rollcall did not show its first screen" },
  );
}

/** Saves target/e2e-artifacts/<name>.png (name like "01-first-run"). */
export async function screenshot(browser, name) {
  const file = path.join(ARTIFACTS, `${name}.png`);
  // The snapshot can lag the DOM by a frame or two: let WebKit paint what the test just saw.
  await browser
    .executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))
    .catch(() => {});
  await sleep(150);
  await browser.saveScreenshot(file);
  return file;
}

/** Waits for an element to be displayed and returns it. */
export async function shown(browser, selector, timeout = 20000) {
  const element = await browser.$(selector);
  await element.waitForDisplayed({ timeout, timeoutMsg: `${selector} was not shown within ${timeout} ms` });
  return element;
}

/**
 * Clicks an element as a person would: once it is shown and enabled, scrolled to the middle of
 * its scroller, with nothing covering its centre (waited for briefly; the click decides after
 * that). WebKitWebDriver answers "element not interactable" when the element moves between its
 * scroll and its click (a list re-rendering under load, a scroller inside a dialog): such a click
 * is tried again, each retry printed so that a pattern shows; any other error (a dead session)
 * fails at once.
 */
export async function click(browser, selector, timeout = 20000) {
  const element = await shown(browser, selector, timeout);
  await element.waitForEnabled({ timeout, timeoutMsg: `${selector} was not enabled within ${timeout} ms` });
  const deadline = Date.now() + timeout;
  for (let attempt = 1; ; attempt++) {
    const coverUntil = Date.now() + 2000;
    for (;;) {
      const cover = await browser.execute((sel) => {
        const target = document.querySelector(sel);
        if (!target) return "it is no longer on the page";
        target.scrollIntoView({ block: "center", inline: "nearest" });
        const box = target.getBoundingClientRect();
        const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        if (top === target || target.contains(top) || (top?.tagName === "LABEL" && top.contains(target))) return null;
        return top ? `covered by ${top.outerHTML.slice(0, 120)}` : "its centre is outside the window";
      }, selector);
      if (cover === null || Date.now() > coverUntil) break;
      await sleep(100);
    }
    try {
      await element.click();
      return element;
    } catch (error) {
      const message = String(error?.message ?? error).split("\n")[0];
      if (!/not interactable|click intercepted/i.test(message) || Date.now() > deadline) throw error;
      console.error(`click ${selector}: ${message}; trying again (attempt ${attempt + 1})`);
      await sleep(250);
    }
  }
}

/** Waits until `selector`'s text contains `text`; returns the full text. */
export async function textContaining(browser, selector, text, timeout = 30000) {
  let last = "";
  try {
    await browser.waitUntil(
      async () => {
        const element = await browser.$(selector);
        if (!(await element.isExisting())) return false;
        // WebDriver's "rendered text" (getText) leaves out rows WebKitWebDriver judges out of
        // view inside a scrolling container (the virtualized people table shows them, as the
        // screenshots prove), so read the DOM's text, then fall back to getText.
        last =
          (await browser.execute((sel) => document.querySelector(sel)?.textContent ?? "", selector)) ||
          (await element.getText());
        return last.includes(text);
      },
      { timeout, interval: 150 },
    );
  } catch {
    // The message is built here so it shows the text last seen, not the text at the start.
    throw new Error(`${selector} never contained "${text}" (last text: "${last.slice(0, 600)}")`);
  }
  return last;
}

/** Starts zoom-sim on a free port; resolves with its bases and a stop() function. */
export async function startSim(args, label = "zoom-sim") {
  if (!existsSync(SIM_BINARY)) {
    throw new Error(`zoom-sim is not built: ${SIM_BINARY} is missing (cargo build -p zoom-sim).`);
  }
  const log = logStream(label);
  const child = spawn(SIM_BINARY, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.stderr.pipe(log.stream, { end: false });
  const bases = await new Promise((resolve, reject) => {
    let buffer = "";
    let done = false;
    const timer = setTimeout(() => reject(new Error(`zoom-sim printed no address within 15 s (log: ${log.file})`)), 15000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`zoom-sim exited with code ${code} before printing its address (log: ${log.file})`));
    });
    child.stdout.on("data", (chunk) => {
      log.stream.write(chunk);
      if (done) return;
      buffer += chunk;
      const newline = buffer.indexOf("\n");
      if (newline >= 0) {
        done = true;
        clearTimeout(timer);
        try {
          resolve(JSON.parse(buffer.slice(0, newline)));
        } catch (error) {
          reject(new Error(`zoom-sim's first line is not JSON: ${buffer.slice(0, newline)} (${error})`));
        }
      }
    });
  });
  const stop = async () => {
    await stopProcess(child);
    log.stream.end();
  };
  return { ...bases, stop, log: log.file };
}

/**
 * How many Secret Service items carry `service=<service>` (via secret-tool, on the session bus
 * of this run), or null when secret-tool is not available.
 */
export async function keyringItems(service) {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => {
    execFile("secret-tool", ["search", "--all", "service", service], { timeout: 10000 }, (error, stdout, stderr) => {
      if (error && error.code === "ENOENT") return resolve(null);
      const text = `${stdout}\n${stderr}`;
      // One "[/path]" header line per item (secret-tool shortens the object path, e.g. "[/1]").
      resolve((text.match(/^\[\/[^\]]*\]$/gm) ?? []).length);
    });
  });
}

/**
 * Connects a simulated real Zoom account through the first-run screen's form (the secret goes to
 * the real keychain), pointing the advanced base URLs at `sim`, and waits for "Connected".
 */
export async function connectSimAccount(browser, sim, { name, accountId, clientId, secret }) {
  await shown(browser, "#connect-zoom");
  await click(browser, "#connect-zoom");
  await (await shown(browser, "#account-name")).setValue(name);
  await browser.$("#account-id").setValue(accountId);
  await browser.$("#client-id").setValue(clientId);
  await browser.$("#client-secret").setValue(secret);
  if (!(await browser.$("#api-base").isDisplayed())) await click(browser, "#advanced summary");
  await (await shown(browser, "#api-base")).setValue(sim.api_base);
  await browser.$("#oauth-base").setValue(sim.oauth_base);
  await click(browser, "#connect-submit");
  await textContaining(browser, "#connection-status", "Connected to Zoom as", 45000);
}

/**
 * People → Import: the wizard reads `file` through its test hook (standing in for the native
 * file dialog), offers to import `count` people, imports them, and the People table shows again.
 */
export async function importPeopleCsv(browser, file, count, timeout = 30000) {
  const n = count.toLocaleString("en-US");
  await click(browser, "#nav-people");
  await shown(browser, "#people-title");
  await browser.execute((p) => {
    window.__ROLLCALL_E2E_IMPORT_PATH__ = p;
  }, file);
  await click(browser, "#import-people");
  await click(browser, "#choose-file");
  const confirm = await shown(browser, "#import-confirm", timeout);
  const label = await confirm.getText();
  if (label !== `Import ${n} people`) throw new Error(`the import offered "${label}", not "Import ${n} people"`);
  await confirm.click();
  await textContaining(browser, "#import-result", `${n} people added`, timeout * 3);
  await click(browser, "#import-done");
  await shown(browser, '[data-testid="person-row"]', timeout);
}

/** Calls a desktop command from the page (read-only ones only). */
export async function invoke(browser, command, args = {}) {
  const answer = await browser.executeAsync(
    (cmd, a, done) =>
      window.__TAURI_INTERNALS__.invoke(cmd, a).then(
        (value) => done({ ok: true, value }),
        (error) => done({ ok: false, error: typeof error === "string" ? error : JSON.stringify(error) }),
      ),
    command,
    args,
  );
  if (!answer.ok) throw new Error(`${command} failed: ${answer.error}`);
  return answer.value;
}
