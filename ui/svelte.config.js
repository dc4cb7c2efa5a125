import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A static single-page app: Tauri serves `build/` and every route falls back to index.html.
    adapter: adapter({ pages: "build", assets: "build", fallback: "index.html", strict: true }),
  },
};

export default config;
