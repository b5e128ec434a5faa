import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePipewireConf, parsePwMetadata, parseUserConf, readPipewire } from '../../../../main/probe/pipewire.js';
import { MemorySource } from '../../../../main/probe/source.js';
import { FUZZ_RUNS, fuzzText } from '../../helpers/fuzz.js';

// Modelled on the relevant part of PipeWire 0.3.x's shipped pipewire.conf: module-rt with nice.level -11
// and rt.prio commented out (so module-rt's DEFAULT_RT_PRIO 88 applies), the clock keys commented.
const SHIPPED = `# Daemon config file for PipeWire version "0.3.65" #
context.properties = {
    ## Configure properties in the system.
    #library.name.system                   = support/libspa-support
    link.max-buffers                       = 16                       # version < 3 clients can't handle more
    #mem.allow-mlock                        = true
    core.daemon = true              # listening for socket connections
    core.name   = pipewire-0        # core name and socket name
    ## Properties for the DSP configuration.
    #default.clock.rate          = 48000
    #default.clock.allowed-rates = [ 48000 ]
    #default.clock.quantum       = 1024
    default.clock.min-quantum   = 16
    #default.clock.max-quantum   = 2048
}
context.modules = [
    # Uses realtime scheduling to boost the audio thread priorities. This uses
    # RTKit if the user doesn't have permission to use regular realtime
    # scheduling.
    {   name = libpipewire-module-rt
        args = {
            nice.level    = -11
            #rt.prio      = 88
            #rt.time.soft = -1
            #rt.time.hard = -1
        }
        flags = [ ifexists nofail ]
    }
]
`;
const DROPIN = 'context.properties = {\n  default.clock.rate = 96000\n  "default.clock.quantum": 64,\n}\n';
const USER = '# pipewire.conf.d/10-lowlat.conf\n  default.clock.quantum = 128\n  #default.clock.rate = 44100\n# pipewire.conf\n  rt.prio = 70\n';
const META = `Found "settings" metadata 32
update: id:0 key:'log.level' value:'2' type:''
update: id:0 key:'clock.rate' value:'48000' type:''
update: id:0 key:'clock.allowed-rates' value:'[ 48000 ]' type:''
update: id:0 key:'clock.quantum' value:'1024' type:''
update: id:0 key:'clock.force-quantum' value:'0' type:''
`;

describe('PipeWire parsers', () => {
  it('keeps the wanted keys, skips comments (the shipped file sets only min-quantum and nice.level)', () => {
    expect(parsePipewireConf(SHIPPED, 'f')).toEqual([
      { key: 'default.clock.min-quantum', value: '16', source: 'f' },
      { key: 'nice.level', value: '-11', source: 'f' },
    ]);
    expect(parsePipewireConf(DROPIN, 'd').map((s) => [s.key, s.value])).toEqual([
      ['default.clock.rate', '96000'],
      ['default.clock.quantum', '64'],
    ]);
  });
  it("the user's configuration, file by file", () => {
    expect(parseUserConf(USER)).toEqual({
      main: true,
      settings: [
        { key: 'default.clock.quantum', value: '128', source: '~/.config/pipewire/pipewire.conf.d/10-lowlat.conf' },
        { key: 'rt.prio', value: '70', source: '~/.config/pipewire/pipewire.conf' },
      ],
    });
  });
  it('pw-metadata: the clock settings of the running server', () => {
    expect(parsePwMetadata(META).map((s) => `${s.key}=${s.value}`)).toEqual(['clock.rate=48000', 'clock.allowed-rates=[ 48000 ]', 'clock.quantum=1024', 'clock.force-quantum=0']);
  });
  it('fuzz', () => {
    fc.assert(
      fc.property(fuzzText([SHIPPED, DROPIN, USER, META]), (t) => {
        parsePipewireConf(t, 'f');
        parseUserConf(t);
        parsePwMetadata(t);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});

describe('readPipewire', () => {
  it('main file (/etc before /usr/share), then drop-ins of /usr/share, /etc, the user', () => {
    const src = new MemorySource({
      files: {
        '/usr/share/pipewire/pipewire.conf': SHIPPED,
        '/etc/pipewire/pipewire.conf': 'context.properties = {\n default.clock.rate = 44100\n}\n',
        '/usr/share/pipewire/pipewire.conf.d/90-x.conf': DROPIN,
        '/etc/pipewire/pipewire.conf.d/10-y.conf': '  default.clock.quantum = 256\n',
        '/cmd/pw-user-conf.txt': '# pipewire.conf.d/10-lowlat.conf\n  default.clock.quantum = 128\n',
        '/cmd/pw-settings.txt': META,
      },
      links: {},
    });
    const r = readPipewire(src);
    expect(r.config.map((s) => `${s.source}: ${s.key}=${s.value}`)).toEqual([
      '/etc/pipewire/pipewire.conf: default.clock.rate=44100',
      '/usr/share/pipewire/pipewire.conf.d/90-x.conf: default.clock.rate=96000',
      '/usr/share/pipewire/pipewire.conf.d/90-x.conf: default.clock.quantum=64',
      '/etc/pipewire/pipewire.conf.d/10-y.conf: default.clock.quantum=256',
      '~/.config/pipewire/pipewire.conf.d/10-lowlat.conf: default.clock.quantum=128',
    ]);
    expect(r.runtime).toHaveLength(4);
  });
  it("a user's own pipewire.conf replaces the system ones", () => {
    const src = new MemorySource({ files: { '/usr/share/pipewire/pipewire.conf': SHIPPED, '/cmd/pw-user-conf.txt': USER }, links: {} });
    expect(readPipewire(src).config.map((s) => s.key)).toEqual(['rt.prio', 'default.clock.quantum']);
  });
  it('nothing readable: empty configuration, runtime unknown', () => {
    expect(readPipewire(new MemorySource({ files: {}, links: {} }))).toEqual({ config: [], runtime: null });
  });
});
