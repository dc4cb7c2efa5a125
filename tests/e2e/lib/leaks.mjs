// Looks for secrets in files: every file under a folder, read as bytes.
import { readdirSync, readFileSync } from "node:fs";
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
  const hits = [];
  for (const file of filesUnder(dir)) {
    const bytes = readFileSync(file);
    for (const needle of needles) {
      for (const encoding of ["utf8", "utf16le"]) {
        if (bytes.includes(Buffer.from(needle, encoding))) {
          hits.push({ file, needle: `${needle.slice(0, 4)}…(${needle.length} chars)`, encoding });
        }
      }
    }
  }
  return hits;
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
