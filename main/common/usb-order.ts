// The order USB devices are listed in: bus, then port path numerically (1.10
// after 1.9), then device number — the order of the physical tree.

/** Compare two port paths ("1.2" before "1.10"; a root hub's "" first; unknown last). */
export function comparePortPaths(a: string | null, b: string | null): number {
  const pa = (a ?? '').split('.').filter(Boolean).map(Number);
  const pb = (b ?? '').split('.').filter(Boolean).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Compare two USB devices by bus, port path and device number. */
export function compareUsb(
  a: { bus: number; portPath: string | null; device: number | null },
  b: { bus: number; portPath: string | null; device: number | null },
): number {
  return a.bus - b.bus || comparePortPaths(a.portPath, b.portPath) || (a.device ?? 0) - (b.device ?? 0);
}
