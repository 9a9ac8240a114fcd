export const DELIMITERS = [",", ";", "\t", "|"] as const;

/**
 * Picks the delimiter from the first records of a decoded sample, counting candidates outside quotes. The winner is
 * the candidate that appears the same number of times in most records, then the one appearing most. csv-parse's own
 * `delimiter_auto` is not used: it throws on samples holding non-ASCII text ("Müller").
 */
export function detectDelimiter(sample: string, maxRecords = 50): string {
  const counts = DELIMITERS.map(() => [] as number[]);
  let current = DELIMITERS.map(() => 0);
  let inQuotes = false;
  let records = 0;
  let recordHasText = false;
  for (let i = 0; i < sample.length && records < maxRecords; i++) {
    const ch = sample[i];
    if (ch === '"') {
      if (inQuotes && sample[i + 1] === '"') i++;
      else inQuotes = !inQuotes;
      recordHasText = true;
      continue;
    }
    if (inQuotes) continue;
    if (ch === "\n" || ch === "\r") {
      if (recordHasText) {
        current.forEach((c, k) => counts[k]?.push(c));
        records++;
      }
      current = DELIMITERS.map(() => 0);
      recordHasText = false;
      continue;
    }
    const k = (DELIMITERS as readonly string[]).indexOf(ch ?? "");
    if (k !== -1) current[k] = (current[k] ?? 0) + 1;
    recordHasText = true;
  }
  if (recordHasText && records < maxRecords) current.forEach((c, k) => counts[k]?.push(c));

  let best: { delimiter: string; consistency: number; mode: number } = { delimiter: ",", consistency: 0, mode: 0 };
  DELIMITERS.forEach((delimiter, k) => {
    const list = counts[k] ?? [];
    const { mode, share } = modeOf(list);
    if (mode === 0) return;
    if (share > best.consistency + 1e-9 || (Math.abs(share - best.consistency) < 1e-9 && mode > best.mode)) {
      best = { delimiter, consistency: share, mode };
    }
  });
  return best.delimiter;
}

/** The most frequent non-zero count and the share of records that have it. */
function modeOf(list: readonly number[]): { mode: number; share: number } {
  const freq = new Map<number, number>();
  for (const c of list) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
  let mode = 0;
  let n = 0;
  for (const [c, f] of freq) if (f > n || (f === n && c > mode)) [mode, n] = [c, f];
  return { mode, share: list.length === 0 ? 0 : n / list.length };
}
