// The system facts of a source, for the checks: one reader per concern, all
// through the same source (so `capture` records exactly what they read).
import type { SystemInfo } from '../common/system.js';
import { readCpu } from './cpu.js';
import { readLimits } from './limits.js';
import { readPipewire } from './pipewire.js';
import { readRtTools } from './rt-tools.js';
import type { Source } from './source.js';
import { readUser } from './user.js';
import { readVm } from './vm.js';

/** Everything the system checks read from `src`; parts the source lacks are null. */
export function readSystem(src: Source): SystemInfo {
  const { user, groups } = readUser(src);
  const { limits, rtTries } = readLimits(src);
  return {
    user,
    groups,
    limits,
    rtTries,
    cpu: readCpu(src),
    ...readVm(src),
    ...readRtTools(src),
    pipewire: readPipewire(src),
  };
}
