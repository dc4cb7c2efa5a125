// Static SPA inside Tauri: no server rendering, one prerendered shell with an index.html fallback.
export const ssr = false;
export const prerender = true;
