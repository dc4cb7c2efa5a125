import { render, screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { fakeLine } from "$lib/ipc/fake-attendance";
import AttendanceTimeline from "./AttendanceTimeline.svelte";

const START = Date.parse("2026-03-02T09:00:00Z");
const person = (n: number) => ({ personId: n, externalId: `P${n}`, name: `Person ${n}`, email: `p${n}@example.org` });

function draw(lines: ReturnType<typeof fakeLine>[]) {
  return render(AttendanceTimeline, {
    props: { lines, scheduledStart: "2026-03-02T09:00:00Z", scheduledEnd: "2026-03-02T10:00:00Z", timezone: "UTC" },
  });
}

const x = (el: Element) => Number(el.getAttribute("x"));
const width = (el: Element) => Number(el.getAttribute("width"));

describe("AttendanceTimeline", () => {
  it("draws every stay of every person against the scheduled start and end", () => {
    draw([
      fakeLine(person(1), "present", START, [[0, 60]]),
      fakeLine(person(2), "present", START, [[-5, 20], [30, 60]]),
      fakeLine(person(3), "late", START, [[15, 60]]),
      fakeLine(person(4), "absent", START, []),
    ]);
    const rows = screen.getAllByTestId("timeline-row");
    expect(rows).toHaveLength(4);
    const stays = rows.map((r) => within(r as HTMLElement).queryAllByTestId("timeline-interval"));
    expect(stays.map((s) => s.length)).toEqual([1, 2, 1, 0]);

    const start = Number(screen.getByTestId("timeline-start").getAttribute("x1"));
    const end = Number(screen.getByTestId("timeline-end").getAttribute("x1"));
    // Whoever stayed the whole scheduled hour spans exactly from the start line to the end line.
    expect(x(stays[0][0])).toBeCloseTo(start, 5);
    expect(x(stays[0][0]) + width(stays[0][0])).toBeCloseTo(end, 5);
    // An early join is drawn before the start; the rejoin's gap is a gap.
    expect(x(stays[1][0])).toBeLessThan(start);
    expect(x(stays[1][1])).toBeGreaterThan(x(stays[1][0]) + width(stays[1][0]));
    // Late by a quarter of the hour: a quarter of the way along.
    expect(x(stays[2][0])).toBeCloseTo(start + (end - start) / 4, 5);
  });

  it("says each person's stays in words for screen readers", () => {
    draw([
      fakeLine(person(2), "present", START, [[-5, 20], [30, 60]]),
      fakeLine(person(4), "absent", START, []),
    ]);
    const list = screen.getByRole("list", { name: "Timeline of each person's time in the meeting" });
    const items = within(list).getAllByRole("listitem");
    expect(items[0]).toHaveAccessibleName("Person 2: Present, 55 min, 08:55 to 09:20, 09:30 to 10:00");
    expect(items[1]).toHaveAccessibleName("Person 4: Absent, no time in the meeting");
  });

  it("draws 300 people, each in their own row", () => {
    const lines = Array.from({ length: 300 }, (_, i) =>
      fakeLine(person(i + 1), "present", START, i % 2 === 0 ? [[i % 10, 60]] : [[0, 20], [25, 60 - (i % 7)]]),
    );
    draw(lines);
    expect(screen.getAllByTestId("timeline-row")).toHaveLength(300);
    expect(screen.getAllByTestId("timeline-interval")).toHaveLength(450);
    const ys = screen.getAllByTestId("timeline-interval").map((r) => Number(r.getAttribute("y")));
    expect(new Set(ys).size).toBe(300);
  });
});
