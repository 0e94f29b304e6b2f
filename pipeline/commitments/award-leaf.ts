/** What an award leaf hashes: Poseidon(user_tag, noisy score, award, stones won in the draw). */
export function awardLeafRow(tag: bigint, noisy: bigint, award: bigint, drawWins: bigint): bigint[] {
  return [tag, noisy, award, drawWins];
}
