import fs from 'node:fs';
const [file, pattern] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = p.timeDeltas; 
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (dt[i+1] ?? 0));
const total = [...self.values()].reduce((a,b)=>a+b,0);
// for every sample whose stack contains a frame matching pattern, record the stack chain of server frames above it
const agg = new Map();
for (const [id, t] of self) {
  let n = byId.get(id); const chain = []; let hit = false;
  while (n) { const u = n.callFrame.url; const short = u.replace(/.*\/(server|node_modules)\//, '$1/'); if (u.includes(pattern)) hit = true; if (hit && (u.includes('/server/') ) && !u.includes(pattern)) chain.push(`${n.callFrame.functionName||'(anon)'}@${short}:${n.callFrame.lineNumber}`); n = byId.get(parent.get(n.id)); }
  if (!hit) continue;
  const key = chain.slice(0, 4).join(' < ');
  agg.set(key, (agg.get(key) ?? 0) + t);
}
for (const [k, t] of [...agg].sort((a,b)=>b[1]-a[1]).slice(0, 25)) console.log((100*t/total).toFixed(2)+'%', k);
