import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessFor, parseLimits } from '../../../../main/latency/access.js';
import { which } from '../../../../main/latency/tool.js';
import { latencyVerb, latencyVerbArgs, outcomeOfVerbResult, readVerbOutput, VERB_EXIT } from '../../../../main/latency/verb.js';
import { fixtureResult } from '../../helpers/latency.js';

function out() {
  const lines: unknown[] = [];
  const errors: string[] = [];
  return { lines, errors, out: { json: (o: unknown) => lines.push(o), err: (t: string) => errors.push(t) } };
}

describe('the helper\'s latency verb', () => {
  it.each([
    [['--seconds', '0'], /--seconds must be a whole number from 1 to 600/],
    [['--seconds', '601'], /from 1 to 600/],
    [['--seconds', '1e2'], /whole number/],
    [['--seconds', ' 5'], /whole number/],
    [['--load', 'disk'], /--load must be one of none, cpu, io/],
    [['--load', 'cpu;reboot'], /--load must be one of/],
    [['--root', '/'], /Unknown option '--root'/],
    [['extra'], /latency: .*positional|Unexpected argument/i],
  ])('%j is refused with exit 2 before anything runs', async (argv, message) => {
    const o = out();
    expect(await latencyVerb(argv, { out: o.out, uid: 0 })).toBe(VERB_EXIT.invalid);
    expect(o.errors[0]).toMatch(message);
    expect(o.lines).toEqual([{ result: { ok: false, code: 2, error: expect.stringMatching(message) } }]);
  });

  it('refuses to run as anyone but root (exit 3)', async () => {
    const o = out();
    expect(await latencyVerb(['--seconds', '5'], { out: o.out, uid: 1000 })).toBe(VERB_EXIT.notRoot);
    expect(o.lines).toEqual([{ result: { ok: false, code: 3, error: 'the helper must run as root' } }]);
  });

  it('the client\'s arguments are fixed words and digits only', () => {
    expect(latencyVerbArgs(30, 'io')).toEqual(['latency', '--seconds', '30', '--load', 'io']);
    expect(latencyVerbArgs(30, 'io').join(' ')).toMatch(/^[a-z0-9 -]+$/);
  });

  const realRoot = process.getuid?.() === 0 && which('cyclictest', '/usr/sbin:/usr/bin:/sbin:/bin') ? it : it.skip;
  realRoot('as root: progress lines, then one result line the client reads back', async () => {
    const o = out();
    expect(await latencyVerb(['--seconds', '1', '--load', 'none'], { out: o.out })).toBe(0);
    const progress = o.lines.slice(0, -1) as { progress: { step: number; of: number; what: string } }[];
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.progress.of === 1 && /^measuring latency/.test(p.progress.what))).toBe(true);
    const stdout = o.lines.map((l) => JSON.stringify(l)).join('\n');
    const back = readVerbOutput(stdout);
    if (!back.ok) throw new Error(back.message);
    expect(back.result.settings.via).toBe('helper');
    expect(back.result.histogram!.rows.length).toBeGreaterThan(0);
  });
});

describe('the verb as a process (how the helper runs it)', () => {
  const realRoot = process.getuid?.() === 0 && which('cyclictest', '/usr/sbin:/usr/bin:/sbin:/bin') ? it : it.skip;
  realRoot('SIGTERM mid-run: cyclictest stopped, a cancelled result, exit 1, nothing left running', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-verb-'));
    const script = path.join(dir, 'helper.mts');
    const verb = path.resolve(import.meta.dirname, '../../../../main/latency/verb.ts');
    fs.writeFileSync(
      script,
      `import { latencyVerbMain } from ${JSON.stringify(verb)};\n` +
        `await latencyVerbMain(process.argv.slice(2), { json: (o) => process.stdout.write(JSON.stringify(o) + '\\n'), err: (t) => process.stderr.write(t + '\\n') });\n`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--seconds', '120', '--load', 'cpu'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const measuring = new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (c: string) => {
        stdout += c;
        if (/"step":[1-9]/.test(stdout)) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await measuring;
    child.kill('SIGTERM');
    expect(await exited).toBe(1);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(last).toEqual({ result: { ok: false, code: 1, reason: 'cancelled', error: expect.stringMatching(/cancelled/) } });
    const children = fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
          const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return state !== 'Z' && Number(ppid) === child.pid;
        } catch {
          return false;
        }
      });
    expect(children).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('reading the helper\'s output on the user\'s side', () => {
  it('a result line, validated; failures keep their reason; garbage is a failure', () => {
    const r = fixtureResult('histfile-2cpu.txt', null, { via: 'helper' });
    const stdout = `{"progress":{"step":0,"of":3,"what":"measuring latency"}}\n{"result":${JSON.stringify({ ok: true, code: 0, latency: r })}}\n`;
    expect(readVerbOutput(stdout)).toEqual({ ok: true, result: r });
    expect(readVerbOutput('{"result":{"ok":false,"code":1,"error":"latency: cyclictest is not installed","reason":"missing-tool"}}')).toEqual({
      ok: false,
      reason: 'missing-tool',
      message: 'latency: cyclictest is not installed',
    });
    expect(readVerbOutput('')).toMatchObject({ ok: false, message: 'the helper printed no result' });
    expect(outcomeOfVerbResult(null, 'You cancelled the password prompt.')).toEqual({ ok: false, reason: 'failed', message: 'You cancelled the password prompt.' });
    expect(outcomeOfVerbResult({ ok: true, code: 0, latency: r })).toEqual({ ok: true, result: r });
    expect(readVerbOutput(`{"result":{"ok":true,"latency":{"format":"studio-setup-latency"}}}`)).toMatchObject({ ok: false, message: expect.stringMatching(/not a valid latency result/) });
  });
});

describe('may this process measure directly?', () => {
  const LIMITS = `Limit                     Soft Limit           Hard Limit           Units     
Max locked memory         8388608              8388608              bytes     
Max realtime priority     0                    0                    
`;
  it('reads the soft limits of /proc/PID/limits', () => {
    expect(parseLimits(LIMITS)).toEqual({ rtprio: 0, memlock: 8388608 });
    expect(parseLimits('Max realtime priority     95   95\nMax locked memory   unlimited   unlimited  bytes')).toEqual({ rtprio: 95, memlock: 'unlimited' });
    expect(parseLimits('')).toEqual({ rtprio: null, memlock: null });
  });

  it('root always; others need rtprio >= 80 and unlimited memlock (the audio group\'s limits)', () => {
    expect(accessFor(0, parseLimits(LIMITS))).toEqual({ direct: true });
    expect(accessFor(1000, parseLimits(LIMITS))).toEqual({ direct: false, why: 'your realtime priority limit is 0; the measurement runs at SCHED_FIFO 80' });
    expect(accessFor(1000, { rtprio: 95, memlock: 8388608 })).toMatchObject({ direct: false, why: expect.stringMatching(/locked-memory limit is 8192 KiB/) });
    expect(accessFor(1000, { rtprio: 95, memlock: 'unlimited' })).toEqual({ direct: true });
    expect(accessFor(1000, { rtprio: null, memlock: null })).toMatchObject({ direct: false, why: expect.stringMatching(/limit is unknown/) });
  });
});
