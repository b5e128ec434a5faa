// A synthetic sysfs in a temp dir, laid out as the kernel does it: device
// directories under /sys/devices/<controller path>/usbN/..., relative links in
// /sys/bus/usb/devices, `driver` links into /sys/bus/*/drivers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One USB interface directory (`1-1.2:1.0`). */
export interface FakeInterface {
  name: string;
  attrs: Record<string, string>;
  driver?: string;
}

/** One USB device directory (`usb1`, `1-1.2`), placed under `parent` (a /sys path). */
export interface FakeDevice {
  name: string;
  parent: string;
  attrs: Record<string, string>;
  driver?: string;
  interfaces?: FakeInterface[];
}

/** A host controller (PCI or platform device) and its driver. */
export interface FakeController {
  path: string;
  driver: string;
  bus: 'pci' | 'platform';
}

function link(root: string, at: string, target: string): void {
  const host = path.join(root, at);
  fs.mkdirSync(path.dirname(host), { recursive: true });
  fs.symlinkSync(path.posix.relative(path.posix.dirname(at), target), host);
}

function writeAttrs(root: string, dir: string, attrs: Record<string, string>): void {
  for (const [name, text] of Object.entries(attrs)) {
    const host = path.join(root, dir, name);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, text);
  }
}

/** Write controllers and devices into a fresh temp dir; returns its path. */
export function buildSysfs(controllers: FakeController[], devices: FakeDevice[], extraLinks: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'usb-sysfs-'));
  for (const c of controllers) {
    fs.mkdirSync(path.join(root, c.path), { recursive: true });
    link(root, `${c.path}/driver`, `/sys/bus/${c.bus}/drivers/${c.driver}`);
  }
  for (const d of devices) {
    const dir = `${d.parent}/${d.name}`;
    fs.mkdirSync(path.join(root, dir), { recursive: true });
    writeAttrs(root, dir, d.attrs);
    link(root, `/sys/bus/usb/devices/${d.name}`, dir);
    if (d.driver) link(root, `${dir}/driver`, `/sys/bus/usb/drivers/${d.driver}`);
    for (const i of d.interfaces ?? []) {
      const idir = `${dir}/${i.name}`;
      fs.mkdirSync(path.join(root, idir), { recursive: true });
      writeAttrs(root, idir, i.attrs);
      link(root, `/sys/bus/usb/devices/${i.name}`, idir);
      if (i.driver) link(root, `${idir}/driver`, `/sys/bus/usb/drivers/${i.driver}`);
    }
  }
  for (const [at, target] of Object.entries(extraLinks)) {
    const host = path.join(root, at);
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.symlinkSync(target, host);
  }
  return root;
}

/** Attribute files of a device as the kernel prints them (`%d\n`, `%04x\n`, `%s\n`). */
export function deviceAttrs(a: {
  bus: number;
  dev: number;
  devpath: string;
  id: string;
  cls: string;
  speed: string;
  maxchild?: number;
  manufacturer?: string;
  product?: string;
  serial?: string;
  control?: string;
  removable?: string;
}): Record<string, string> {
  const [vendor, product] = a.id.split(':') as [string, string];
  const out: Record<string, string> = {
    busnum: `${a.bus}\n`,
    devnum: `${a.dev}\n`,
    devpath: `${a.devpath}\n`,
    idVendor: `${vendor}\n`,
    idProduct: `${product}\n`,
    bDeviceClass: `${a.cls}\n`,
    speed: `${a.speed}\n`,
    maxchild: `${a.maxchild ?? 0}\n`,
    'power/control': `${a.control ?? 'auto'}\n`,
  };
  if (a.manufacturer !== undefined) out.manufacturer = `${a.manufacturer}\n`;
  if (a.product !== undefined) out.product = `${a.product}\n`;
  if (a.serial !== undefined) out.serial = `${a.serial}\n`;
  if (a.removable !== undefined) out.removable = `${a.removable}\n`;
  return out;
}

