// The assets a ledger account may hold, as Tatum's CreateAccount documents them. Virtual currencies
// (the VC_ prefix) are accepted once they exist in the caller's ledger.

/** The chains' own coins: a withdrawal of one pays its chain fee out of the same balance. */
export const NATIVE_ASSETS: readonly string[] = [
  'ALGO',
  'BCH',
  'BNB',
  'BSC',
  'BTC',
  'CELO',
  'DOGE',
  'EGLD',
  'ETH',
  'FLOW',
  'KCS',
  'KLAY',
  'LTC',
  'MATIC',
  'ONE',
  'SOL',
  'TRON',
  'VET',
  'XDC',
  'XLM',
  'XRP',
];

/** Tokens and assets issued on a chain, whose fee is paid in the chain's coin. */
export const DIGITAL_ASSETS: readonly string[] = [
  'BADA',
  'BAT',
  'BBCH',
  'BBTC',
  'BDOT',
  'BETH',
  'BLTC',
  'BUSD',
  'BUSD_BSC',
  'BXRP',
  'CAKE',
  'FREE',
  'GMC',
  'LEO',
  'LINK',
  'MKR',
  'MMY',
  'PAX',
  'PAXG',
  'TUSD',
  'UNI',
  'USD_BSC',
  'USDC',
  'USDC_MATIC',
  'USDC_MATIC_NATIVE',
  'USDT',
  'USDT_TRON',
  'WBNB',
  'WBTC',
  'XCON',
];

/** UTXO coins: a withdrawal of one waits for the previous one (docs/decisions/0028-withdrawals.md). */
export const ONE_WITHDRAWAL_AT_A_TIME_ASSETS: readonly string[] = ['BTC', 'LTC', 'BCH', 'DOGE'];

export const LEDGER_ASSETS: ReadonlySet<string> = new Set([...NATIVE_ASSETS, ...DIGITAL_ASSETS]);
