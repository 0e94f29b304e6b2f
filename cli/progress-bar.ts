/** `[#########-----------]  12/25 proofs`: a text progress bar of `width` cells. */
export function progressBar(done: number, total: number, unit: string, width = 30): string {
  const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${unit}`;
}
