// The files the helper installs, embedded at build time (docs/privileged.md
// "Pieces"): the POSIX-sh applier, its two units and the hotplug rule.
// eslint-disable-next-line local/code-layering -- text embedded by the bundler, not code imported from build/
import applier from '../../../build/linux/studio-setup-irq?raw';
// eslint-disable-next-line local/code-layering -- as above
import unit from '../../../build/linux/studio-setup-irq.service?raw';
// eslint-disable-next-line local/code-layering -- as above
import resumeUnit from '../../../build/linux/studio-setup-irq-resume.service?raw';
// eslint-disable-next-line local/code-layering -- as above
import rule from '../../../build/linux/60-studio-setup-irq.rules?raw';

/** The installed files' contents. */
export const ASSETS = { applier, unit, resumeUnit, rule } as const;
