// Where an import stands, as it is recorded with every page it writes (migration 014): the stage under
// way and its position in it. Stages run in this order, each needing the ones before it: accounts name
// customers, currencies and trades name accounts, records name accounts.

export const STAGES = [
  'customers',
  'accounts',
  'currencies',
  'trades',
  'transactions',
  'withdrawals',
  'deposits',
  'subscriptions',
  'done',
] as const;
export type Stage = (typeof STAGES)[number];

export interface ImportState {
  stage: Stage;
  /** The next offset (or page, for deposits) to read in the stage. */
  offset: number;
  /** Within the stage: which list (withdrawal status, trade side) is being read. */
  part: number;
  /** The transactions this run reads: created within [from, to], UTC milliseconds. */
  window: { from: number | null; to: number };
  /**
   * The transactions stage reads the window a slice of time at a time: `slice` is the one being read
   * (at `offset`), or null between slices, when `next` is where the next one starts; `span` is the
   * slice's length, kept so that a slice holds a few thousand records.
   */
  slice: { from: number; to: number } | null;
  next: number | null;
  span: number;
  /** Items written, per stage. */
  counts: Partial<Record<Stage, number>>;
  /** What was left out because its id is another ledger's, or it names such a row: the first hundred. */
  leftOut: string[];
  leftOutCount: number;
}

export const LEFT_OUT_KEPT = 100;

export function freshState(window: ImportState['window']): ImportState {
  return {
    stage: STAGES[0],
    offset: 0,
    part: 0,
    window,
    slice: null,
    next: null,
    span: 0,
    counts: {},
    leftOut: [],
    leftOutCount: 0,
  };
}

export function nextStage(state: ImportState): ImportState {
  const stage = STAGES[STAGES.indexOf(state.stage) + 1] ?? 'done';
  return { ...state, stage, offset: 0, part: 0 };
}

export function counted(state: ImportState, written: number, leftOut: readonly string[] = []): ImportState {
  return {
    ...state,
    counts: { ...state.counts, [state.stage]: (state.counts[state.stage] ?? 0) + written },
    leftOut: [...state.leftOut, ...leftOut].slice(0, LEFT_OUT_KEPT),
    leftOutCount: state.leftOutCount + leftOut.length,
  };
}
