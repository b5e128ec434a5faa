// The HTML report's stylesheet: one constant (no data ever goes into it), light
// and dark through prefers-color-scheme, a narrow layout for phones, and a
// print layout (light colours, page breaks, the wide chain drawing).

/** The whole stylesheet. */
export const CSS = `
:root{--bg:#fbfaf7;--paper:#fff;--text:#1d2126;--muted:#5d6672;--line:#d8dce2;--soft:#f1f3f6;--accent:#2d63c8;
--ok:#1d7f46;--ok-bg:#e7f5ec;--warn:#a86200;--warn-bg:#fdf1de;--bad:#bf2f28;--bad-bg:#fbe7e5;--unknown:#6b7380;--unknown-bg:#eef0f3;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;--mono:ui-monospace,"DejaVu Sans Mono","Liberation Mono",Menlo,monospace;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#14161a;--paper:#1b1e23;--text:#e6e8eb;--muted:#9ba4ae;--line:#313740;--soft:#23272d;--accent:#80aaff;
--ok:#4cc38a;--ok-bg:#16281f;--warn:#f0a83a;--warn-bg:#2d2414;--bad:#ff7a70;--bad-bg:#331b1a;--unknown:#a3abb5;--unknown-bg:#24282e}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 var(--sans)}
main{max-width:940px;margin:0 auto;padding:28px 22px 40px}
h1{font-size:1.65rem;line-height:1.25;margin:0 0 4px}
h2{font-size:1.2rem;margin:36px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:22px 0 8px}
p{margin:8px 0}
code,pre,.mono{font-family:var(--mono);font-size:.88em}
code{background:var(--soft);border-radius:4px;padding:1px 4px;overflow-wrap:anywhere}
.sub{color:var(--muted);font-size:.9rem}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 14px;margin:14px 0 0;font-size:.88rem}
nav.toc a{color:var(--accent);text-decoration:none}
.verdict{margin:22px 0 8px;padding:16px 18px;border-radius:10px;border-left:7px solid var(--unknown);background:var(--unknown-bg)}
.verdict .level{font-size:1.35rem;font-weight:700;display:block}
.verdict .text{font-size:1.02rem;display:block;margin-top:2px}
.verdict .tally{display:block;margin-top:8px;font-size:.86rem;color:var(--muted)}
.verdict.ready{border-color:var(--ok);background:var(--ok-bg)}.verdict.ready .level{color:var(--ok)}
.verdict.almost{border-color:var(--warn);background:var(--warn-bg)}.verdict.almost .level{color:var(--warn)}
.verdict.not-ready{border-color:var(--bad);background:var(--bad-bg)}.verdict.not-ready .level{color:var(--bad)}
dl.machine{display:grid;grid-template-columns:max-content 1fr;gap:6px 18px;margin:0;padding:14px 16px;background:var(--paper);border:1px solid var(--line);border-radius:10px}
dl.machine dt{color:var(--muted)}dl.machine dd{margin:0;overflow-wrap:anywhere}
.pill{display:inline-block;min-width:4.6em;text-align:center;border-radius:999px;padding:1px 9px;font-size:.78rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
.pill.ok{color:var(--ok);background:var(--ok-bg)}.pill.warn{color:var(--warn);background:var(--warn-bg)}.pill.fail{color:var(--bad);background:var(--bad-bg)}
.pill.unknown{color:var(--unknown);background:var(--unknown-bg)}.pill.info{color:var(--accent);background:var(--soft)}
.finding{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:12px 16px;margin:10px 0;break-inside:avoid}
.finding.fail{border-left:5px solid var(--bad)}.finding.warn{border-left:5px solid var(--warn)}
.finding .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.finding .title{font-weight:650}.finding .value{color:var(--muted);font-size:.9rem}
.finding .why{margin:6px 0 0}.finding .do{margin:6px 0 0}.finding .do b{color:var(--text)}
.finding ul{margin:4px 0 0 0;padding-left:20px}
.finding .ev{margin-top:6px;font-size:.8rem;color:var(--muted)}
ul.compact{list-style:none;padding:0;margin:8px 0;display:grid;gap:4px}
ul.compact li{display:flex;gap:10px;align-items:baseline}
ul.chips{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px}
ul.chips li{background:var(--unknown-bg);color:var(--unknown);border:1px dashed var(--line);border-radius:6px;padding:1px 8px;font-size:.86rem}
.usb-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,420px),1fr));gap:0 14px}
.path{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:12px 14px 8px;margin:12px 0;break-inside:avoid}
.path h3{margin:0 0 6px}.path .note{font-size:.85rem;color:var(--muted);margin:4px 0}
svg{display:block;max-width:100%;height:auto;margin:6px 0}
svg text{font-family:var(--sans);fill:var(--text)}
svg .t{font-size:12.5px;font-weight:650}svg .d{font-size:11px;fill:var(--muted)}
svg .box{fill:var(--paper);stroke:var(--line);stroke-width:1.4}
svg .ok .box{stroke:var(--ok);fill:var(--ok-bg)}svg .bad .box{stroke:var(--bad);fill:var(--bad-bg)}
svg .warn .box{stroke:var(--warn);fill:var(--warn-bg)}svg .unknown .box{stroke:var(--unknown);stroke-dasharray:4 3}
svg .audio .box{stroke:var(--accent);stroke-width:2}
svg .kind{font-size:9.5px;font-weight:700;letter-spacing:.06em;fill:var(--muted);text-transform:uppercase}
svg .edge{stroke:var(--muted);stroke-width:1.4;fill:none}svg .share{stroke:var(--bad);stroke-dasharray:5 4}
svg .arrow{fill:var(--muted)}svg .good{fill:var(--ok);font-size:11px;font-weight:600}
.chain-v{display:none}
@media (max-width:640px){main{padding:18px 12px 30px}body{font-size:14.5px}.chain-h{display:none}.chain-v{display:block}
dl.machine{grid-template-columns:1fr;gap:0 0}dl.machine dd{margin-bottom:8px}h1{font-size:1.35rem}}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:10px;background:var(--paper)}
table{border-collapse:collapse;width:100%;font-size:.86rem}
th,td{text-align:left;padding:5px 9px;border-bottom:1px solid var(--line);vertical-align:top}
th{position:sticky;top:0;background:var(--soft);font-weight:650;white-space:nowrap}
td.nowrap{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.audio td{background:color-mix(in srgb,var(--accent) 9%,transparent)}
tr.cont td{border-top:0}
.tag{display:inline-block;font-size:.72rem;font-weight:700;border-radius:4px;padding:0 5px;margin:0 3px 2px 0;white-space:nowrap}
.tag.shared{color:var(--bad);background:var(--bad-bg)}.tag.audio{color:var(--accent);background:var(--soft)}.tag.sound,.tag.kind{color:var(--muted);background:var(--soft)}
.tag.planned{color:var(--warn);background:var(--warn-bg)}.tag.applied{color:var(--ok);background:var(--ok-bg)}.tag.off{color:var(--bad);background:var(--bad-bg)}
.evbar{display:block;height:3px;background:var(--accent);border-radius:2px;margin-top:3px;opacity:.6}
.usb{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:12px 14px;margin:12px 0;break-inside:avoid}
.usb h3{margin:0}.usb .state{font-size:.85rem}.usb .state.ok{color:var(--ok)}.usb .state.bad{color:var(--bad)}
svg .grid{stroke:var(--line);stroke-width:1}svg .period{stroke:var(--warn);stroke-width:1.3;stroke-dasharray:5 4}
svg .bar.after{fill:var(--accent);opacity:.8}svg .bar.before{fill:var(--unknown);opacity:.55}
.verdict-line{font-weight:650}
details.raw{margin:8px 0}details.raw summary{cursor:pointer;color:var(--accent)}
pre{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:10px 12px;overflow-x:auto;line-height:1.35}
.revert{padding:10px 14px;border-radius:8px;background:var(--soft)}
#warnings ul{font-size:.85rem;color:var(--muted);padding-left:20px}
footer{margin-top:40px;padding-top:12px;border-top:1px solid var(--line);font-size:.82rem;color:var(--muted)}
@page{margin:14mm 12mm}
@media print{:root{--bg:#fff;--paper:#fff;--text:#111;--muted:#555;--line:#ccc;--soft:#f2f2f2;--accent:#2d63c8;--ok:#1d7f46;--ok-bg:#e7f5ec;--warn:#a86200;--warn-bg:#fdf1de;--bad:#bf2f28;--bad-bg:#fbe7e5;--unknown:#666;--unknown-bg:#f0f0f0}
body{font-size:10.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}main{max-width:none;padding:0}
nav.toc{display:none}.chain-h{display:block}.chain-v{display:none}
h2{break-after:avoid}h3{break-after:avoid}.path,.usb,.finding,tr{break-inside:avoid}
section.appendix{break-before:page}.scroll{overflow:visible;border:0}th{position:static}}
`;
