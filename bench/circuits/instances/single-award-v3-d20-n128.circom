pragma circom 2.1.0;

// Baseline of `npm run bench -- prove` for formula version 3: one owner per proof, a depth-20
// Merkle path (2^20 owners), 128 noise coins, the owner's share of the period's draw.
include "../single-award.circom";

component main {public [statement]} = SingleAward(20, 128);
