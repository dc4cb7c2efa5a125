import { describe, expect, it } from "vitest";
import { ERROR_TABLE, treatmentFor } from "./errors";
import { toAppError, BackendError } from "./ipc/backend";

describe("error table", () => {
  it("gives every code a severity, and actions only with a label and a place to go", () => {
    for (const [code, treatment] of Object.entries(ERROR_TABLE)) {
      expect(["error", "warning", "info"], code).toContain(treatment.severity);
      if (treatment.action) {
        expect(treatment.action.label, code).toMatch(/^[A-Z]/);
        expect(treatment.action.href, code).toMatch(/^\//);
      }
    }
  });

  it("sends credential problems to Zoom accounts and has no button for rate limits", () => {
    expect(ERROR_TABLE.ZoomUnauthorized.action).toEqual({ label: "Open Zoom accounts", href: "/settings" });
    expect(ERROR_TABLE.ZoomRateLimited.action).toBeNull();
  });

  it("falls back to Unknown for codes it does not know", () => {
    const error = toAppError({ code: "SomethingNew", message: "New thing.", detail: null });
    expect(error.code).toBe("Unknown");
    expect(treatmentFor(error)).toBe(ERROR_TABLE.Unknown);
  });

  it("keeps AppErrors thrown by the backend and wraps anything else", () => {
    const appError = { code: "Conflict", message: "Already there.", detail: "unique" } as const;
    expect(toAppError(new BackendError(appError))).toEqual(appError);
    expect(toAppError(appError)).toEqual(appError);
    const wrapped = toAppError(new TypeError("boom"));
    expect(wrapped.code).toBe("Unknown");
    expect(wrapped.detail).toBe("TypeError: boom");
  });
});
