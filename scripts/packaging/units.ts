// systemd-analyze verify on the applier's units (build/linux/*.service, which
// the helper installs at apply time). verify wants every program a unit runs to
// exist, so it runs on a scratch root (--root) holding the units in
// /etc/systemd/system and our own programs (build/linux/<name>) where the units
// expect them; programs of the system (/bin/udevadm) are looked up as usual.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missingTool, result, runTool, type CheckResult } from './check.js';

/** Absolute programs a unit runs (Exec*= lines; systemd's -@:+! prefixes removed). */
export function unitPrograms(unitText: string): string[] {
  const out: string[] = [];
  for (const line of unitText.split('\n')) {
    const m = /^\s*Exec[A-Za-z]*\s*=\s*(\S+)/.exec(line);
    const program = m?.[1]?.replace(/^[-@:+!]+/, '');
    if (program?.startsWith('/')) out.push(program);
  }
  return out;
}

/** Verify every build/linux/*.service; problems are verify's own lines. */
export function checkUnits(linuxDir: string): CheckResult {
  const name = 'systemd-analyze verify';
  const units = fs.readdirSync(linuxDir).filter((f) => f.endsWith('.service')).sort();
  if (units.length === 0) return result(name, [`no units in ${linuxDir}`]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'studio-units-'));
  try {
    const unitDir = path.join(root, 'etc/systemd/system');
    fs.mkdirSync(unitDir, { recursive: true });
    const notes: string[] = [];
    for (const u of units) {
      const text = fs.readFileSync(path.join(linuxDir, u), 'utf8');
      fs.writeFileSync(path.join(unitDir, u), text);
      for (const program of unitPrograms(text)) {
        const ours = path.join(linuxDir, path.basename(program));
        if (!program.includes('/studio-setup/') || !fs.existsSync(ours)) continue;
        const target = path.join(root, program);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(ours, target);
        fs.chmodSync(target, 0o755);
        notes.push(`${u} runs ${program} (build/linux/${path.basename(program)})`);
      }
    }
    const run = runTool('systemd-analyze', ['verify', `--root=${root}`, ...units], { env: { ...process.env, SYSTEMD_LOG_COLOR: '0', SYSTEMD_PAGER: '' } });
    if (run.missing) return result(name, [missingTool('systemd-analyze', 'systemd')]);
    const said = `${run.stdout}\n${run.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
    const problems = run.code === 0 && said.length === 0 ? [] : said.length > 0 ? said : [`systemd-analyze verify failed (exit ${run.code})`];
    return result(name, problems, [`${units.join(', ')}`, ...notes]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
