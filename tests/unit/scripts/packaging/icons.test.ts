// The icon set: every size Linux desktops ask for, each exactly that size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkIcons, ICON_SIZES, pngSize } from '../../../../scripts/packaging/icons.js';

const BUILD = path.resolve(import.meta.dirname, '../../../../build');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('icons', () => {
  it('the committed set is complete', () => {
    expect(checkIcons(path.join(BUILD, 'icons'), [path.join(BUILD, 'icon.svg'), path.join(BUILD, 'icon-small.svg')]).problems).toEqual([]);
    expect(pngSize(fs.readFileSync(path.join(BUILD, 'icons/48x48.png')))).toEqual({ width: 48, height: 48 });
    expect(pngSize(Buffer.from('<svg/>'))).toBeNull();
  });

  it('a missing size or a mislabelled file fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-icons-'));
    dirs.push(dir);
    for (const s of ICON_SIZES) fs.copyFileSync(path.join(BUILD, 'icons', `${s}x${s}.png`), path.join(dir, `${s}x${s}.png`));
    fs.rmSync(path.join(dir, '24x24.png'));
    fs.copyFileSync(path.join(BUILD, 'icons/16x16.png'), path.join(dir, '32x32.png'));
    expect(checkIcons(dir, []).problems).toEqual([`${dir}/24x24.png is missing (./scripts/render-icons.sh renders it)`, `${dir}/32x32.png is 16x16, not 32x32`]);
  });
});
