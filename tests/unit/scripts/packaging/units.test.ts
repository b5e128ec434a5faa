// systemd-analyze verify on the applier's units from a scratch root that holds
// the applier where the units expect it; a broken unit fails with verify's words.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkUnits, unitPrograms } from '../../../../scripts/packaging/units.js';

const LINUX = path.resolve(import.meta.dirname, '../../../../build/linux');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('units', () => {
  it('reads the programs a unit runs, prefixes removed', () => {
    expect(unitPrograms('[Service]\nExecStartPre=-/bin/udevadm settle\nExecStart=/usr/local/lib/studio-setup/studio-setup-irq --apply\nExecStop=true\n')).toEqual([
      '/bin/udevadm',
      '/usr/local/lib/studio-setup/studio-setup-irq',
    ]);
  });

  it('the applier`s units verify', () => {
    const r = checkUnits(LINUX);
    expect(r.problems).toEqual([]);
    expect(r.notes[0]).toMatch(/studio-setup-irq-resume.service, studio-setup-irq.service/);
  });

  it('a unit with an unknown setting or a missing program fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-unit-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'broken.service'), '[Unit]\nDescription=x\n[Service]\nType=oneshot\nExecStart=/usr/local/lib/studio-setup/absent --apply\nRestartt=always\n');
    const said = checkUnits(dir).problems.join('\n');
    expect(said).toMatch(/Restartt/);
    expect(said).toMatch(/absent/);
  });
});
