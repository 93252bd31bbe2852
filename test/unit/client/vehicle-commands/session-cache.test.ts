import assert from 'node:assert/strict';
import { MementoSessionStore, SESSION_CACHE_KEY, type MementoLike } from '../../../../client/vehicle-commands/session-cache';

class Memento implements MementoLike {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return structuredClone(this.data.get(key)) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.data.set(key, structuredClone(value));
  }
}

describe('client/vehicle-commands session cache (globalState)', () => {
  it('saves and loads per VIN and domain; a second store on the same memento (a new window) sees them', async () => {
    const m = new Memento();
    const a = new MementoSessionStore(m);
    await a.save({ vin: 'V1', domain: 2, sessionInfo: 'AAA=', receivedAt: 1 });
    await a.save({ vin: 'V1', domain: 3, sessionInfo: 'BBB=', receivedAt: 2 });
    const b = new MementoSessionStore(m);
    assert.deepEqual(await b.load('V1', 2), { vin: 'V1', domain: 2, sessionInfo: 'AAA=', receivedAt: 1 });
    assert.equal((await b.load('V1', 3))?.sessionInfo, 'BBB=');
    assert.equal(await b.load('V2', 2), undefined);
    await b.delete('V1', 2);
    assert.equal(await a.load('V1', 2), undefined);
    assert.equal((await a.load('V1', 3))?.sessionInfo, 'BBB=');
  });

  it('stores only the documented fields (nothing extra reaches globalState)', async () => {
    const m = new Memento();
    const s = new MementoSessionStore(m);
    await s.save({ vin: 'V1', domain: 2, sessionInfo: 'AAA=', receivedAt: 1, privateKey: 'secret' } as never);
    assert.doesNotMatch(JSON.stringify(m.data.get(SESSION_CACHE_KEY)), /secret|privateKey/);
  });

  it('concurrent saves do not lose each other', async () => {
    const m = new Memento();
    const s = new MementoSessionStore(m);
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.save({ vin: `V${i}`, domain: 2, sessionInfo: 'A', receivedAt: i })));
    for (let i = 0; i < 20; i++) assert.equal((await s.load(`V${i}`, 2))?.receivedAt, i);
  });

  it('ignores malformed entries and clears everything after a key change', async () => {
    const m = new Memento();
    m.data.set(SESSION_CACHE_KEY, { 'V1/2': { vin: 'V1', domain: 9, sessionInfo: 1 }, 'V2/3': { vin: 'V2', domain: 3, sessionInfo: 'C', receivedAt: 5 } });
    const s = new MementoSessionStore(m);
    assert.equal(await s.load('V1', 2), undefined);
    assert.equal((await s.load('V2', 3))?.receivedAt, 5);
    await s.clear();
    assert.equal(await s.load('V2', 3), undefined);
  });
});
