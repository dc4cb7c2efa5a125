// The rows a virtualized table renders: those in the scrolled viewport plus `overscan` on each
// side, as a half-open range [first, last). One place for the arithmetic the People, Invitees
// and Attendance tables share.
export function rowWindow(
  count: number,
  scrollTop: number,
  viewport: number,
  rowHeight: number,
  overscan: number,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { first, last };
}
