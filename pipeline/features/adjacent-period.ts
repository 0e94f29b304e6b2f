const PERIOD_ID = /^(\d{4})-(\d{2})$/;

function monthIndex(id: string): number {
  const match = PERIOD_ID.exec(id);
  const month = Number(match?.[2]);
  if (!match || month < 1 || month > 12) throw new Error(`not a period id (YYYY-MM): ${id}`);
  return Number(match[1]) * 12 + month - 1;
}

function periodIdOf(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month before a period id ('2026-01' -> '2025-12'). Pure text: the verifier uses it with no database or time zone. */
export function previousPeriodId(id: string): string {
  return periodIdOf(monthIndex(id) - 1);
}

/** The month after a period id ('2026-12' -> '2027-01'). */
export function nextPeriodId(id: string): string {
  return periodIdOf(monthIndex(id) + 1);
}

/** How many months from `from` to `to` (0 for the same month, negative when `to` is earlier). */
export function monthsBetween(from: string, to: string): number {
  return monthIndex(to) - monthIndex(from);
}
