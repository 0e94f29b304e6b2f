pragma circom 2.1.0;

// Instance: the published formula: 8 users per batch, 2048 noise coins (16 Poseidon hashes per user).
include "../batch-award.circom";

component main {public [statement]} = BatchAward(8, 2048);
