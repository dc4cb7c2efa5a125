import { describe, expect, it } from "vitest";
import { ERROR_ADVICE, adviceFor } from "./errors";
import { toAppError, BackendError } from "./ipc/backend";

describe("error advice", () => {
  it("has a sentence for every code", () => {
    for (const [code, advice] of Object.entries(ERROR_ADVICE)) {
      expect(advice.action, code).toMatch(/^[A-Z].*\.$/);
    }
  });

  it("falls back to Unknown for codes it does not know", () => {
    const error = toAppError({ code: "SomethingNew", message: "New thing.", detail: null });
    expect(error.code).toBe("Unknown");
    expect(adviceFor(error)).toBe(ERROR_ADVICE.Unknown);
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
