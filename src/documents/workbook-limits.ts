/** What an uploaded workbook may hold and cost to read; past any of these it is refused, the limit named. */
export const WORKBOOK_LIMITS = {
  /** The file as sent. */
  bytes: 4 * 1024 * 1024,
  /** Its parts once unpacked, as the file declares them: a small file can unpack to gigabytes. */
  unpackedBytes: 16 * 1024 * 1024,
  /** Rows with a value, both sheets together: a plan of 5,000 activities. */
  rows: 5_000,
  cells: 200_000,
  /** The time and memory the reader may spend, in its own thread. */
  seconds: 20,
  memoryMb: 512,
  /** Workbooks read at once; more wait for nothing and are refused. */
  parallel: 2,
} as const;