/** An interface directory's attribute files (`%02x\n`). */
export function iface(name: string, number: string, cls: string, driver?: string): FakeInterface {
  return { name, attrs: { bInterfaceNumber: `${number}\n`, bInterfaceClass: `${cls}\n` }, ...(driver ? { driver } : {}) };
}

const EHCI = '/sys/devices/pci0000:00/0000:00:1d.7';
const XHCI = '/sys/devices/pci0000:00/0000:00:08.3/0000:66:00.4';
const DWC = '/sys/devices/platform/soc/3f980000.usb';

/** A machine: EHCI with a hub and a Scarlett; an xHCI behind a PCIe bridge (two root hubs) with a ZOOM P4; a SoC dwc_otg. */
export function studioMachine(): string {
  const root = (bus: number, parent: string, id: string, speed: string, ports: number, serial: string): FakeDevice => ({
    name: `usb${bus}`,
    parent,
    attrs: deviceAttrs({ bus, dev: 1, devpath: '0', id, cls: '09', speed, maxchild: ports, serial, removable: 'unknown' }),
    driver: 'usb',
    interfaces: [iface(`${bus}-0:1.0`, '00', '09', 'hub')],
  });
  return buildSysfs(
    [
      { path: EHCI, driver: 'ehci-pci', bus: 'pci' },
      { path: XHCI, driver: 'xhci_hcd', bus: 'pci' },
      { path: DWC, driver: 'dwc_otg', bus: 'platform' },
    ],
    [
      root(1, EHCI, '1d6b:0002', '480', 6, '0000:00:1d.7'),
      {
        name: '1-1',
        parent: `${EHCI}/usb1`,
        attrs: deviceAttrs({ bus: 1, dev: 2, devpath: '1', id: '8087:0024', cls: '09', speed: '480', maxchild: 6, removable: 'fixed' }),
        driver: 'usb',
        interfaces: [iface('1-1:1.0', '00', '09', 'hub')],
      },
      {
        name: '1-1.2',
        parent: `${EHCI}/usb1/1-1`,
        attrs: deviceAttrs({
          bus: 1,
          dev: 5,
          devpath: '1.2',
          id: '1235:8210',
          cls: 'ef',
          speed: '480',
          manufacturer: 'Focusrite',
          product: 'Scarlett 2i2 USB',
          serial: 'Y8ABCDEF012345',
          control: 'on',
          removable: 'removable',
        }),
        driver: 'usb',
        interfaces: [
          iface('1-1.2:1.3', '03', 'fe'),
          iface('1-1.2:1.0', '00', '01', 'snd-usb-audio'),
          iface('1-1.2:1.1', '01', '01', 'snd-usb-audio'),
          iface('1-1.2:1.2', '02', '01', 'snd-usb-audio'),
        ],
      },
      root(7, XHCI, '1d6b:0002', '480', 4, '0000:66:00.4'),
      root(8, XHCI, '1d6b:0003', '10000', 2, '0000:66:00.4'),
      {
        name: '7-2',
        parent: `${XHCI}/usb7`,
        attrs: deviceAttrs({ bus: 7, dev: 3, devpath: '2', id: '1686:0575', cls: '00', speed: '12', manufacturer: 'ZOOM Corporation', product: 'ZOOM P4 Audio' }),
        driver: 'usb',
        interfaces: [
          iface('7-2:1.0', '00', '01', 'snd-usb-audio'),
          iface('7-2:1.1', '01', '01', 'snd-usb-audio'),
          iface('7-2:1.2', '02', '01', 'snd-usb-audio'),
          iface('7-2:1.10', '0a', 'ff'),
        ],
      },
      root(9, DWC, '1d6b:0002', '480', 1, '3f980000.usb'),
      {
        name: '9-1',
        parent: `${DWC}/usb9`,
        attrs: deviceAttrs({ bus: 9, dev: 2, devpath: '1', id: '0424:2514', cls: '09', speed: '480', maxchild: 4 }),
        driver: 'usb',
        interfaces: [iface('9-1:1.0', '00', '09', 'hub')],
      },
    ],
  );
}
