import { Inflate } from 'fflate';
import { deflatedZeros, npyHeader } from './zip-bombs';
const d = deflatedZeros(npyHeader('|u1', [60_000_000]), 60_000_000);
for (let i = 0; i < 5; i++) {
  let n = 0;
  const t = performance.now();
  const s = new Inflate((c) => { n += c.length; });
  s.push(d.compressed.subarray(0, 256), false);
  const t1 = performance.now();
  s.push(d.compressed.subarray(256, 512), false);
  console.log(n, (t1 - t).toFixed(1), (performance.now() - t1).toFixed(1));
}
