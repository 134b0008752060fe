import fs from 'node:fs';
const text = fs.readFileSync(process.argv[2], 'utf8');
const samples = text.split('\n\n').map(s => s.trim().split('\n')).filter(s => s.length > 1 || (s[0] && s[0].trim()));
const [anchor, ...rest] = process.argv.slice(3);
const agg = new Map(); let total = 0, hit = 0;
for (const s of samples) {
  total++;
  const frames = s.slice(1).map(l => l.trim().replace(/^[0-9a-f]+\s+/, ''));
  const idx = frames.findIndex(f => f.includes(anchor));
  if (idx < 0) continue;
  hit++;
  // leaf category: first frame classification below anchor
  const below = frames.slice(0, idx);
  let cat = 'self';
  for (const k of rest) if (below.some(f => f.includes(k))) { cat = k; break; }
  if (cat === 'self' && below.length) cat = 'other:' + below[below.length-1].slice(0,60);
  agg.set(cat, (agg.get(cat) ?? 0) + 1);
}
console.log(`${anchor}: ${(100*hit/total).toFixed(1)}% of ${total}`);
for (const [k, n] of [...agg].sort((a,b)=>b[1]-a[1]).slice(0, 15)) console.log('  ', (100*n/total).toFixed(2)+'%', k);
