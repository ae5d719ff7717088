// A V8 CPU profile (node --cpu-prof) summed by function. Usage:
//   node tools/perf/prof.mjs PROFILE.cpuprofile [self|own|incl] [N]
// self: time in the function itself; own: time attributed to the nearest frame of src/ or
// test/bench (so node internals and libraries count for the caller of ours); incl: inclusive.
// WIN=a,b keeps the samples between a and b seconds after the profile's start (a phase of a bench).
// Samples are wall time: a thread preempted inside a function still counts there.
import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const counts = new Map();
const [w0, w1] = (process.env.WIN ?? '0,1e9').split(',').map(Number); let tt = 0;
for (let i = 0; i < p.samples.length; i++) { tt += p.timeDeltas[i] ?? 0; if (tt / 1e6 < w0 || tt / 1e6 > w1) continue; const id = p.samples[i]; counts.set(id, (counts.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)); }
const self = new Map(), own = new Map(), incl = new Map();
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\/(src|test|node_modules)\//, '$1/')}:${n.callFrame.lineNumber}`;
let total = 0;
for (const [id, t] of counts) {
  const n = byId.get(id); total += t;
  const l = label(n); self.set(l, (self.get(l) ?? 0) + t);
  // nearest own frame
  let cur = id, ownL = '(none)'; const seen = new Set();
  while (cur !== undefined) { const m = byId.get(cur); const u = m.callFrame.url; const L = label(m);
    if (!seen.has(L)) { incl.set(L, (incl.get(L) ?? 0) + t); seen.add(L); }
    if (ownL === '(none)' && (u.includes('/src/') || u.includes('/test/bench'))) ownL = L; cur = parent.get(cur); }
  own.set(ownL, (own.get(ownL) ?? 0) + t);
}
const top = (m, k=30) => [...m].sort((a,b)=>b[1]-a[1]).slice(0,k).map(([l,t])=>`${(t/1000).toFixed(0).padStart(7)} ms  ${l}`).join('\n');
const which = process.argv[3] ?? 'self';
console.log('total', (total/1000).toFixed(0), 'ms');
console.log(top(which === 'own' ? own : which === 'incl' ? incl : self, Number(process.argv[4] ?? 40)));
