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

/** Where a table's scroller stands: its scroll offset, and its height once it has one. */
export type ScrollView = { scrollTop: number; height: number | null };

/**
 * Svelte action for a virtualized table's scroller (`use:scrollView={onview}`): reports where
 * it stands when it appears, on every scroll and whenever its size changes, so the table can
 * compute its `rowWindow`. The height is null while the element has none (not laid out yet).
 */
export function scrollView(node: HTMLElement, onview: (view: ScrollView) => void) {
  let report = onview;
  const send = () => report({ scrollTop: node.scrollTop, height: node.clientHeight > 0 ? node.clientHeight : null });
  send();
  node.addEventListener("scroll", send, { passive: true });
  const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(send);
  observer?.observe(node);
  return {
    update(next: (view: ScrollView) => void) {
      report = next;
    },
    destroy() {
      node.removeEventListener("scroll", send);
      observer?.disconnect();
    },
  };
}
