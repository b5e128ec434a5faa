// The wizard's steps, in order: the only place the order is defined. A step
// component knows nothing of its neighbours.
import type { Component } from 'svelte';
import type { Wizard } from '../lib/wizard.svelte.js';
import ApplyStep from './ApplyStep.svelte';
import AudioChainStep from './AudioChainStep.svelte';
import CheckStep from './CheckStep.svelte';
import PlanStep from './PlanStep.svelte';
import ReportStep from './ReportStep.svelte';
import UsbPortsStep from './UsbPortsStep.svelte';
import VerifyStep from './VerifyStep.svelte';

/** What every step component takes. */
export interface StepProps {
  wizard: Wizard;
}

/** The steps: id, title, one line for the step list, component. */
export const STEPS = [
  { id: 'check', title: 'Check', hint: 'What your system needs', component: CheckStep },
  { id: 'chain', title: 'Audio chain', hint: 'Your interface and its path', component: AudioChainStep },
  { id: 'usb', title: 'USB ports', hint: 'A quiet socket for it', component: UsbPortsStep },
  { id: 'plan', title: 'Plan', hint: 'What will change', component: PlanStep },
  { id: 'apply', title: 'Apply', hint: 'One click, undone in one', component: ApplyStep },
  { id: 'verify', title: 'Verify', hint: 'Measure before and after', component: VerifyStep },
  { id: 'report', title: 'Report', hint: 'Share, print or re-load', component: ReportStep },
] as const satisfies readonly { id: string; title: string; hint: string; component: Component<StepProps> }[];

/** A step's id. */
export type StepId = (typeof STEPS)[number]['id'];
