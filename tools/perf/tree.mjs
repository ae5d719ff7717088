// The callee tree below every frame whose label contains MATCH, merged, DEPTH levels deep.
// Usage: node tools/perf/tree.mjs PROFILE.cpuprofile "accept src/infra/inbox/inbox-writer.ts" [DEPTH]
import fs from 'node:fs';
const p = JSON.parse(fs.readFileSync(process.argv[2]));
const match = process.argv[3]; const depth = Number(process.argv[4] ?? 3);
const byId = new Map(p.nodes.map(n => [n.id, n]));
const t = new Map(); for (let i = 0; i < p.samples.length; i++) t.set(p.samples[i], (t.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const incl = (n) => { let s = t.get(n.id) ?? 0; for (const c of n.children ?? []) s += incl(byId.get(c)); return s; };
const label = (n) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/.*\/(src|test|node_modules)\//, '$1/')}:${n.callFrame.lineNumber}`;
// aggregate subtrees rooted at nodes matching label (not nested inside another match)
const agg = { t: 0, self: 0, kids: new Map() };
const add = (a, n, d) => { const it = incl(n); a.t += it; a.self += t.get(n.id) ?? 0; if (d <= 0) return; for (const c of n.children ?? []) { const m = byId.get(c); const l = label(m); if (!a.kids.has(l)) a.kids.set(l, { t: 0, self: 0, kids: new Map() }); add(a.kids.get(l), m, d - 1); } };
const walk = (n, inside) => { const l = label(n); const hit = !inside && l.includes(match); if (hit) add(agg, n, depth); for (const c of n.children ?? []) walk(byId.get(c), inside || hit); };
walk(byId.get(p.nodes[0].id), false);
const pr = (a, ind) => { for (const [l, k] of [...a.kids].sort((x, y) => y[1].t - x[1].t)) { if (k.t < 5000) continue; console.log(`${ind}${(k.t / 1000).toFixed(0)} ms (self ${(k.self / 1000).toFixed(0)}) ${l}`); pr(k, ind + '  '); } };
console.log(`${match}: ${(agg.t / 1000).toFixed(0)} ms (self ${(agg.self / 1000).toFixed(0)})`); pr(agg, '  ');
