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
