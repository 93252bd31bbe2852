import assert from 'node:assert/strict';
import { AlertEngine, readRulesFile } from '../../../../core/alerts';
import { v } from './records';

/** mulberry32: a small seeded generator, so a failing run can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function engineFor(rule: object): AlertEngine {
  const file = readRulesFile(JSON.stringify({ rules: [rule] }));
  assert.deepEqual(file.problems, []);
  return new AlertEngine(file.rules!);
}

describe('core/alerts engine: jitter inside the hysteresis band (property, 300 seeds)', () => {
  for (const direction of ['below', 'above'] as const) {
    it(`${direction}: at most one alert per crossing, exactly one for each excursion past the limit after clearing`, () => {
      for (let seed = 1; seed <= 300; seed++) {
        const rnd = random(seed * 7919 + (direction === 'below' ? 0 : 1));
        // Soc: limit 20, clear 25 (below) or limit 80, clear 75 (above); jitter crosses the limit both ways inside the band.
        const [limit, clear] = direction === 'below' ? [20, 25] : [80, 75];
        const sign = direction === 'below' ? 1 : -1;
        const rule =
          direction === 'below' ? { name: 'r', field: 'Soc', below: limit, clearAbove: clear } : { name: 'r', field: 'Soc', above: limit, clearBelow: clear };
        const e = engineFor(rule);
        let t = 0;
        let expected = 0;
        let armed = true;
        let fired = 0;
        const segments = 2 + Math.floor(rnd() * 8);
        for (let s = 0; s < segments; s++) {
          const inBand = s % 2 === seed % 2;
          const n = 1 + Math.floor(rnd() * 40);
          for (let i = 0; i < n; i++) {
            // In the band: from 3 past the limit to just short of clearing; outside: past the clear level.
            const raw = inBand ? limit - sign * 3 + sign * rnd() * (Math.abs(clear - limit) + 2.99) : clear + sign * (0.01 + rnd() * 30);
            const value = Math.round(raw * 100) / 100;
            const past = sign * (limit - value) > 0;
            if (armed && past) {
              expected++;
              armed = false;
            } else if (!armed && sign * (value - clear) > 0) armed = true;
            // Each value twice (a resend with the same time) and a duplicate must not add an alert.
            const rec = v(t++, { Soc: value });
            fired += e.process(rec).length + e.process(rec).length;
          }
          if (inBand) assert.ok(fired <= expected, `seed ${seed}: more alerts than crossings`);
        }
        assert.equal(fired, expected, `seed ${seed}`);
      }
    });
  }
});
