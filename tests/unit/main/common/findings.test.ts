// The order findings are shown in when they need attention (wizard, CLI).
import { describe, expect, it } from 'vitest';
import { byUrgency, type Finding } from '../../../../main/common/findings.js';

type Row = Pick<Finding, 'status' | 'severity'> & { id: string };

describe('byUrgency', () => {
  it('fail before warn, then required, recommended, optional; check order kept within each', () => {
    const rows: Row[] = [
      { id: 'inotify', status: 'warn', severity: 'optional' },
      { id: 'dma', status: 'warn', severity: 'optional' },
      { id: 'irq', status: 'warn', severity: 'recommended' },
      { id: 'rtprio', status: 'fail', severity: 'required' },
      { id: 'rtirq', status: 'warn', severity: 'recommended' },
      { id: 'memlock', status: 'fail', severity: 'recommended' },
    ];
    expect(byUrgency(rows).map((r) => r.id)).toEqual(['rtprio', 'memlock', 'irq', 'rtirq', 'inotify', 'dma']);
    // The input is left as it was.
    expect(rows[0]?.id).toBe('inotify');
  });
});
