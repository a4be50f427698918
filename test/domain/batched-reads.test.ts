import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchedReads } from '../../src/domain/batched-reads.js';

// Reads gathered across concurrent requests: one statement per batch, each caller its own answer.

/** A reader over a fixed table that records every batch it is asked for; `gate` holds a batch back. */
function reader(options: { maxBatch?: number; maxInFlight?: number; fail?: (keys: string[]) => boolean } = {}) {
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  const reads = new BatchedReads<string, string>(
    async (keys) => {
      batches.push(keys);
      await new Promise<void>((resolve) => gates.push(resolve));
      if (options.fail?.(keys)) throw new Error('read failed');
      return new Map(keys.flatMap((key, i) => (key.startsWith('missing') ? [] : [[i, `row ${key}`] as const])));
    },
    (key) => key,
    options.maxBatch,
    options.maxInFlight,
  );
  const release = () => gates.splice(0).forEach((open) => open());
  return { reads, batches, release };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('batched reads', () => {
  it('answers the reads of one turn with one batch, each its own row, a key asked twice once', async () => {
    const { reads, batches, release } = reader();
    const answers = Promise.all(['a', 'b', 'missing', 'a'].map((key) => reads.read(key)));
    await turn();
    release();
    assert.deepEqual(await answers, ['row a', 'row b', undefined, 'row a']);
    assert.deepEqual(batches, [['a', 'b', 'missing']]);
  });

  it('gathers the keys asked while maxInFlight batches run into the next one', async () => {
    const { reads, batches, release } = reader({ maxInFlight: 1 });
    const first = reads.read('a');
    await turn();
    const later = [reads.read('b'), reads.read('c')];
    await turn();
    await turn();
    assert.deepEqual(batches, [['a']], 'nothing more is sent while one batch runs');
    release();
    assert.equal(await first, 'row a');
    await turn();
    release();
    assert.deepEqual(await Promise.all(later), ['row b', 'row c']);
    assert.deepEqual(batches, [['a'], ['b', 'c']]);
  });

  it('splits what is past maxBatch', async () => {
    const { reads, batches, release } = reader({ maxBatch: 2, maxInFlight: 4 });
    const answers = Promise.all(['a', 'b', 'c'].map((key) => reads.read(key)));
    await turn();
    release();
    await turn();
    release();
    assert.deepEqual(await answers, ['row a', 'row b', 'row c']);
    assert.deepEqual(batches, [['a', 'b'], ['c']]);
  });

  it('fails every read of a failed batch, and reads on afterwards', async () => {
    const { reads, release } = reader({ fail: (keys) => keys.includes('bad') });
    const failed = [reads.read('bad'), reads.read('a')];
    await turn();
    release();
    for (const read of failed) await assert.rejects(read, /read failed/);
    const next = reads.read('a');
    await turn();
    release();
    assert.equal(await next, 'row a');
  });
});
