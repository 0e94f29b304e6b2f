import type { ReceiptDraw } from '../pipeline/verification/index.js';

/**
 * The owner's draw, as `stones verify-receipt` shows it under its OK line: what they spent and
 * the entries it bought, their chance of at least one stone and the stones they could expect,
 * the draw's random numbers (recomputed from the beacon), and what they won.
 */
export function formatReceiptDraw(draw: ReceiptDraw): string {
  const lines =
    draw.stones === '0'
      ? ['  draw: the formula offers no stones this period']
      : [
          `  draw: ${draw.crystalsSpent} crystals spent, ${draw.entries} entries (weight ${draw.weight} of W ${draw.total})`,
          `  draw: chance of at least one stone ${draw.chance}, expected stones ${draw.expectedStones} (of ${draw.stones} offered)`,
          `  draw: u ${draw.random}, U ${draw.offset} (from the beacon); ${draw.stonesWon} stones won in all`,
          `  draw: stones won ${draw.wins} (floor or ceil of the expected stones; the batch proof shows it follows the rule)`,
        ];
  return `${lines.join('\n')}\n`;
}
