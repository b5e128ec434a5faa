// electron-builder.yml through electron-builder's own loader and schema, and
// this project's rules on it and app/package.json; a typo'd key, a missing
// helper unpack or runtime dependencies in app/ fail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configProblems, loadBuilderConfig, readAppPackage } from '../../../../scripts/packaging/builder.js';
import { pinCheck } from '../../../../scripts/packaging/main.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('electron-builder configuration', () => {
  it('ours loads, validates and follows the rules', async () => {
    const config = await loadBuilderConfig(REPO);
    expect(config.directories).toMatchObject({ app: 'app', buildResources: 'build' });
    expect(configProblems(REPO, config, readAppPackage(REPO, config))).toEqual([]);
    expect(pinCheck(REPO).problems).toEqual([]);
  });

  it('electron-builder`s schema rejects an unknown option', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-eb-'));
    dirs.push(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), '{}');
    fs.writeFileSync(path.join(dir, 'electron-builder.yml'), fs.readFileSync(path.join(REPO, 'electron-builder.yml'), 'utf8').replace('asar: true', 'asar: true\nlinx: {}'));
    await expect(loadBuilderConfig(dir)).rejects.toThrow(/unknown property 'linx'/);
  });

  it('the project rules catch what the schema allows', async () => {
    const config = await loadBuilderConfig(REPO);
    const app = readAppPackage(REPO, config);
    const worse = { ...config, asarUnpack: [], electronFuses: { runAsNode: false }, linux: { ...config.linux, category: 'Utility', target: ['AppImage'] } };
    const said = configProblems(REPO, worse, { ...app, dependencies: { left: '1.0.0' }, author: 'someone' }).join('\n');
    for (const m of [/asarUnpack must hold dist\/helper/, /runAsNode must stay on/, /lacks deb for x64/, /lacks rpm for x64/, /category lacks AudioVideo/, /author has no email/, /has dependencies/]) expect(said).toMatch(m);
  });
});
