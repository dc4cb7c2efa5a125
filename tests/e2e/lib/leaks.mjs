// Looks for secrets in files: every file under a folder (or a list of files, such as a process's
// /proc entries), read as bytes.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export function filesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

/**
 * Every (file, needle) pair where the needle occurs in the file, binary-safe. Each needle is
 * searched as UTF-8 and as UTF-16LE, so a secret stored in either encoding is caught.
 */
export function findLeaks(dir, needles) {
  return findLeaksInFiles(filesUnder(dir), needles);
}

/**
 * The same search over a list of files (also `/proc/<pid>/cmdline`, `/proc/<pid>/environ`). A
 * needle is searched as is and percent-encoded too (a token inside a URL inside a URL).
 */
export function findLeaksInFiles(files, needles) {
  const hits = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      const forms = new Set([needle, encodeURIComponent(needle)]);
      for (const form of forms) {
        for (const encoding of ["utf8", "utf16le"]) {
          if (bytes.includes(Buffer.from(form, encoding))) {
            hits.push({ file, needle: `${needle.slice(0, 4)}…(${needle.length} chars)`, encoding, encoded: form !== needle });
          }
        }
      }
    }
  }
  return hits;
}

/**
 * Proves that a scan with these needles can fail: the list is not empty, and a copy of one of
 * them (the last, inside other text) planted in a temporary file is found by the same search.
 * Returns the number of hits on the planted file (at least 1 when the scan works).
 */
export function plantedNeedleIsFound(needles) {
  const list = [...needles];
  if (list.length === 0) return 0;
  const dir = mkdtempSync(path.join(tmpdir(), "rollcall-e2e-planted-"));
  try {
    writeFileSync(path.join(dir, "planted.log"), `2026-01-01T00:00:00Z INFO something ${list[list.length - 1]} happened\n`);
    return findLeaks(dir, list).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `pid` and every process below it (the app's WebKit web and network processes), with names. */
export function processTree(pid) {
  const children = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const visit = (p) => {
    let comm = "?";
    try {
      comm = readFileSync(`/proc/${p}/comm`, "utf8").trim();
    } catch {
      return;
    }
    out.push({ pid: p, comm });
    for (const child of children.get(p) ?? []) visit(child);
  };
  visit(pid);
  return out;
}

/** Credentials zoom-sim lists as handed out: every access token and every ZAK (start_url ZAKs too). */
export function issuedCredentials(state) {
  return tokensIn({ issued_access_tokens: state.issued_access_tokens ?? [], issued_zak_tokens: state.issued_zak_tokens ?? [] });
}

/** Token-looking strings in the simulator's state: values under keys that mention "token". */
export function tokensIn(value, underTokenKey = false, out = new Set()) {
  if (typeof value === "string") {
    if (underTokenKey && value.length >= 16) out.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) tokensIn(item, underTokenKey, out);
  } else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      // Maps keyed by token (`{"tokens": {"<token>": {...}}}`) count too.
      if (underTokenKey && key.length >= 20) out.add(key);
      tokensIn(item, underTokenKey || /token/i.test(key), out);
    }
  }
  return out;
}

/** The running processes of `binary` whose environment names `dataDir` as ROLLCALL_DATA_DIR. */
export function appProcesses(binary, dataDir) {
  const wanted = `ROLLCALL_DATA_DIR=${dataDir}`;
  const found = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/exe`) !== path.resolve(binary)) continue;
      if (readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(wanted)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * The TCP ports process `pid` itself listens on at 127.0.0.1.
 *
 * Why: the demo's zoom-sim runs inside the app, on a loopback port it picks at start, and the
 * shipped app has (and must have) no hook that tells a test where. So the test finds it the
 * way anyone on this machine could: /proc/<pid>/net/tcp lists every IPv4 socket of the
 * process's network namespace (not only its own), so a line counts only when it is listening
 * (state 0A) on 127.0.0.1 and its inode is one of the process's own sockets (the
 * `socket:[inode]` links in /proc/<pid>/fd). A simulator that listened on any other address
 * would not be found, and the caller fails: the demo's Zoom must stay on loopback.
 */
export function loopbackListeningPorts(pid) {
  const inodes = new Set();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (link) inodes.add(link[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set();
  // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …";
  // the address is hex in host byte order (0100007F for 127.0.0.1 on little-endian machines).
  for (const line of readFileSync(`/proc/${pid}/net/tcp`, "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [address, port] = fields[1].split(":");
    if (fields[3] !== "0A" || !["0100007F", "7F000001"].includes(address) || !inodes.has(fields[9])) continue;
    ports.add(Number.parseInt(port, 16));
  }
  return [...ports].sort((a, b) => a - b);
}

/**
 * Every zoom-sim inside process `pid`: each of its loopback listening ports is asked for
 * `GET /_sim/state`, and a port counts when it answers the way zoom-sim does (JSON with its
 * `accounts`, `issued_access_tokens` and `issued_zak_tokens` lists). Under WebDriver the app
 * also listens on WebKit's remote inspector port (WebKitWebDriver names it in the app's
 * WEBKIT_INSPECTOR_SERVER); that one carries the test's own session and is left alone.
 * Returns the simulators (`[{ port, controlBase, state }]`), every loopback listening port, and
 * the inspector port that was not asked.
 */
export async function zoomSimsInProcess(pid) {
  const ports = loopbackListeningPorts(pid);
  const inspector = readFileSync(`/proc/${pid}/environ`, "utf8")
    .split("\0")
    .map((entry) => /^WEBKIT_INSPECTOR_SERVER=.*:(\d+)$/.exec(entry)?.[1])
    .find(Boolean);
  const sims = [];
  for (const port of ports) {
    if (String(port) === inspector) continue;
    const controlBase = `http://127.0.0.1:${port}/_sim`;
    try {
      const response = await fetch(`${controlBase}/state`, { signal: AbortSignal.timeout(10000) });
      if (!response.ok) continue;
      const state = await response.json();
      if (Array.isArray(state?.accounts) && Array.isArray(state.issued_access_tokens) && Array.isArray(state.issued_zak_tokens)) {
        sims.push({ port, controlBase, state });
      }
    } catch {
      // not HTTP, not JSON, or not answering: not a simulator
    }
  }
  return { ports, sims, inspector: inspector ? Number(inspector) : null };
}

/** The value of `Authorization: Basic …` for a client id and secret (the token request's credential). */
export function basicCredential(clientId, secret) {
  return Buffer.from(`${clientId}:${secret}`, "utf8").toString("base64");
}
