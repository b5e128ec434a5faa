// Web mode finds the built renderer wherever the bundler put this module: the
// main build itself, its chunks/ directory, or the sources.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtRendererDir } from '../../../../main/cli/web.js';

const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-dist-'));
fs.mkdirSync(path.join(dist, 'renderer'), { recursive: true });
fs.mkdirSync(path.join(dist, 'main', 'chunks'), { recursive: true });
fs.writeFileSync(path.join(dist, 'renderer', 'index.html'), '<!doctype html>');
afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

describe('builtRendererDir', () => {
  it('from the main build and from its chunks', () => {
    expect(builtRendererDir(pathToFileURL(path.join(dist, 'main', 'cli.js')).href)).toBe(path.join(dist, 'renderer'));
    expect(builtRendererDir(pathToFileURL(path.join(dist, 'main', 'chunks', 'web-x.js')).href)).toBe(path.join(dist, 'renderer'));
  });

  it('says how to build when there is none', () => {
    expect(() => builtRendererDir(pathToFileURL(path.join(os.tmpdir(), 'nowhere', 'main', 'cli.js')).href)).toThrow(/npm run build/);
  });
});
