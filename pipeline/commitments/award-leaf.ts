/** What an award leaf hashes: Poseidon(user_tag, noisy score, award). */
export function awardLeafRow(tag: bigint, noisy: bigint, award: bigint): bigint[] {
  return [tag, noisy, award];
}
