// The icon set electron-builder installs into the hicolor theme
// (/usr/share/icons/hicolor/NxN/apps/studio-setup.png) and puts in the AppImage:
// every size a Linux desktop asks for, each a PNG of exactly that size.
import fs from 'node:fs';
import path from 'node:path';
import { result, type CheckResult } from './check.js';

/** The sizes the desktops use (menus, docks, the app switcher, HiDPI). */
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, or null when it is not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** build/icons/NxN.png for every size, and the SVG masters they are rendered from. */
export function checkIcons(iconDir: string, masters: string[]): CheckResult {
  const problems: string[] = [];
  for (const size of ICON_SIZES) {
    const file = path.join(iconDir, `${size}x${size}.png`);
    if (!fs.existsSync(file)) {
      problems.push(`${file} is missing (./scripts/render-icons.sh renders it)`);
      continue;
    }
    const dims = pngSize(fs.readFileSync(file));
    if (!dims) problems.push(`${file} is not a PNG`);
    else if (dims.width !== size || dims.height !== size) problems.push(`${file} is ${dims.width}x${dims.height}, not ${size}x${size}`);
  }
  for (const m of masters) if (!fs.existsSync(m)) problems.push(`${m} (an icon master) is missing`);
  return result('icons', problems, [`${ICON_SIZES.length} sizes, ${ICON_SIZES[0]}…${ICON_SIZES[ICON_SIZES.length - 1]} px`]);
}
