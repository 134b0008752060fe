import fs from 'node:fs';
const text = fs.readFileSync(process.argv[2], 'utf8');
const samples = text.split('\n\n').map(s => s.trim().split('\n').slice(1).map(l => l.trim().replace(/^[0-9a-f]+\s+/, ''))).filter(s => s.length);
const anchors = process.argv.slice(3);
const total = samples.length;
const excl = new Map();
for (const a of anchors) {
  const n = samples.filter(f => f.some(x => x.includes(a))).length;
  console.log((100*n/total).toFixed(1).padStart(6)+'%', a);
}
// exclusive attribution: first anchor (in list order) present in stack
for (const f of samples) { const a = anchors.find(a => f.some(x => x.includes(a))) ?? 'rest'; excl.set(a, (excl.get(a) ?? 0) + 1); }
console.log('--- exclusive (first listed anchor wins)');
for (const [k, n] of [...excl].sort((a,b)=>b[1]-a[1])) console.log((100*n/total).toFixed(1).padStart(6)+'%', k);
