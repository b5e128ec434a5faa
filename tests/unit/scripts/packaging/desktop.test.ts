// The menu entries as electron-builder renders them from our configuration:
// valid for desktop-file-validate, with the keys GNOME and KDE menus use, the
// sandbox on in the AppImage's, and the rules failing on a poorer entry.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Configuration } from 'app-builder-lib';
import { loadBuilderConfig, readAppPackage, type AppPackage } from '../../../../scripts/packaging/builder.js';
import { checkDesktopEntries, desktopEntryProblems, desktopKeys, parseDesktopValidate, renderDesktopEntries } from '../../../../scripts/packaging/desktop.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
let config: Configuration;
let app: AppPackage;
beforeAll(async () => {
  config = await loadBuilderConfig(REPO);
  app = readAppPackage(REPO, config);
});

describe('desktop entries', () => {
  it('deb/rpm and AppImage entries as electron-builder writes them', async () => {
    const [fpm, appImage] = await renderDesktopEntries(config, app);
    expect(fpm?.fileName).toBe('studio-setup.desktop');
    const k = desktopKeys(fpm?.text ?? '');
    expect(Object.fromEntries(k)).toMatchObject({
      Name: 'Studio Setup',
      GenericName: 'Audio System Tuning',
      Exec: '"/opt/Studio Setup/studio-setup" %U',
      Icon: 'studio-setup',
      StartupWMClass: 'studio-setup',
      Categories: 'AudioVideo;Audio;Settings;',
    });
    expect(k.get('Keywords')).toMatch(/^audio;latency;jack;pipewire;realtime;irq;/);
    expect(desktopKeys(appImage?.text ?? '').get('Exec')).toBe('AppRun %U');
  });

  it('both pass desktop-file-validate and our rules (hints are only printed)', async () => {
    const r = await checkDesktopEntries(config, app);
    expect(r.problems).toEqual([]);
  });

  it('a poorer entry fails our rules', () => {
    const poor = '[Desktop Entry]\nName=studio-setup\nExec=AppRun --no-sandbox %U\nIcon=app\nCategories=Utility;\nKeywords=audio;\n';
    const p = desktopEntryProblems(poor, { icon: 'studio-setup', startupWMClass: 'studio-setup' });
    expect(p.join('\n')).toMatch(/Name is "studio-setup"/);
    expect(p.join('\n')).toMatch(/GenericName/);
    expect(p.join('\n')).toMatch(/Categories lacks AudioVideo/);
    expect(p.join('\n')).toMatch(/Keywords lacks pipewire/);
    expect(p.join('\n')).toMatch(/--no-sandbox/);
  });

  it('desktop-file-validate: errors and warnings fail, hints do not', () => {
    const out = 'a.desktop: error: required key "Type" in group "Desktop Entry" is not present\na.desktop: warning: key "Encoding" is deprecated\na.desktop: hint: value "AudioVideo;Settings;" contains more than one main category\n';
    const r = parseDesktopValidate(out);
    expect(r.problems).toHaveLength(2);
    expect(r.notes).toHaveLength(1);
  });
});
