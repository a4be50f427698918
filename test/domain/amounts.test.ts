import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { belowSmallestUnit, isAtLeastSmallestUnit, isZeroAmount } from '../../src/domain/transactions/amounts.js';

describe('amount checks on decimal strings', () => {
  it('knows zero in every spelling the pattern allows', () => {
    for (const zero of ['0', '0.', '.0', '+0', '000.000']) assert.equal(isZeroAmount(zero), true, zero);
    for (const other of ['1', '0.00000001', '+.5', '10']) assert.equal(isZeroAmount(other), false, other);
  });

  it('compares with the smallest unit exactly', () => {
    assert.equal(isAtLeastSmallestUnit('0.00000001', 8), true);
    assert.equal(isAtLeastSmallestUnit('0.000000009', 8), false);
    assert.equal(isAtLeastSmallestUnit('1.000000000', 8), true);
    assert.equal(isAtLeastSmallestUnit('.00000001', 8), true);
    assert.equal(belowSmallestUnit('BTC', '0.000000001'), 'amountBtc');
    assert.equal(belowSmallestUnit('DOGE', '0.000000001'), 'amountBtc');
    assert.equal(belowSmallestUnit('ETH', '0.0000000000001'), 'amountEth');
    assert.equal(belowSmallestUnit('VC_X', '0.0000000000001'), undefined);
  });
});
