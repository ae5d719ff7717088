// Busy and idle time of a profile per 0.5 s, and how much of it has a frame of FILE on the stack
// (to find a bench's phases for prof.mjs's WIN). Usage: node tools/perf/window.mjs PROFILE [FILE]
// Async continuations start from the microtask queue, so FILE's share is a lower bound.
import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const match = process.argv[3] ?? 'inbox-worker.ts';
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const hasMatch = new Map();
const has = (id) => { if (hasMatch.has(id)) return hasMatch.get(id); const n = byId.get(id); let r = n.callFrame.url.includes(match); if (!r && parent.has(id)) r = has(parent.get(id)); hasMatch.set(id, r); return r; };
let t = 0; const W = 500_000; const win = new Map();
for (let i = 0; i < p.samples.length; i++) { t += p.timeDeltas[i]; const w = Math.floor(t / W); const e = win.get(w) ?? { m: 0, all: 0, idle: 0 }; const n = byId.get(p.samples[i]); if (n.callFrame.functionName === '(idle)') e.idle += p.timeDeltas[i]; else e.all += p.timeDeltas[i]; if (has(p.samples[i])) e.m += p.timeDeltas[i]; win.set(w, e); }
for (const [w, e] of [...win].sort((a, b) => a[0] - b[0])) console.log(`${(w * 0.5).toFixed(1)}s busy ${(e.all / 1000).toFixed(0)} ms, ${match} ${(e.m / 1000).toFixed(0)} ms, idle ${(e.idle / 1000).toFixed(0)}`);
