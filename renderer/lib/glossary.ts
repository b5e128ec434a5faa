// Every technical word the wizard uses, in one plain sentence (shown as a hint
// on the word and listed under each step that uses it).

/** The words and their one-line explanations. */
export const GLOSSARY = {
  IRQ: 'Interrupt request: the signal a device sends the processor when it needs attention, such as “the next audio buffer is ready”.',
  'IRQ line': 'The wire, or numbered channel, a device signals its interrupts on; the number can change after a reboot.',
  'shared line': 'An older kind of interrupt line that several devices use together: each one waits while the others are handled.',
  MSI: 'Message-signalled interrupt: a device’s private interrupt channel, never shared with another device.',
  thread: 'The kernel task that handles one device’s interrupts; its priority decides who is served first when several need the processor.',
  SCHED_FIFO: 'Realtime scheduling: a FIFO task runs before every normal task, and a higher number runs before a lower one.',
  priority: 'For realtime tasks, 1 to 99: the higher the number, the sooner it runs. IRQ threads start at 50.',
  controller: 'The chip your USB sockets (or the device itself) are wired to; a USB device’s interrupts are its controller’s.',
  'PCI address': 'Where a chip sits inside the computer (like 0000:00:14.0); it stays the same across reboots.',
  'USB bus': 'One tree of USB sockets behind a controller; the bus number can change after a reboot.',
  hub: 'A box or chip that turns one USB socket into several; everything behind it shares the same controller.',
  threadirqs: 'A kernel option that runs interrupt handlers as threads, so the audio device’s can be given a higher priority.',
  PREEMPT_RT: 'The realtime version of the Linux kernel: every interrupt handler runs as a thread, and waits are short and predictable.',
  rtirq: 'An older tool that raises IRQ thread priorities by device name at boot; Studio Setup turns it off so the two do not fight.',
  latency: 'How late a task wakes up compared with when it should; audio needs it well below one buffer period.',
  cyclictest: 'The standard Linux tool that measures wake-up latency, used here in realtime mode on every processor core.',
  'buffer period': 'The time one audio buffer lasts, for example 128 frames at 48 kHz = 2.7 ms; the audio software must finish each one in time.',
  reboot: 'Kernel options take effect the next time the computer starts.',
  're-login': 'Group membership and limits apply to programs started after you log out and back in.',
} as const;

/** A word of the glossary. */
export type Term = keyof typeof GLOSSARY;
