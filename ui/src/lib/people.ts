// How people and their Zoom users are put into words on screen.
import type { Person, PersonField } from "./ipc/backend";

export function fullName(p: Pick<Person, "firstName" | "lastName">): string {
  return `${p.firstName} ${p.lastName}`.trim();
}

/** The Zoom column in plain words, e.g. "Created by Rollcall" or "Failed". */
export function zoomLabel(person: Person): string {
  const zoom = person.zoom;
  if (!zoom) return "Not in Zoom yet";
  switch (zoom.status) {
    case "provisioned":
      return zoom.kind === "linked" ? "Linked to an existing user" : "Created by Rollcall";
    case "failed":
      return "Failed";
    case "deleted":
      return "Deleted from Zoom";
  }
}

export const FIELD_LABELS: Record<PersonField, string> = {
  externalId: "External id",
  email: "Email",
  firstName: "First name",
  lastName: "Last name",
  groups: "Groups",
  active: "Active",
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * Whether two answers list the same people with the same fields, in the same order (a refresh
 * that changed nothing keeps the list on screen instead of sorting and drawing it again).
 */
export function samePeople(a: readonly Person[], b: readonly Person[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const p = a[i];
    const q = b[i];
    if (
      p.id !== q.id ||
      p.externalId !== q.externalId ||
      p.email !== q.email ||
      p.firstName !== q.firstName ||
      p.lastName !== q.lastName ||
      p.active !== q.active ||
      p.groups.length !== q.groups.length ||
      p.groups.some((g, j) => g !== q.groups[j]) ||
      JSON.stringify(p.zoom) !== JSON.stringify(q.zoom)
    )
      return false;
  }
  return true;
}
