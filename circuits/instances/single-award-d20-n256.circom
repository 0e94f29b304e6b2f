pragma circom 2.1.0;

// Baseline of `stones bench prove --coins 256` (pairs with batch-award-b2-n256): one user per
// proof, a depth-20 Merkle path, 256 noise coins.
include "../single-award.circom";

component main {public [statement]} = SingleAward(20, 256);
