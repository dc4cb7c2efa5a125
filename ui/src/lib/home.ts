// Where Home's warnings send the admin: one place that knows the routes of the pages an
// action opens (the meeting pages' sections, People filtered to failed provisioning, Jobs).
import type { ActionTarget } from "./ipc/backend";
import { meetingHref } from "./meetings";

export function actionHref(target: ActionTarget): string {
  switch (target.page) {
    case "meeting":
      // The meeting page is one prerendered route with the meeting and tab as parameters.
      return meetingHref({ id: target.meetingId }, target.section);
    case "meetings":
      return "/meetings";
    case "peopleFailed":
      return "/people?provisioning=failed";
    case "jobs":
      return "/jobs";
  }
}

/** "Tue 1 Dec 2026, 15:00" style is the page's job; this keeps the zone next to the time. */
export function withZone(local: string, timezone: string): string {
  return `${local} (${timezone.replaceAll("_", " ")})`;
}
