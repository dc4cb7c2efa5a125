// Accessibility check with axe-core, injected into the running app over WebDriver.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { ARTIFACTS } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe on the current screen, saves the full result to target/e2e-artifacts/axe-<name>.json
 * and returns the violations of at least `minImpact` ("serious" by default).
 */
export async function axeViolations(browser, name, minImpact = "serious") {
  const injected = await browser.execute("return typeof window.axe !== 'undefined'");
  if (!injected) await browser.execute(`${AXE_SOURCE}; return true;`);
  const result = await browser.executeAsync((done) => {
    // eslint-disable-next-line no-undef
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) => done({ violations: r.violations }))
      .catch((e) => done({ error: String(e) }));
  });
  writeFileSync(path.join(ARTIFACTS, `axe-${name}.json`), JSON.stringify(result, null, 2));
  if (result.error) throw new Error(`axe failed: ${result.error}`);
  const order = ["minor", "moderate", "serious", "critical"];
  return result.violations
    .filter((v) => order.indexOf(v.impact) >= order.indexOf(minImpact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
