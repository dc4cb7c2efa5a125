import { describe, expect, it } from "vitest";
import { rowWindow, scrollView, type ScrollView } from "./row-window";

describe("rowWindow", () => {
  it("renders the rows in view plus the overscan, never past the ends", () => {
    expect(rowWindow(10_000, 0, 600, 40, 5)).toEqual({ first: 0, last: 20 });
    expect(rowWindow(10_000, 4_000, 600, 40, 5)).toEqual({ first: 95, last: 120 });
    expect(rowWindow(100, 3_900, 600, 40, 5)).toEqual({ first: 92, last: 100 });
    expect(rowWindow(0, 0, 600, 40, 5)).toEqual({ first: 0, last: 0 });
  });
});

describe("scrollView", () => {
  it("reports where the scroller stands when it appears, on scroll, and stops when destroyed", () => {
    const node = document.createElement("div");
    Object.defineProperty(node, "clientHeight", { configurable: true, get: () => 480 });
    const seen: ScrollView[] = [];
    const action = scrollView(node, (view) => seen.push(view));
    expect(seen).toEqual([{ scrollTop: 0, height: 480 }]);

    node.scrollTop = 1200;
    node.dispatchEvent(new Event("scroll"));
    expect(seen.at(-1)).toEqual({ scrollTop: 1200, height: 480 });

    // A new callback takes over; after destroy nothing is reported.
    const later: ScrollView[] = [];
    action.update((view) => later.push(view));
    node.dispatchEvent(new Event("scroll"));
    expect(later).toHaveLength(1);
    action.destroy();
    node.dispatchEvent(new Event("scroll"));
    expect(later).toHaveLength(1);
    expect(seen).toHaveLength(2);
  });

  it("says it has no height yet while the element is not laid out", () => {
    const node = document.createElement("div");
    const seen: ScrollView[] = [];
    scrollView(node, (view) => seen.push(view)).destroy();
    expect(seen).toEqual([{ scrollTop: 0, height: null }]);
  });
});
