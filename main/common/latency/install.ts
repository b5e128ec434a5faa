// Which package provides cyclictest (and hackbench) on the user's distribution,
// and the command that installs it, from /etc/os-release's ID and ID_LIKE
// (Ubuntu, Mint, Pop!_OS say debian or ubuntu; RHEL, Rocky, Alma say fedora).

/** A package and the command that installs it. */
export interface InstallHint {
  family: 'debian' | 'fedora' | 'arch';
  package: string;
  command: string;
}

/** The known families, in the order shown when the distribution is unknown. */
export const INSTALL_HINTS: readonly InstallHint[] = [
  { family: 'debian', package: 'rt-tests', command: 'sudo apt install rt-tests' },
  { family: 'fedora', package: 'realtime-tests', command: 'sudo dnf install realtime-tests' },
  { family: 'arch', package: 'rt-tests', command: 'sudo pacman -S rt-tests' },
];

const FAMILY: Record<string, InstallHint['family']> = {
  debian: 'debian',
  ubuntu: 'debian',
  fedora: 'fedora',
  arch: 'arch',
};

/** The hints that apply to a distribution (os-release text; null or unknown → all of them). */
export function installHints(osRelease: string | null): InstallHint[] {
  const ids: string[] = [];
  for (const line of (osRelease ?? '').split(/\r?\n/)) {
    const m = /^(ID|ID_LIKE)=(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line.trim());
    if (m) ids.push(...(m[2] ?? m[3] ?? m[4] ?? '').toLowerCase().split(/\s+/));
  }
  for (const id of ids) {
    const hint = INSTALL_HINTS.find((h) => h.family === FAMILY[id]);
    if (hint) return [hint];
  }
  return [...INSTALL_HINTS];
}

/** The message when cyclictest is missing: which package provides it and how to install it. */
export function missingToolMessage(osRelease: string | null): string {
  const hints = installHints(osRelease);
  const lines = hints.map((h) => `  ${h.command}`).join('\n');
  const what = hints.length === 1 ? `the ${hints[0]!.package} package` : 'rt-tests (Debian, Ubuntu, Arch) or realtime-tests (Fedora)';
  return `cyclictest is not installed: it comes with ${what}. Install it with:\n${lines}\nNo measurement was made.`;
}
