import { describe, expect, it } from 'vitest';
import { check } from './machine.js';

describe('vm.swappiness', () => {
  const SW = '/proc/sys/vm/swappiness';
  it('10 ok, 60 warn with the sysctl fix', () => {
    expect(check('vm.swappiness')).toMatchObject({ status: 'ok', value: 10 });
    expect(check('vm.swappiness', { [SW]: '60\n' })).toMatchObject({ status: 'warn', value: 60, fix: { action: 'sysctl', key: 'vm.swappiness', value: 10 } });
  });
  it('without swap, swappiness does not matter', () => {
    expect(check('vm.swappiness', { [SW]: '60\n', '/proc/swaps': 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' })).toMatchObject({ status: 'ok', value: 60 });
  });
  it('unknown without the file', () => {
    expect(check('vm.swappiness', { [SW]: null }).status).toBe('unknown');
  });
});

describe('fs.inotify-watches', () => {
  const W = '/proc/sys/fs/inotify/max_user_watches';
  it('524288 ok; 8192 warn with the sysctl fix; unknown', () => {
    expect(check('fs.inotify-watches')).toMatchObject({ status: 'ok', value: 524288 });
    expect(check('fs.inotify-watches', { [W]: '8192\n' })).toMatchObject({ status: 'warn', fix: { action: 'sysctl', key: 'fs.inotify.max_user_watches', value: 524288 } });
    expect(check('fs.inotify-watches', { [W]: null }).status).toBe('unknown');
  });
});

describe('fs.types', () => {
  const M = '/cmd/mounts-slow.txt';
  it('desktop FUSE plumbing under /run does not count', () => {
    expect(check('fs.types')).toMatchObject({ status: 'ok', value: 'none' });
  });
  it('NFS and sshfs where sessions may live: warn naming them (mount points unescaped)', () => {
    const f = check('fs.types', { [M]: '/mnt/nas nfs4\n/home/alice/My\\040Samples fuse.sshfs\n/run/user/1000/gvfs fuse.gvfsd-fuse\n' });
    expect(f).toMatchObject({ status: 'warn', value: '/mnt/nas, /home/alice/My Samples' });
  });
  it('unknown without the list', () => {
    expect(check('fs.types', { [M]: null }).status).toBe('unknown');
  });
});

describe('pm.cpu-dma-latency', () => {
  const D = '/cmd/stat-cpu-dma-latency.txt';
  it('root:audio 660 ok; the default root:root 600 warn with the fix; world-writable ok; unknown', () => {
    expect(check('pm.cpu-dma-latency')).toMatchObject({ status: 'ok', value: 'root:audio 660' });
    expect(check('pm.cpu-dma-latency', { [D]: 'root root 600\n' })).toMatchObject({ status: 'warn', fix: { action: 'cpu-dma-latency', group: 'audio' } });
    expect(check('pm.cpu-dma-latency', { [D]: 'root root 666\n' }).status).toBe('ok');
    expect(check('pm.cpu-dma-latency', { [D]: null }).status).toBe('unknown');
  });
  it("Arch's realtime-privileges (group realtime) counts when the user is in it", () => {
    const id = { '/cmd/id.txt': 'uid=1000(alice) gid=1000(alice) groups=1000(alice),973(realtime)\n' };
    expect(check('pm.cpu-dma-latency', { ...id, [D]: 'root realtime 660\n' }).status).toBe('ok');
    expect(check('pm.cpu-dma-latency', { [D]: 'root realtime 660\n' }).status).toBe('warn');
  });
});
