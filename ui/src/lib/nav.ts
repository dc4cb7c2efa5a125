// The app's main sections. Later slices add People, Meetings and Jobs here.
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
  { id: "nav-settings", label: "Settings", href: "/settings", icon: "settings" },
];

export function isActive(item: NavItem, path: string): boolean {
  if (item.href === "/") return path === "/" || path === "";
  return [item.href, ...(item.matches ?? [])].some(
    (prefix) => path === prefix || path.startsWith(`${prefix}/`),
  );
}
