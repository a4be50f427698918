import { insideUnitOfWork, outsideUnitOfWork } from '../../storage/ambient-transaction.js';
import { DatabaseUnavailableError, type Database } from '../../storage/database.js';
import { payGroup, type PaymentRules, type PaymentUnit, type UnitAnswer } from '../balances/payments.repository.js';
import { settledReferences } from './payment.js';

// Payments that arrive together are applied together (docs/decisions/0046-payments-in-one-call.md):
// one statement, one transaction and one commit for the group, and for a hot account one lock taken
// once for all of its payments in the group. Each unit is still judged on its own, in arrival order,
// against what the units before it left: its answer is the one it would have had alone, sent at that
// moment. The group forms while the ones before it run; nothing waits for a group to fill.

export interface PaymentGroupOptions {
  /** Units in one group at most. */
  maxUnits: number;
  /**
   * Payments in one group at most, counting every item of a batch request; a unit with more (a batch
   * request of up to 500) goes in a group of its own.
   */
  maxItems: number;
  /** Groups running at once; more wait, gathering into the next group, until one finishes. */
  maxRunning: number;
  /** A unit waits for a running group to finish at most this long, then goes in a group of its own. */
  maxWaitMs: number;
}

/**
 * One group running at a time, the next gathering meanwhile: on PostgreSQL too, where the benchmark's
 * payments went fastest so (docs/decisions/0046-payments-in-one-call.md); a group that runs long lets
 * the next one start after maxWaitMs all the same.
 */
export const PAYMENT_GROUP_DEFAULTS: PaymentGroupOptions = { maxUnits: 64, maxItems: 256, maxRunning: 1, maxWaitMs: 2 };

interface Waiting {
  unit: PaymentUnit;
  settle: (answer: UnitAnswer) => void;
  fail: (error: unknown) => void;
}

/** The counts /metrics and the tests read. */
export interface PaymentGroupStats {
  groups: number;
  units: number;
}

export class PaymentGroups {
  readonly #queue: Waiting[] = [];
  #running = 0;
  #scheduled = false;
  #timer: NodeJS.Timeout | undefined;
  readonly stats: PaymentGroupStats = { groups: 0, units: 0 };

  constructor(
    /** The services' handle: inside an Idempotency-Key's unit of work, a payment joins its transaction. */
    private readonly db: Database,
    private readonly rules: PaymentRules,
    private readonly options: PaymentGroupOptions,
  ) {}

  /**
   * Applies the unit and answers its references, in item order, or throws its refusal
   * (settledReferences). A keyed request's unit runs alone, inside that request's unit of work, so that
   * its key, its payment and its answer commit together; every other unit joins a group.
   */
  async pay(unit: PaymentUnit): Promise<string[]> {
    const answer = insideUnitOfWork()
      ? (await payGroup(this.db, [unit], this.rules))[0]!
      : await new Promise<UnitAnswer>((settle, fail) => {
          this.#queue.push({ unit, settle, fail });
          this.#schedule();
        });
    return settledReferences(unit, answer);
  }

  #schedule(): void {
    if (this.#running < this.options.maxRunning) {
      // The units that arrive in this turn of the event loop go together.
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#drain(false);
        });
      }
    } else {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#drain(true);
      }, this.options.maxWaitMs);
    }
  }

  /** Starts groups while there is room, or, when `waitedEnough`, one group beyond it. */
  #drain(waitedEnough: boolean): void {
    let beyond = waitedEnough;
    while (this.#queue.length > 0 && (this.#running < this.options.maxRunning || beyond)) {
      beyond = false;
      const group = this.#nextGroup();
      this.#running++;
      // What the group runs belongs to no request: never to the unit of work of whichever came first.
      void outsideUnitOfWork(() => this.#run(group)).finally(() => {
        this.#running--;
        if (this.#queue.length > 0) this.#drain(false);
      });
    }
    if (this.#queue.length === 0 && this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    } else if (this.#queue.length > 0) {
      this.#schedule();
    }
  }

  /** The units at the head of the queue, as many as the bounds let into one group, and at least one. */
  #nextGroup(): Waiting[] {
    let units = 1;
    let items = this.#queue[0]!.unit.items.length;
    while (units < this.#queue.length && units < this.options.maxUnits) {
      items += this.#queue[units]!.unit.items.length;
      if (items > this.options.maxItems) break;
      units++;
    }
    return this.#queue.splice(0, units);
  }

  async #run(group: Waiting[]): Promise<void> {
    this.stats.groups++;
    this.stats.units += group.length;
    try {
      const answers = await payGroup(
        this.db,
        group.map((waiting) => waiting.unit),
        this.rules,
      );
      group.forEach((waiting, index) => waiting.settle(answers[index]!));
    } catch (error) {
      if (group.length === 1 || error instanceof DatabaseUnavailableError) {
        for (const waiting of group) waiting.fail(error);
        return;
      }
      // A statement that failed for the group (not a refusal: those are answers) is tried again for
      // each unit alone, so that what went wrong reaches only the unit it belongs to.
      await Promise.all(group.map((waiting) => this.#run([waiting])));
    }
  }
}
