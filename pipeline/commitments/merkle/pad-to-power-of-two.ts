/** The values followed by `pad` up to the next power of two (at least one element: [] becomes [pad]). */
export function padToPowerOfTwo(values: readonly bigint[], pad = 0n): bigint[] {
  let size = 1;
  while (size < values.length) size *= 2;
  const padded = values.slice();
  while (padded.length < size) padded.push(pad);
  return padded;
}
