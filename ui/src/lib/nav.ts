// The app's main sections. A later slice adds Meetings here.
export type NavIcon = "home" | "settings" | "people" | "meetings" | "jobs";

export type NavItem = {
  id: string;
  label: string;
  href: string;
  icon: NavIcon;
  /** Other path prefixes that belong to this section. */
  matches?: string[];
};

export const NAV_ITEMS: NavItem[] = [
  { id: "nav-home", label: "Home", href: "/", icon: "home" },
  { id: "nav-people", label: "People", href: "/people", icon: "people" },
  { id: "nav-meetings", label: "Meetings", href: "/meetings", icon: "meetings" },
  { id: "nav-jobs", label: "Jobs", href: "/jobs", icon: "jobs" },
  { id: "nav-settings", label: "Settings", href: "/settings", icon: "settings" },
];

export function isActive(item: NavItem, path: string): boolean {
  if (item.href === "/") return path === "/" || path === "";
  return [item.href, ...(item.matches ?? [])].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}
