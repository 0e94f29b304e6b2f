pragma circom 2.1.0;

// Baseline of `stones bench prove` for the published formula: one user per proof, a depth-20
// Merkle path (2^20 users), 2048 noise coins.
include "../single-award.circom";

component main {public [statement]} = SingleAward(20, 2048);
