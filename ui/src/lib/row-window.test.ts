import { describe, expect, it } from "vitest";
import { rowWindow } from "./row-window";

describe("rowWindow", () => {
  it("renders the rows in view plus the overscan, never past the ends", () => {
    expect(rowWindow(10_000, 0, 600, 40, 5)).toEqual({ first: 0, last: 20 });
    expect(rowWindow(10_000, 4_000, 600, 40, 5)).toEqual({ first: 95, last: 120 });
    expect(rowWindow(100, 3_900, 600, 40, 5)).toEqual({ first: 92, last: 100 });
    expect(rowWindow(0, 0, 600, 40, 5)).toEqual({ first: 0, last: 0 });
  });
});
