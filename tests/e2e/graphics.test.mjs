// Without a GPU the app paints the page on the CPU and keeps OpenGL out of its own process
// (src-tauri/src/gpu.rs, README "Graphics"): GTK's GLX probe and WebKit's EGL checks would
// otherwise load Mesa's llvmpipe and its 50 MB libLLVM into the app. This runs the app as an admin
// without a GPU gets it (the harness's usual ROLLCALL_GPU=on is not applied) and reads the app
// process's memory map. On a machine with a GPU render node the app keeps WebKit's OpenGL
// compositing, and there is nothing to check.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { after, before } from "node:test";
import { APP_BINARY, freshProfile, launchApp, removeProfile, shown, test } from "./lib/harness.mjs";
import { appProcesses, processTree } from "./lib/leaks.mjs";

const renderNode = existsSync("/dev/dri") && readdirSync("/dev/dri").some((n) => n.startsWith("renderD"));

let profile;
let app;

before(() => {
  profile = freshProfile();
});

after(async () => {
  await app?.stop();
  removeProfile(profile);
});

/** The shared libraries a process has mapped, by file name. */
function mappedLibraries(pid) {
  const names = new Set();
  for (const line of readFileSync(`/proc/${pid}/maps`, "utf8").split("\n")) {
    const file = line.split(/\s+/)[5];
    if (file?.startsWith("/")) names.add(file.slice(file.lastIndexOf("/") + 1));
  }
  return [...names];
}

test(
  "without a GPU, the first screen is painted and the app process has loaded no OpenGL driver",
  { skip: renderNode ? "this machine has a GPU render node: the app keeps WebKit's OpenGL compositing" : false },
  async () => {
    const env = process.env.ROLLCALL_GPU;
    delete process.env.ROLLCALL_GPU; // the app's own choice, as an admin gets it
    try {
      app = await launchApp(profile, "graphics", { appChoosesCompositing: true });
    } finally {
      if (env !== undefined) process.env.ROLLCALL_GPU = env;
    }
    await shown(app.browser, '[data-testid="first-run"]');
    assert.match(await app.browser.$("h1").getText(), /Welcome to Rollcall/);

    const [pid] = appProcesses(APP_BINARY, profile.dataDir);
    assert.ok(pid, "the app's process is found by its data folder");
    const mesa = mappedLibraries(pid).filter((n) => /^(libLLVM|swrast_dri|kms_swrast_dri|libGLX_mesa|libEGL_mesa)/.test(n));
    assert.deepEqual(mesa, [], "no Mesa library in the app process");

    // The web process still opens an EGL display (WebKitGTK 2.50 requires one): recorded, not asserted.
    const web = processTree(pid).find((p) => p.comm.startsWith("WebKitWebProces"));
    if (web) {
      const webMesa = mappedLibraries(web.pid).filter((n) => /^(libLLVM|swrast_dri)/.test(n));
      console.log(`the web process maps ${webMesa.length ? webMesa.join(", ") : "no Mesa library"}`);
    }
  },
);
