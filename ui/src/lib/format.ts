// Small display helpers shared by screens.
import type { Plan } from "./ipc/backend";

export function planLabel(plan: Plan): string {
  return plan === "free" ? "Basic (free)" : plan === "pro" ? "Pro" : "Business";
}

/** The host of a base URL when it isn't real Zoom, for showing test or regional setups. */
export function customHost(apiBase: string): string | null {
  try {
    const host = new URL(apiBase).host;
    return host === "api.zoom.us" ? null : host;
  } catch {
    return apiBase || null;
  }
}
